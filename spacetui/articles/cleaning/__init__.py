"""Cleaning an article's text, one module per stage."""
