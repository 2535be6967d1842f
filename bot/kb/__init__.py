"""The knowledge base: its model, the loader, lint and importers."""

__all__: list[str] = []
