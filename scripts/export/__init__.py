"""The batch export: lint gate, rendering, sanitizing, the atomic site swap."""
