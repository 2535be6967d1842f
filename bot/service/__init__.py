"""What runs the bot: the service façade adapters call, settings, reload, rate limits, logs, the platform supervisor."""

__all__: list[str] = []
