"""Structure extraction: HTML and raw text."""
