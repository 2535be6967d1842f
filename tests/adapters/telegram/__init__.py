"""Telegram adapter tests: a fake Bot API server and end-to-end runs of the real Application."""
