"""Benchmarks that print the README's speed tables: run each as ``python -m bench.NAME``."""
