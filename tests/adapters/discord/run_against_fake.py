"""``faqbot run`` in a child process, with discord.py pointed at the fake Discord given on the command line."""

from __future__ import annotations

import sys
import warnings

import yarl

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # discord.py's audioop import
    import discord

from bot.cli import main

if __name__ == "__main__":
    api, gateway, *argv = sys.argv[1:]
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    sys.exit(main(["run", *argv]))
