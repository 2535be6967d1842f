"""A fake Telegram Bot API (aiohttp on 127.0.0.1) that rejects what Telegram rejects, and update payloads."""
