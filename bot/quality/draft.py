"""``faqbot report --draft``: a YAML patch of proposed alternates and entries, each with the questions behind it.

Every cluster of unanswered questions is asked again of the engine the bot runs: what it answers now is
skipped; what it nearly answers (a "did you mean") becomes alternates of the nearest entry; the rest
becomes new entries with empty answers. Confirmed "did you mean" picks add alternates by this rule: when
at least ``min_picks`` different users asked the same question (same words, case and punctuation aside)
and then chose the same suggested entry, that question is proposed as an alternate of that entry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import yaml

from bot.engine.answerer import Answerer
from bot.quality.questions import question_text
from bot.quality.report import Report, _one_line

__all__ = ["MIN_PICKS", "Pick", "draft_data", "draft_yaml"]

#: Different users who must make the same "did you mean" choice before it is proposed as an alternate.
MIN_PICKS = 3


@dataclass(frozen=True)
class Pick:
    """A confirmed "did you mean": a user asked ``text`` and then chose the suggested ``entry_id``."""

    text: str
    entry_id: str
    user_hash: str


def _fold(text: str) -> str:
    return " ".join(text.casefold().strip(" ?!.¿¡").split())


def _confirmed(picks: list[Pick], min_picks: int) -> list[tuple[str, str, int]]:
    """(question, entry id, users) for each question chosen for the same entry by ``min_picks`` users or more."""
    users: dict[tuple[str, str], set[str]] = defaultdict(set)
    wording: dict[tuple[str, str], str] = {}
    for pick in picks:
        text = question_text(pick.text)
        if not text:
            continue
        key = (_fold(text), pick.entry_id)
        users[key].add(pick.user_hash)
        wording.setdefault(key, text)
    found = [(wording[k], k[1], len(v)) for k, v in users.items() if len(v) >= min_picks]
    return sorted(found, key=lambda item: (-item[2], item[0]))


def draft_data(report: Report, answerer: Answerer, picks: list[Pick] | None = None,
               min_picks: int = MIN_PICKS) -> tuple[dict[str, Any], list[str]]:
    """The patch (new_entries, alternates, asked: the evidence) and comment lines on what was skipped."""
    new_entries: list[dict[str, Any]] = []
    alternates: dict[str, list[str]] = {}
    asked: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    for c in report.clusters:
        if not c.text:
            continue  # no stored text (FAQBOT_STORE_TEXT=0): nothing to draft from
        reply = answerer.reply(c.text)  # the live engine decides, with its own thresholds
        evidence = {"cluster": c.id, "score": round(reply.score, 1), "questions": dict(c.texts.most_common(10))}
        if reply.kind == "answer":
            notes.append(f"#   {c.count}× “{_one_line(c.text, 100)}” is answered now by {reply.entry_id}")
            continue
        wordings = [w for w, _ in c.texts.most_common(5)]
        if reply.kind == "suggest" and reply.suggestions:
            target = reply.suggestions[0].id
            bucket = alternates.setdefault(target, [])
            bucket += [w for w in wordings if w not in bucket]
            asked.setdefault(target, {"because": "the engine's nearest entry (did you mean)", "clusters": []})
            asked[target]["clusters"].append(evidence)
        else:
            entry: dict[str, Any] = {"question": c.text, "answer": ""}
            if wordings[1:]:
                entry["alternates"] = wordings[1:]
            new_entries.append(entry)
            asked[c.text] = {"because": "no entry is close", "clusters": [evidence]}
    for text, entry_id, users in _confirmed(picks or [], min_picks):
        if answerer.entry(entry_id) is None:
            continue
        bucket = alternates.setdefault(entry_id, [])
        if text not in bucket:
            bucket.append(text)
        asked.setdefault(entry_id, {"because": "", "clusters": []}).setdefault("picked", {})[text] = users
        asked[entry_id]["because"] = (asked[entry_id]["because"] + "; " if asked[entry_id]["because"] else "") + (
            f"users chose it after asking (at least {min_picks} users each)")
    return {"new_entries": new_entries, "alternates": alternates, "asked": asked}, notes


def draft_yaml(report: Report, answerer: Answerer, picks: list[Pick] | None = None,
               min_picks: int = MIN_PICKS) -> str:
    """The patch as commented YAML for review."""
    data, notes = draft_data(report, answerer, picks, min_picks)
    out = ["# faqbot report --draft: a patch to review. Fill in each new entry's answer and move it into a",
           "# topic file's `entries:`; add the alternates to the entries named (by id). `asked` lists the",
           "# questions behind each proposal; `faqbot report --ignore CLUSTER` stops proposing a cluster."]
    if notes:
        out += ["# Skipped, the current KB answers them already:", *notes]
    out.append(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).rstrip())
    for entry_id in data["alternates"]:
        entry = answerer.entry(entry_id)
        if entry is not None:
            out.append(f"# {entry_id}: “{_one_line(entry.question, 100)}” ({entry.source or 'source unknown'})")
    return "\n".join(out) + "\n"
