"""The one KB builder for tests and benchmarks (adapters/testing/kb.py): data in, the real loader's KB out."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml

from adapters.testing.kb import build_kb, entry, topic, write_kb, write_topic
from bot.kb.loader import KBError, load_kb


def test_entry_and_topic_are_topic_file_data() -> None:
    assert entry("Q?", "A", id="q", alternates=["Q"]) == {"question": "Q?", "answer": "A", "id": "q",
                                                           "alternates": ["Q"]}
    assert topic("T", []) == {"topic": "T", "entries": [], "summary": "A summary."}
    assert "summary" not in topic("T", [], summary=None)


def test_build_kb_goes_through_the_loader_and_leaves_no_file(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kb = build_kb(topic("Pets", [entry("Do cats purr?", "Yes.", id="purr", follow_ups=["Do dogs bark?"]),
                                 entry("Do dogs bark?", "Often.")]),
                  topic("Bread", [entry("Why knead?", "Gluten.")], summary=None))
    assert [t.name for t in kb.topics] == ["Pets", "Bread"] and len(kb) == 3
    purr, bark, _ = kb.entries
    assert purr.id == "purr" and purr.follow_ups == (bark.id,)  # follow-ups resolved by the loader
    assert (kb.topics[0].summary, kb.topics[1].summary) == ("A summary.", "")  # none given: none stored
    assert list(tmp_path.iterdir()) == []


def test_a_kb_the_loader_refuses_is_refused_by_the_builder_too() -> None:
    with pytest.raises(KBError, match="follow-up"):
        build_kb(topic("T", [entry("Q?", "A", follow_ups=["no such question"])]))


def test_write_kb_writes_one_yaml_file_per_topic_in_order(tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "kb", topic("A", [entry("A?", "a")]), topic("B", [entry("B🚀?", "b")]))
    assert sorted(p.name for p in folder.iterdir()) == ["topic0.yaml", "topic1.yaml"]
    assert yaml.safe_load((folder / "topic1.yaml").read_text(encoding="utf-8"))["entries"][0]["question"] == "B🚀?"
    assert [t.name for t in load_kb(folder).topics] == ["A", "B"]
    path = write_topic(tmp_path / "new" / "deeper", "c.yaml", topic("C", [entry("C?", "c")]))
    assert path == tmp_path / "new" / "deeper" / "c.yaml" and load_kb(path).topics[0].name == "C"
