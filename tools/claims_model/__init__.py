"""Training data for the claims model (HL512): see README.md in this folder."""
