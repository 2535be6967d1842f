"""The composition root: settings read once, then the engine, store, reloader and service built once.

Nothing else in ``bot/`` builds these: the CLI parses arguments and calls in here, adapters get
the finished ``FaqService`` through their constructor.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.answerer import Answerer
from bot.engine.build import build_matcher, default_thresholds, load_models  # light: models load when called
from bot.kb.loader import load_kb
from bot.kb.model import KnowledgeBase
from bot.service.facade import CONSOLE_USER, FaqService
from bot.service.reload import Reloader
from bot.service.settings import OpsSettings, Settings, read_thresholds
from bot.store import open_store

__all__ = ["App", "AppSettings", "EngineBuilder", "build_app", "build_engine", "engine_builder"]

#: Builds the answering core for one KB; the heavy parts (a model) are loaded once, before.
EngineBuilder = Callable[[KnowledgeBase], Answerer]


@dataclass(frozen=True)
class AppSettings:
    """Every core setting, read once from the environment (and ``.env``) plus the command line.

    ``env`` is kept for the adapters: each platform owns, reads and validates its own settings.
    ``matcher`` is ``auto``/``engine``, ``lexical`` or ``semantic``; ``announce`` says on stderr which one answers.
    """

    core: Settings
    ops: OpsSettings
    matcher: str = "lexical"
    announce: bool = False
    env: Mapping[str, str] = field(default_factory=dict, repr=False)  # holds secrets: never printed

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, kb: str | None = None, matcher: str | None = None,
                 matching: bool = True) -> AppSettings:
        """Read the settings; ``kb``/``matcher`` come from the command line and win over the environment.

        ``matching`` is False for commands that never match a question (check, report): they stay
        lexical (cheap) and quiet whatever ``FAQBOT_MATCHER`` says.
        """
        core = Settings.from_env(env, kb=kb)
        choice = (matcher or core.matcher) if matching else "lexical"
        return cls(core=core, ops=OpsSettings.from_env(env), matcher=choice, announce=matching, env=dict(env))

    @property
    def kb_path(self) -> Path:
        """The KB folder or file to serve."""
        return self.core.kb_path


def engine_builder(settings: AppSettings, *, lazy: bool = False) -> EngineBuilder:
    """The one place that decides how questions are matched: which matcher, with which thresholds.

    ``auto``/``engine`` is the whole engine (lexical evidence, the English and the multilingual sentence
    models), ``lexical`` the light mode, ``semantic`` the English model alone. The models are loaded
    here, once; the returned builder only embeds the texts of each KB that are not cached yet, so a KB
    reload reuses the models and re-embeds only what changed. The choice is announced on stderr
    (once), so ``--json`` output stays clean. ``lazy``: each sentence tier is built when a question
    first needs it, for a one-shot command that answers a few questions (bot/engine/lazy.py).
    """
    core = settings.core
    models = load_models(settings.matcher, core.embed_model, core.cache_dir)
    if settings.announce:
        print(f"faqbot: matcher {models.choice}", file=sys.stderr)
    thresholds = read_thresholds(settings.env, default_thresholds(models))
    return lambda kb: Answerer(kb, matcher=build_matcher(kb, models, lazy=lazy), thresholds=thresholds,
                               detector=models.detector)


def build_engine(settings: AppSettings, kb: KnowledgeBase | None = None, *, lazy: bool = False) -> Answerer:
    """The answering core for ``kb`` (default: the KB the settings name), for one-shot commands (``lazy``: above)."""
    return engine_builder(settings, lazy=lazy)(kb if kb is not None else load_kb(settings.kb_path))


@dataclass
class App:
    """What a running bot is made of; ``close`` stops the reloader and flushes the store."""

    settings: AppSettings
    service: FaqService
    reloader: Reloader

    def close(self) -> None:
        """Stop and flush everything (idempotent)."""
        self.service.close()


def build_app(settings: AppSettings, *, watch: bool = True) -> App:
    """The service a running bot needs: the KB with hot reload, the store, the rate limit, the admins.

    The local console user (``console:local``, the person at the terminal, who can edit the KB files
    anyway) may use ``/reload`` and ``/stats`` and is never rate-limited.
    """
    from bot.ops.cluster import Cluster  # redis and prometheus_client: only for a running bot
    from bot.ops.metrics import MetricsObserver
    from bot.ops.runtime import make_limiter, make_reloader

    ops = settings.ops
    # The store first: a wrong FAQBOT_DATA (PostgreSQL) or a missing FAQBOT_HASH_KEY fails before a model loads.
    store = open_store(ops.data, ops.hash_key, key_file=ops.hash_key_file, retention_days=ops.retention_days)
    try:
        build = engine_builder(settings)
        cluster = Cluster.from_env(settings.env)  # FAQBOT_REDIS_URL: several workers as one bot (bot/ops/cluster.py)
        reloader = make_reloader(cluster, settings.kb_path, lambda path: build(load_kb(path)),
                                 interval=ops.reload_seconds)
    except BaseException:
        store.close()  # a broken KB: nothing was recorded, release the file
        raise
    service = FaqService(  # the reloader is the answerer source: the service reloads through it too
        reloader, limiter=make_limiter(cluster, ops.rate_limit), admins=ops.admins | {CONSOLE_USER.key},
        unlimited=frozenset({CONSOLE_USER.key}), store=store, store_text=ops.store_text,
        observer=MetricsObserver(reloader), cluster=cluster,
    )
    if watch:
        reloader.start()
    return App(settings=settings, service=service, reloader=reloader)
