"""Maintainer tools (not installed): evaluation, benchmarks, word-list builder."""
