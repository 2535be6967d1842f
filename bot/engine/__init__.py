"""The answering engine: the Answerer, its matchers (lexical, semantic), text handling and small talk."""

__all__: list[str] = []
