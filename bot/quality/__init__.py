"""Answer quality for maintainers: the eval harness and the report on unanswered questions."""

__all__: list[str] = []
