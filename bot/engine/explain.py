"""Why the engine replied as it did: the tier that decided, the language, the top candidates, why it withheld."""

from __future__ import annotations

from typing import Any

from bot.engine.answerer import Answerer, Reply
from bot.engine.lexical import Candidate
from bot.engine.text import clean

__all__ = ["explain", "format_explanation", "withheld_reason"]


def withheld_reason(answerer: Answerer, candidates: list[Candidate]) -> str | None:
    """Why no answer was given for these candidates ("below threshold", "two entries too close"), or None."""
    t = answerer.thresholds
    if not candidates:
        return "no entry shares anything with the question"
    top = candidates[0]
    if top.score < t.answer:
        return f"below threshold: best score {top.score:.1f} < {t.answer:g}"
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if top.score - runner_up < t.margin:
        return f"two entries too close: {top.score:.1f} vs {runner_up:.1f} (margin {t.margin:g})"
    return None


def explain(answerer: Answerer, reply: Reply, hint: str | None = None, limit: int = 5) -> dict[str, Any]:
    """The explanation of ``reply`` as plain data (the ``--json`` ``explain`` field)."""
    text = clean(reply.query)
    matcher = answerer.matcher
    decide = getattr(matcher, "decide", None)
    out: dict[str, Any] = {"matcher": matcher.name, "tier": matcher.name, "language": None, "reason": ""}
    if decide is not None and text:
        decision = decide(text, hint)
        candidates = decision.candidates
        out.update(tier=decision.tier, reason=decision.reason, language={
            "code": decision.language.language, "confidence": round(decision.language.confidence, 2),
            "source": decision.language.source})
        out["tiers"] = {name: [_row(answerer, c) for c in found[:3]] for name, found in decision.consulted.items()}
    else:
        candidates = matcher.score(text, limit=limit) if text else []
    out["candidates"] = [_row(answerer, c) for c in candidates[:limit]]
    if reply.intent.small_talk or reply.kind == "summary":
        out["withheld"] = None
        out["reason"] = f"recognised as {reply.intent.value}: not matched against entries"
    else:
        out["withheld"] = withheld_reason(answerer, candidates) if reply.kind != "answer" else None
    return out


def _row(answerer: Answerer, candidate: Candidate) -> dict[str, Any]:
    entry = answerer.kb.get(candidate.entry_id)
    return {"id": candidate.entry_id, "score": candidate.score, "question": entry.question if entry else None}


def format_explanation(info: dict[str, Any]) -> str:
    """The explanation as a few indented lines for the terminal."""
    lang = info.get("language")
    lines = [f"  tier: {info['tier']} ({info['reason']})" if info.get("reason") else f"  tier: {info['tier']}"]
    if lang:
        lines.append(f"  language: {lang['code']} ({lang['source']}, {lang['confidence']:.2f})")
    for name, rows in info.get("tiers", {}).items():
        shown = "; ".join(f"{r['score']:.1f} {r['id']}" for r in rows) or "nothing"
        lines.append(f"  {name}: {shown}")
    if info.get("withheld"):
        lines.append(f"  withheld: {info['withheld']}")
    return "\n".join(lines)
