"""Reporters: text, JSON, SARIF, GitHub annotations, JUnit."""
