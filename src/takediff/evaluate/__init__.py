"""Evaluations over the public data in ../shared/data: each prints the table its authors use."""
