"""Benchmarks at district scale: `python -m bench` (or `make bench`)."""
