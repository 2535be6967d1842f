"""Operating faqbot: health and metrics over HTTP, several workers acting as one (README, "Operating faqbot")."""

__all__: list[str] = []
