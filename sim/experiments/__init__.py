"""Reproducible experiments: the article's policy questions, one command each."""
