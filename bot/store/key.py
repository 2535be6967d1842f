"""The key for hashing user and chat ids: from ``FAQBOT_HASH_KEY``, or a 0600 key file beside the data.

It never lives in the store: whoever holds a copy of the database alone cannot test guessed ids
against the hashes (with the key inside, every 10-digit Telegram id could be tried in hours).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from pathlib import Path

from bot.store.base import StoreError

__all__ = ["KEY_ENV", "MIN_KEY_CHARS", "key_file_for", "load_or_create_key"]

log = logging.getLogger("faqbot.store")

KEY_ENV = "FAQBOT_HASH_KEY"
MIN_KEY_CHARS = 16


def key_file_for(data: Path) -> Path:
    """The default key file of a SQLite store: ``faqbot.sqlite3`` → ``faqbot.key`` in the same folder."""
    return data.with_suffix(".key")


def load_or_create_key(path: Path, adopt: str | None = None) -> tuple[str, bool]:
    """The key in ``path``, creating the file (mode 0600) when missing; True when it was created now.

    ``adopt`` becomes the new file's key (an old store's salt, so its hashes stay comparable);
    otherwise a random 256-bit key. Two processes creating the file at once agree on one key.
    """
    try:
        return _read(path), False
    except FileNotFoundError:
        pass
    key = adopt or secrets.token_hex(32)
    # Written to a private temporary file, then linked into place: the link is atomic and fails when
    # the name exists, so a racing process never reads a half-written (empty) key file.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(key + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, path)
    except FileExistsError:
        return _read(path), False  # another process won the race: use its key
    except OSError as exc:
        raise StoreError(f"cannot create the hash key file {path}: {exc.strerror or exc}; "
                         f"set {KEY_ENV} or make the folder writable") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return key, True


def _read(path: Path) -> str:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        try:
            path.chmod(0o600)
            log.warning("the hash key file %s was readable by others; its mode is now 0600", path)
        except OSError:
            log.warning("the hash key file %s is readable by others (mode %o); make it 0600", path, mode & 0o777)
    try:
        key = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise StoreError(f"cannot read the hash key file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:  # never quote the bytes: they are the secret
        raise StoreError(f"the hash key file {path} is not ASCII text; move it away (a new key is created) "
                         "or put a random key in it") from None
    if len(key) < MIN_KEY_CHARS:
        raise StoreError(f"the hash key file {path} holds fewer than {MIN_KEY_CHARS} characters; "
                         "move it away (a new key is created) or put a random key in it")
    return key
