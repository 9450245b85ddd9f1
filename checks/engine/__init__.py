"""Running checks on a Document: the check registry, suppressions, the lint API."""
