"""Hot reload: hold the serving Answerer, rebuild it when the KB files change, swap only a valid one."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot import messages
from bot.engine.answerer import Answerer
from bot.kb.loader import KBError, kb_files

__all__ = ["ReloadResult", "Reloader"]

log = logging.getLogger("faqbot.reload")

Snapshot = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class ReloadResult:
    """The outcome of a reload: whether the new KB serves now, and a message for the admin."""

    ok: bool
    message: str


def _snapshot(path: Path) -> Snapshot:
    """Name, mtime and size of the KB files (and the folder, so added or removed files count)."""
    items: list[tuple[str, int, int]] = []
    try:
        targets = [path, *kb_files(path)] if path.is_dir() else [path]
        for file in targets:
            stat = file.stat()
            items.append((str(file), stat.st_mtime_ns, stat.st_size))
    except OSError:
        items.append((str(path), -1, -1))  # missing for now: a change like any other, reported on rebuild
    return tuple(items)


class Reloader:
    """The current Answerer for a KB path; call it to get the Answerer serving now.

    ``build`` loads and validates the KB at a path and raises ``KBError`` when it is invalid; the old
    Answerer keeps serving until a build succeeds. ``start`` polls the files' modification times in a
    daemon thread every ``interval`` seconds (no new dependency, works on every file system).
    """

    def __init__(self, path: str | Path, build: Callable[[Path], Answerer], *, initial: Answerer | None = None,
                 interval: float = 3.0) -> None:
        self.path = Path(path)
        self.build = build
        self.interval = interval
        self._lock = threading.Lock()  # one rebuild at a time (poller and /reload may race)
        self._seen = _snapshot(self.path)
        self._answerer = initial if initial is not None else build(self.path)
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self) -> Answerer:
        """The Answerer serving now."""
        return self._answerer

    @property
    def current(self) -> Answerer:
        """The Answerer serving now."""
        return self._answerer

    def reload(self) -> ReloadResult:
        """Rebuild from the files now; on success swap, on failure keep the old KB and say why."""
        with self._lock:
            snapshot = _snapshot(self.path)
            result = self._rebuild()
            self._seen = snapshot
            return result

    def check(self) -> ReloadResult | None:
        """Reload when the files changed since the last look; None when nothing changed."""
        snapshot = _snapshot(self.path)
        if snapshot == self._seen:
            return None
        with self._lock:
            # Take the snapshot before reading, so an edit landing during the build is seen next time.
            snapshot = _snapshot(self.path)
            if snapshot == self._seen:
                return None
            self._seen = snapshot
            return self._rebuild()

    def _rebuild(self) -> ReloadResult:
        try:
            answerer = self.build(self.path)
        except KBError as exc:
            self.last_error = str(exc)
            log.error("KB reload failed; still serving the previous KB. %s", exc)
            # A summary fits one chat message however many problems there are; `faqbot check` lists them.
            return ReloadResult(False, messages.text("reload.failed", error=exc.summary()))
        except (OSError, ValueError) as exc:
            self.last_error = str(exc)
            log.error("KB reload failed; still serving the previous KB: %s", exc)
            return ReloadResult(False, messages.text("reload.failed", error=exc))
        old = self._answerer
        self._answerer = answerer  # one reference assignment: readers see the old or the new, never a mix
        self.last_error = None
        kb = answerer.kb
        same = bool(kb.fingerprint) and kb.fingerprint == old.kb.fingerprint
        message = messages.text("reload.unchanged" if same else "reload.done", topics=len(kb.topics), entries=len(kb))
        log.info(message)
        return ReloadResult(True, message)

    # --- the poller ---------------------------------------------------------------------
    def start(self) -> None:
        """Poll for changes in a daemon thread (no-op when ``interval`` is 0 or already running)."""
        if self.interval <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._poll, name="faqbot-kb-reload", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and wait for the thread to finish."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=max(self.interval, 1.0) + 30)
            self._thread = None

    def _poll(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception:
                log.exception("KB reload crashed; still serving the previous KB")
