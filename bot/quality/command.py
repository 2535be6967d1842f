"""What ``faqbot report`` does with its options, so the CLI stays a thin parser."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from bot.engine.answerer import Answerer
from bot.quality.draft import MIN_PICKS, Pick, draft_yaml
from bot.quality.html import render_html
from bot.quality.ignore import IgnoreList, ignore_path
from bot.quality.report import build_report, engine_embed, format_report
from bot.store import Store, StoreError

__all__ = ["ReportOptions", "run_report"]


@dataclass(frozen=True)
class ReportOptions:
    """The report command's options."""

    since: float
    kb_path: Path
    top: int = 30
    draft: bool = False
    html: Path | None = None
    ignore: tuple[str, ...] = ()
    min_picks: int = MIN_PICKS


def run_report(store: Store, answerer: Answerer, options: ReportOptions) -> int:
    """Print the report (text, draft) or write the HTML page; record --ignore. The exit status."""
    ignored = IgnoreList(ignore_path(options.kb_path))
    try:
        report = build_report(store, options.since, embed=engine_embed(answerer), ignore=ignored.matches)
        picks = [Pick(*p) for p in store.picks(report.since)]
    except StoreError as exc:
        print(f"faqbot: {exc}", file=sys.stderr)
        return 2
    if options.ignore:
        by_id = {c.id: c for c in report.clusters}
        unknown = [name for name in options.ignore if name not in by_id]
        for name in options.ignore:
            if name in by_id:
                ignored.add(by_id[name])
                print(f"faqbot report: ignoring {name} “{by_id[name].text}” from now on ({ignored.path})",
                      file=sys.stderr)
        if unknown:
            print(f"faqbot: no cluster {', '.join(unknown)} in this window (the ids are in `faqbot report`)",
                  file=sys.stderr)
            return 2
        return 0
    if options.html is not None:
        options.html.write_text(render_html(report, answerer, top=min(options.top, 25)), encoding="utf-8")
        print(f"faqbot report: wrote {options.html}", file=sys.stderr)
    elif options.draft:
        print(draft_yaml(report, answerer, picks, options.min_picks), end="")
    else:
        print(format_report(report, answerer, top=options.top))
    return 0 if report.store_enabled else 2
