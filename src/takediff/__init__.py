"""takediff: a diff for what people say happened."""
