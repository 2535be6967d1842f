"""The shipped knowledge base: its YAML files are package data (found with importlib.resources)."""
