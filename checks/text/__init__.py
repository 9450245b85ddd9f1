"""Text helpers with no project imports: negation scopes, syllables."""
