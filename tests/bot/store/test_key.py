"""The hash key file: created once with mode 0600, shared by processes racing to create it, never quoted."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from bot.store import StoreError
from bot.store.key import key_file_for, load_or_create_key


def test_created_once_0600_and_read_back(tmp_path: Path) -> None:
    path = key_file_for(tmp_path / "faqbot.sqlite3")
    assert path == tmp_path / "faqbot.key"
    key, created = load_or_create_key(path)
    assert created and len(key) == 64 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == (key, False)


def test_processes_racing_to_create_it_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "faqbot.key"
    keys: list[str] = []
    barrier = threading.Barrier(8)

    def create() -> None:
        barrier.wait()
        keys.append(load_or_create_key(path)[0])

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1 and len(keys) == 8


@pytest.mark.parametrize("content", [b"short", b"\xff\xfe" + b"k" * 30])
def test_a_bad_key_file_is_a_clear_error_that_never_quotes_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "faqbot.key"
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(StoreError, match="move it away") as caught:
        load_or_create_key(path)
    assert "kkkk" not in str(caught.value) and "xff" not in str(caught.value)
