"""healthlint checks: the lint engine and every check for health articles in Markdown."""

__version__ = "0.1.0"
