"""``faqbot store backup PATH`` and ``faqbot store prune``: looking after the store from the command line."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from bot.service.settings import OpsSettings
from bot.store import is_postgres, open_store
from bot.store.key import KEY_ENV, key_file_for

__all__ = ["cmd_store_backup", "cmd_store_prune", "register"]


def register(subparsers: Any) -> None:
    """Add ``store`` to the ``faqbot`` command (entry point group ``faqbot.commands``)."""
    p = subparsers.add_parser("store", help="back up or prune the store (FAQBOT_DATA)")
    sub = p.add_subparsers(dest="store_command", required=True)
    b = sub.add_parser("backup", help="copy the store to a new file (SQLite online backup; safe while the bot runs)")
    b.add_argument("path", type=Path, help="the new backup file")
    b.set_defaults(func=cmd_store_backup)
    r = sub.add_parser("prune", help="delete replies and votes older than N days now")
    r.add_argument("--days", type=float, help="default: FAQBOT_RETENTION_DAYS")
    r.set_defaults(func=cmd_store_prune)


def cmd_store_backup(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Back up a SQLite store with the online backup API; for PostgreSQL, say how to with pg_dump."""
    from bot.store.postgres import redacted
    from bot.store.sqlite import backup

    ops = OpsSettings.from_env(env)
    if is_postgres(ops.data):
        print("FAQBOT_DATA is a PostgreSQL database: back it up with PostgreSQL's own tool, e.g.\n"
              f"  pg_dump --format=custom --file {args.path} 'postgresql://{redacted(ops.data)}'\n"
              "(the password from PGPASSWORD or ~/.pgpass), and restore with pg_restore.")
        return 1
    source = Path(ops.data).expanduser()
    started = time.perf_counter()
    replies, votes = backup(source, args.path)
    size = args.path.stat().st_size
    key_file = Path(ops.hash_key_file).expanduser() if ops.hash_key_file else key_file_for(source)
    key = KEY_ENV if ops.hash_key else str(key_file)
    print(f"Backed up {source} to {args.path}: {replies} replies, {votes} votes, {size / 1024:.0f} KiB "
          f"in {time.perf_counter() - started:.2f} s.\n"
          f"The hash key is not in the backup (by design): keep {key} safe, apart from it.")
    return 0


def cmd_store_prune(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Delete rows older than ``--days`` (else FAQBOT_RETENTION_DAYS) now."""
    ops = OpsSettings.from_env(env)
    days = args.days if args.days is not None else ops.retention_days
    if not days or days <= 0:
        print("Nothing to prune: give --days N or set FAQBOT_RETENTION_DAYS.")
        return 2
    store = open_store(ops.data, ops.hash_key, key_file=ops.hash_key_file, need_key=False)
    try:
        if not store.enabled:
            return 2  # the store's warning said why
        count = store.prune(time.time() - days * 86400)
    finally:
        store.close()
    print(f"Pruned {count} row(s) older than {days:g} days.")
    return 0
