"""Evaluation harness: one module per task, reading public data from ../shared/data."""
