"""The bottom layer: findings, severities, the rule registry, option declarations."""
