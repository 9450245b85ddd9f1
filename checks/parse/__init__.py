"""The parsed Document: front matter, blocks, sections, prose with source positions."""
