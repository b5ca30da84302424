"""Training takediff's models (needs the ``train`` extra: torch, transformers)."""
