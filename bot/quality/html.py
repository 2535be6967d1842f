"""``faqbot report --html FILE``: the report as one self-contained page (inline CSS and SVG; no script, no network)."""

from __future__ import annotations

import time
from html import escape

from bot.engine.answerer import Answerer
from bot.quality.report import Report, _one_line

__all__ = ["render_html"]

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2430}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 12px}
.sub{color:#5b6473;margin:0 0 20px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:20px}
.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:22px}
section{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:16px 20px;margin-bottom:18px}
svg{display:block;max-width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:#1d2430}
.empty{color:#5b6473;font-style:italic}
details{margin-top:8px}table{border-collapse:collapse;font-size:13px}
td,th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
"""
_BLUE, _GREEN, _RED, _GREY = "#3b6fd8", "#2f9e5b", "#d2453d", "#8a93a3"
_WIDTH = 900


def _svg(height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label)}" '
            f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}">{"".join(body)}</svg>')


def _rate_chart(report: Report) -> str:
    days = report.days[-31:]
    if not days:
        return '<p class="empty">No questions recorded in this window.</p>'
    top, bottom, left = 20, 40, 40
    plot = 180
    step = (_WIDTH - left - 10) / len(days)
    body = [f'<line x1="{left}" y1="{top + plot}" x2="{_WIDTH - 10}" y2="{top + plot}" stroke="{_GREY}"/>']
    for pct in (0, 50, 100):
        y = top + plot - plot * pct / 100
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{pct}%</text>'
                    f'<line x1="{left}" y1="{y:.1f}" x2="{_WIDTH - 10}" y2="{y:.1f}" stroke="#eceff3"/>')
    for i, d in enumerate(days):
        height = plot * d.rate
        x = left + i * step + step * 0.15
        title = f"{d.day}: {d.answered} of {d.asked} answered ({d.rate:.0%})"
        body.append(f'<rect class="bar" data-day="{d.day}" data-rate="{d.rate:.4f}" x="{x:.1f}" '
                    f'y="{top + plot - height:.1f}" width="{step * 0.7:.1f}" height="{height:.1f}" fill="{_BLUE}">'
                    f'<title>{escape(title)}</title></rect>')
        body.append(f'<text x="{x + step * 0.35:.1f}" y="{top + plot - height - 4:.1f}" text-anchor="middle">'
                    f'{d.rate:.0%}</text>')
        if len(days) <= 16 or i % 2 == 0:
            body.append(f'<text x="{x + step * 0.35:.1f}" y="{top + plot + 16}" text-anchor="middle">'
                        f'{d.day[5:]}</text>')
    return _svg(top + plot + bottom, body, "Answer rate per day")


def _bars(rows: list[tuple[str, list[tuple[int, str]], str]], label: str, kind: str) -> str:
    """Horizontal bars: (label, [(value, colour), ...] stacked, title) per row."""
    if not rows:
        return '<p class="empty">Nothing in this window.</p>'
    label_width, row_height = 380, 26
    biggest = max(sum(v for v, _ in parts) for _, parts, _ in rows) or 1
    scale = (_WIDTH - label_width - 60) / biggest
    body = []
    for i, (name, parts, title) in enumerate(rows):
        y = 6 + i * row_height
        body.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(_one_line(name, 56))}</text>')
        x = float(label_width)
        for value, colour in parts:
            body.append(f'<rect class="{kind}" data-label="{escape(name)}" data-value="{value}" x="{x:.1f}" y="{y}" '
                        f'width="{max(value * scale, 1):.1f}" height="18" fill="{colour}"><title>{escape(title)}'
                        '</title></rect>')
            x += value * scale
        total = " / ".join(str(v) for v, _ in parts)
        body.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{total}</text>')
    return _svg(12 + len(rows) * row_height, body, label)


def _entry_name(answerer: Answerer | None, entry_id: str) -> str:
    entry = answerer.entry(entry_id) if answerer else None
    return f"{entry.question} ({entry_id})" if entry else f"{entry_id} (no longer in the KB)"


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    cells = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    heads = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f"<details><summary>Table</summary><table><tr>{heads}</tr>{cells}</table></details>"


def render_html(report: Report, answerer: Answerer | None = None, top: int = 15) -> str:
    """The report as a complete HTML document; every chart also has its numbers in a table."""
    since = time.strftime("%Y-%m-%d %H:%M", time.gmtime(report.since))
    rate = report.answered / report.asked if report.asked else 0.0
    unanswered = sum(c.count for c in report.clusters)
    kb = answerer.kb if answerer else None
    cards = [("questions", f"{report.asked}"), ("answered", f"{rate:.0%}"), ("not answered", f"{unanswered}"),
             ("clusters", f"{len(report.clusters)}")]
    if kb is not None:
        cards.append(("KB entries", f"{len(kb)}"))
    clusters = report.clusters[:top]
    cluster_rows = [(c.text or "(question text not stored)", [(c.count, _RED)], f"{c.id}: {c.count} question(s)")
                    for c in clusters]
    votes = [v for v in report.votes if v.up or v.down][:top]
    vote_rows = [(_entry_name(answerer, v.entry_id), [(v.up, _GREEN), (v.down, _RED)], f"👍 {v.up}  👎 {v.down}")
                 for v in votes]
    tier_rows = [(tier or "unknown", [(count, _BLUE)], f"{tier}: {count} replies") for tier, count in report.tiers]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>faqbot report since {escape(since)} UTC</title><style>{_CSS}</style></head><body><main>",
        "<h1>faqbot report</h1>",
        f'<p class="sub">Since {escape(since)} UTC · generated '
        f'{time.strftime("%Y-%m-%d %H:%M", time.gmtime())} UTC</p>',
        '<div class="cards">' + "".join(f'<div class="card" data-card="{escape(k)}"><b>{escape(v)}</b>{escape(k)}</div>'
                                        for k, v in cards) + "</div>",
        '<section id="rate"><h2>Answer rate per day (UTC)</h2>', _rate_chart(report),
        _table(["day", "asked", "answered", "did you mean", "unanswered", "rate"],
               [[d.day, str(d.asked), str(d.answered), str(d.suggested), str(d.unanswered), f"{d.rate:.0%}"]
                for d in report.days]), "</section>",
        f'<section id="clusters"><h2>Top unanswered clusters ({len(report.clusters)} in all)</h2>',
        _bars(cluster_rows, "Top unanswered clusters", "cluster"),
        _table(["count", "cluster", "question", "also asked"],
               [[str(c.count), c.id, c.text or "", "; ".join(t for t, _ in c.texts.most_common(4)[1:])]
                for c in clusters]), "</section>",
        '<section id="votes"><h2>👍 / 👎 per entry</h2>',
        f'<p class="sub"><span style="color:{_GREEN}">■</span> helpful (👍) &nbsp; '
        f'<span style="color:{_RED}">■</span> not helpful (👎)</p>', _bars(vote_rows, "Votes per entry", "vote"),
        _table(["entry", "👍", "👎"], [[_entry_name(answerer, v.entry_id), str(v.up), str(v.down)] for v in votes]),
        "</section>",
        '<section id="tiers"><h2>Engine tier that answered</h2>',
        _bars(tier_rows, "Replies per engine tier", "tier") if tier_rows else
        '<p class="empty">No tier recorded yet (replies recorded before this version have none).</p>',
        "</section></main></body></html>",
    ]
    return "\n".join(parts) + "\n"
