"""healthlint commands: the CLI, reporters and the HTML exporter."""
