"""The ``faqbot`` command: ask, console, eval, check, import, run (and what platforms add)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.app import App, AppSettings, build_app, build_engine
from bot.engine.answerer import Answerer
from bot.engine.explain import explain, format_explanation
from bot.engine.reply import Reply
from bot.kb.loader import KBError, load_kb
from bot.quality.evaluate import evaluate, format_report, load_cases
from bot.service.logs import setup_logging
from bot.service.platforms import COMMAND_GROUP, CONSOLE_GROUP, create_platforms, discover, serve
from bot.service.settings import MATCHERS, SettingsError, load_env
from bot.store import StoreError, is_postgres, open_store

__all__ = [
    "cmd_ask",
    "cmd_check",
    "cmd_console",
    "cmd_eval",
    "cmd_export",
    "cmd_import",
    "cmd_report",
    "cmd_run",
    "main",
    "reply_json",
]


def _settings(args: argparse.Namespace, env: dict[str, str]) -> AppSettings:
    """The settings for this command: ``--kb`` and ``--matcher`` over the environment."""
    return AppSettings.from_env(env, kb=getattr(args, "kb", None), matcher=getattr(args, "matcher", None),
                                matching=hasattr(args, "matcher"))


def reply_json(reply: Reply) -> dict[str, Any]:
    """The stable JSON shape of a reply, as printed by ``faqbot ask --json``."""
    answered = reply.kind == "answer"
    return {
        "query": reply.query,
        "kind": reply.kind,
        "id": reply.entry_id if answered else None,
        "question": reply.question if answered else None,
        "topic": reply.topic,
        "score": reply.score,
        "text": reply.text,
        "suggestions": [{"id": s.id, "question": s.label} for s in reply.suggestions],
    }


def _print_reply(reply: Reply, out: TextIO) -> None:
    if reply.kind == "answer":
        out.write(f"{reply.question}\n{reply.text}\n")
    else:
        out.write(f"{reply.text}\n")
    for number, suggestion in enumerate(reply.suggestions, start=1):
        out.write(f"  {number}. {suggestion.label}\n")


def _ready(answerer: Answerer) -> Answerer:
    """Wait for every tier of a one-shot command's engine (a big KB's multilingual index builds in the background)."""
    getattr(answerer.matcher, "ready", lambda: True)()
    return answerer


def cmd_ask(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Answer the question given, or each line of stdin."""
    # Lazy: a question the lexical tier decides loads no model and no vectors (the README's startup figures).
    answerer = _ready(build_engine(_settings(args, env), lazy=True))
    questions = [" ".join(args.question)] if args.question else (line.rstrip("\n") for line in sys.stdin)
    for question in questions:
        reply = answerer.reply(question, hint=args.lang)
        if args.json:
            shape = reply_json(reply)
            shape["language"] = reply.language
            shape["explain"] = explain(answerer, reply, hint=args.lang)
            sys.stdout.write(json.dumps(shape, ensure_ascii=False) + "\n")
        else:
            _print_reply(reply, sys.stdout)
            if args.explain:
                sys.stdout.write(format_explanation(explain(answerer, reply, hint=args.lang)) + "\n")
    return 0


def cmd_eval(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Measure answer quality on a labelled JSONL file."""
    answerer = _ready(build_engine(_settings(args, env)))
    report = evaluate(answerer, load_cases(args.file, answerer))
    print(format_report(report, show_misses=args.misses))
    failed = []
    if args.min_accuracy is not None and report.accuracy * 100 < args.min_accuracy:
        failed.append(f"in-scope accuracy {report.accuracy:.1%} is below {args.min_accuracy}%")
    if args.max_false is not None and report.false_rate * 100 > args.max_false:
        failed.append(f"off-topic answered {report.false_rate:.1%} is above {args.max_false}%")
    for message in failed:
        print(f"FAIL: {message}", file=sys.stderr)
    return 1 if failed else 0


def cmd_check(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Validate and lint a KB with the engine the bot runs; ``--json`` for CI."""
    from bot.kb.check import check_kb, format_json, format_text

    result = check_kb(_settings(args, env).kb_path, lambda: build_engine(_settings(args, env)))
    print(format_json(result) if args.json else format_text(result))
    return 0 if result.ok else 1


def cmd_import(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Convert an FAQ (CSV/TSV, XLSX, Markdown, HTML FAQPage, line format) to a YAML topic file."""
    from bot.kb.importers import import_file, topic_yaml

    imported = import_file(args.file, args.format)
    text = topic_yaml(imported, args.topic)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"faqbot import: {imported.describe()} from {args.file} ({imported.format})", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Write the KB as CSV or YAML topic files."""
    from bot.kb.export import export_csv, topic_yaml

    kb = load_kb(_settings(args, env).kb_path)
    topics = list(kb.topics)
    if args.topic:
        found = kb.topic(args.topic)
        if found is None:
            raise ValueError(f"no topic {args.topic!r}; topics: {', '.join(t.name for t in kb.topics)}")
        topics = [found]
    if args.format == "csv":
        sys.stdout.write(export_csv(kb, topics))
    elif args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for topic in topics:
            target = args.out / (Path(topic.source).name if topic.source else "topic.yaml")
            target.write_text(topic_yaml(kb, topic), encoding="utf-8")
            print(f"faqbot export: wrote {target}", file=sys.stderr)
    elif len(topics) == 1:
        sys.stdout.write(topic_yaml(kb, topics[0]))
    else:
        raise ValueError("several topics: pick one with --topic, or write one file each with --out FOLDER")
    print(f"faqbot export: {len(topics)} topic(s), {sum(len(t.entry_ids) for t in topics)} entries", file=sys.stderr)
    return 0


def _console(app: App) -> int:
    """Run the console adapter on stdin/stdout, then close the app (flushing the store)."""
    from bot.ops.runtime import start_http  # prometheus_client: only for a running bot, not `faqbot ask`

    console = discover(CONSOLE_GROUP)["console"]()
    http = start_http(app.settings.env, app.service, [])  # the console too: /readyz and /metrics of a session
    try:
        return int(console(app.service, sys.stdin, sys.stdout))
    finally:
        if http is not None:
            http.close()
        app.close()


def cmd_console(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Chat in the terminal."""
    return _console(build_app(_settings(args, env)))


def cmd_report(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Answer rate per day, unanswered questions clustered, votes; ``--draft`` YAML, ``--html`` a page."""
    from bot.quality.command import ReportOptions, run_report
    from bot.quality.report import parse_since

    settings = _settings(args, env)
    options = ReportOptions(parse_since(args.since), settings.kb_path, args.top, args.draft, args.html,
                            tuple(args.ignore or ()), args.min_picks)
    ops = settings.ops
    answerer = build_engine(settings)  # the engine the bot runs re-scores and clusters
    if not is_postgres(ops.data) and not Path(ops.data).expanduser().is_file():
        print(f"No store at {ops.data} yet: nothing has been recorded (FAQBOT_DATA sets the path).")
        return 0
    store = open_store(ops.data, ops.hash_key, key_file=ops.hash_key_file, need_key=False)  # reads, hashes nothing
    try:
        return run_report(store, answerer, options)
    finally:
        store.close()


def cmd_run(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Start every platform whose token is configured; the console when none is."""
    settings = _settings(args, env)
    app = build_app(settings)
    try:
        platforms = create_platforms(app.service, settings.env)
    except BaseException:
        app.close()
        raise
    if not platforms:
        print("No platform token configured (set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN in the environment "
              "or .env; see .env.example). Starting the terminal console.", file=sys.stderr)
        return _console(app)
    from bot.ops.runtime import start_http

    try:
        http = start_http(settings.env, app.service, platforms)  # /healthz, /readyz, /metrics (FAQBOT_HTTP_LISTEN)
    except BaseException:
        app.close()
        raise
    import asyncio  # only here: `faqbot ask` and the other one-shot commands never need it

    try:
        asyncio.run(serve(platforms))
    finally:
        if http is not None:
            http.close()
        app.close()  # after in-flight replies finished: flush the store
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="faqbot", description="Answer questions from a knowledge base.")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv: debug)")
    sub = parser.add_subparsers(dest="command", required=True)
    kb_help = "KB folder or file (default: FAQBOT_KB, else the shipped knowledge/)"
    matcher_help = ("auto or engine: the whole engine; lexical: the light mode; semantic: the English model only "
                    "(default: FAQBOT_MATCHER, else auto)")

    p = sub.add_parser("ask", help="answer a question (or one per line of stdin)")
    p.add_argument("question", nargs="*")
    p.add_argument("--json", action="store_true", help="one JSON object per question (with an explain field)")
    p.add_argument("--explain", action="store_true", help="say which tier decided, the language, the top scores")
    p.add_argument("--lang", help="the user's language as a platform would hint it (e.g. uk, de-DE)")
    p.add_argument("--kb", help=kb_help)
    p.add_argument("--matcher", choices=MATCHERS, help=matcher_help)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("console", help="chat in the terminal")
    p.add_argument("--kb", help=kb_help)
    p.add_argument("--matcher", choices=MATCHERS, help=matcher_help)
    p.set_defaults(func=cmd_console)

    p = sub.add_parser("eval", help="measure answer quality on a JSONL file")
    p.add_argument("file", type=Path)
    p.add_argument("--kb", help=kb_help)
    p.add_argument("--matcher", choices=MATCHERS, help=matcher_help)
    p.add_argument("--min-accuracy", type=float, help="fail below this in-scope accuracy (percent)")
    p.add_argument("--max-false", type=float, help="fail above this share of off-topic answered (percent)")
    p.add_argument("--misses", type=int, default=30, help="how many misses to list")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("check", help="validate and lint a KB (with the engine the bot runs)")
    p.add_argument("--kb", help=kb_help)
    p.add_argument("--matcher", choices=MATCHERS, help=matcher_help)
    p.add_argument("--json", action="store_true", help="one JSON object: ok, counts and every finding (for CI)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("import", help="convert an FAQ (CSV, TSV, XLSX, Markdown, HTML FAQPage, line format) to YAML")
    p.add_argument("file", type=Path)
    p.add_argument("--topic", required=True, help="the topic's name")
    p.add_argument("--format", choices=["csv", "tsv", "xlsx", "markdown", "html", "lines"],
                   help="the file's format (default: from its extension and content)")
    p.add_argument("-o", "--output", type=Path, help="write the YAML here instead of stdout")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write the KB as CSV or YAML topic files")
    p.add_argument("--kb", help=kb_help)
    p.add_argument("--format", choices=["csv", "yaml"], default="yaml", help="csv or yaml (default yaml)")
    p.add_argument("--topic", help="only this topic")
    p.add_argument("--out", type=Path, help="yaml: write one file per topic into this folder")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", help="answer rate, unanswered questions clustered, most-👎 entries")
    p.add_argument("--since", default="7d", help="time window: 30m, 12h, 7d, 2w (default 7d)")
    p.add_argument("--kb", help=kb_help)
    p.add_argument("--draft", action="store_true", help="print a YAML patch of proposed entries and alternates")
    p.add_argument("--html", type=Path, help="write the report as one self-contained HTML page")
    p.add_argument("--ignore", action="append", metavar="CLUSTER", help="never propose this cluster again")
    p.add_argument("--min-picks", type=int, default=3, help="users making the same did-you-mean pick (default 3)")
    p.add_argument("--matcher", choices=MATCHERS, help=matcher_help)
    p.add_argument("--top", type=int, default=30, help="how many clusters and entries to list")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("run", help="start the configured platforms (the console when none is)")
    p.add_argument("--kb", help=kb_help)
    p.add_argument("--matcher", choices=MATCHERS, help=matcher_help)
    p.set_defaults(func=cmd_run)

    for _name, load in discover(COMMAND_GROUP).items():
        load()(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``faqbot`` command."""
    args = _parser().parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    try:
        env = load_env()
        setup_logging(level, env)
        return int(args.func(args, env))
    except KBError as exc:
        print(f"faqbot: {exc}", file=sys.stderr)
        return 2
    except (SettingsError, StoreError, ValueError, OSError) as exc:
        print(f"faqbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
