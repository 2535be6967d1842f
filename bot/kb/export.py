"""Write a KB (or an imported topic) back out: topic YAML that `faqbot check` accepts, or CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml

from bot.kb.model import Entry, KnowledgeBase, Topic

__all__ = ["CSV_COLUMNS", "export_csv", "to_yaml", "topic_data", "topic_yaml"]

CSV_COLUMNS = ("id", "question", "answer", "alternates", "follow_ups", "topic")


def to_yaml(data: dict[str, Any]) -> str:
    """Render a topic as YAML that keeps every sentence verbatim and stays readable."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _entry_data(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {"id": entry.id, "question": entry.question, "answer": entry.answer}
    if entry.alternates:
        data["alternates"] = list(entry.alternates)
    if entry.follow_ups:
        data["follow_ups"] = list(entry.follow_ups)
    return data


def topic_data(kb: KnowledgeBase, topic: Topic) -> dict[str, Any]:
    """One topic as a topic file holds it; every entry keeps its id, so follow-ups and votes stay attached."""
    data: dict[str, Any] = {"topic": topic.name}
    if topic.summary:
        data["summary"] = topic.summary
    data["entries"] = [_entry_data(e) for e in (kb.get(i) for i in topic.entry_ids) if e is not None]
    return data


def topic_yaml(kb: KnowledgeBase, topic: Topic) -> str:
    """One topic as YAML."""
    return to_yaml(topic_data(kb, topic))


def _joined(items: tuple[str, ...]) -> str:
    return " | ".join(item.replace("|", "\\|") for item in items)


def export_csv(kb: KnowledgeBase, topics: list[Topic] | None = None) -> str:
    """The entries of ``topics`` (all by default) as CSV with a header; lists joined by " | "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for topic in topics if topics is not None else list(kb.topics):
        for entry_id in topic.entry_ids:
            e = kb.get(entry_id)
            if e is not None:
                writer.writerow([e.id, e.question, e.answer, _joined(e.alternates), _joined(e.follow_ups), topic.name])
    return out.getvalue()
