"""The KB loader: valid files load, every problem is reported with file and line, nothing half-loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.kb.loader import MAX_PROBLEMS, KBError, load_kb
from bot.kb.model import MAX_ID_BYTES, derive_id
from tests.kbfiles import entry, topic, write_topic


def test_loads_folder_with_explicit_and_derived_ids(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", topic("Alpha", [entry("What is alpha?", "The first.", id="alpha"),
                                                     entry("What is beta?", "The second.", follow_ups=["alpha"])]))
    kb = load_kb(tmp_path)
    assert [t.name for t in kb.topics] == ["Alpha"]
    assert kb.get("alpha").answer == "The first."  # type: ignore[union-attr]
    derived = kb.entries[1].id
    assert derived == derive_id("Alpha", "What is beta?")
    assert kb.entries[1].follow_ups == ("alpha",)


def test_derived_id_is_stable_when_other_entries_are_added(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", topic("T", [entry("How do refunds work?", "Like this.")]))
    before = load_kb(tmp_path).entries[0].id
    write_topic(tmp_path, "a.yaml", topic("T", [entry("A new first question?", "Yes."),
                                                entry("How do refunds work?", "Like this.")]))
    assert load_kb(tmp_path).entries[1].id == before


def test_derived_ids_fit_telegram_callback_data_even_for_long_non_ascii_questions() -> None:
    question = "Почему " * 40 + "?"
    assert len(derive_id("Тема", question).encode()) <= MAX_ID_BYTES


def test_follow_up_by_question_text(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", topic("T", [entry("First?", "1", id="one"),
                                                entry("Second?", "2", follow_ups=["first?"])]))
    assert load_kb(tmp_path).entries[1].follow_ups == ("one",)


def test_json_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(topic("J", [entry("Json question?", "Json answer.")])))
    assert load_kb(path).entries[0].answer == "Json answer."


def test_every_problem_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "topic: Broken\n"
        "entries:\n"
        "  - question: Has no answer?\n"
        "  - question: ''\n"
        "    answer: empty question\n"
        "  - question: Duplicate one?\n"
        "    answer: x\n"
        "    id: dup\n"
        "  - question: Duplicate two?\n"
        "    answer: y\n"
        "    id: dup\n"
        "  - question: Follows nothing?\n"
        "    answer: z\n"
        "    follow_ups: [missing-id]\n"
        "  - question: Typo key?\n"
        "    anwser: z\n",
        encoding="utf-8",
    )
    with pytest.raises(KBError) as info:
        load_kb(path)
    text = str(info.value)
    lines = {p.line for p in info.value.problems}
    assert {3, 4, 9, 12, 15} <= lines
    assert f"{path}:3" in text and "has no 'answer'" in text
    assert "empty or missing 'question'" in text
    assert "duplicate id 'dup'" in text
    assert "follow-up 'missing-id'" in text
    assert "did you mean 'answer'" in text


def test_bad_yaml_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("topic: T\nentries:\n  - question: a\n    answer: [unclosed\n", encoding="utf-8")
    with pytest.raises(KBError) as info:
        load_kb(path)
    problem = info.value.problems[0]
    assert problem.file == str(path) and problem.line is not None and "invalid YAML" in problem.message


def test_broken_file_in_folder_loads_nothing(tmp_path: Path) -> None:
    write_topic(tmp_path, "good.yaml", topic("Good", [entry("Fine?", "Yes.")]))
    (tmp_path / "bad.yaml").write_text("topic: Bad\nentries: nope\n", encoding="utf-8")
    with pytest.raises(KBError) as info:
        load_kb(tmp_path)
    assert all("bad.yaml" in p.file for p in info.value.problems)


@pytest.mark.parametrize("content, message", [
    ("", "file is empty"),
    ("- just\n- a list\n", "must be a mapping"),
    ("topic: T\nentries:\n  - question: q\n    answer: a\n    id: 'has space'\n", "is invalid"),
])
def test_malformed_files_get_helpful_messages(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KBError, match=message):
        load_kb(path)


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(KBError, match="no such file"):
        load_kb(tmp_path / "nope")
    with pytest.raises(KBError, match=r"no \.yaml"):
        load_kb(tmp_path)


def test_duplicate_topic_across_files(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", topic("Same", [entry("A?", "a")]))
    write_topic(tmp_path, "b.yaml", topic("same", [entry("B?", "b")]))
    with pytest.raises(KBError, match="also defined in"):
        load_kb(tmp_path)


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", topic("T", [entry("A?", "a")]))
    first = load_kb(tmp_path).fingerprint
    write_topic(tmp_path, "a.yaml", topic("T", [entry("A?", "b")]))
    assert load_kb(tmp_path).fingerprint != first


def test_problems_are_capped_with_a_count_of_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("topic: T\nentries:\n" + "  - question: Q?\n" * 5000, encoding="utf-8")
    with pytest.raises(KBError) as info:
        load_kb(path)
    error = info.value
    assert len(error.problems) == MAX_PROBLEMS and error.total == 5000
    assert len(str(error)) < 10_000 and f"and {5000 - MAX_PROBLEMS} more" in str(error)
    summary = error.summary(5)
    assert summary.count("\n") == 6 and "and 4995 more" in summary


def test_topics_in_subfolders_are_read(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", topic("A", [entry("A?", "a")]))
    (tmp_path / "more" / "deeper").mkdir(parents=True)
    write_topic(tmp_path / "more" / "deeper", "b.yaml", topic("B", [entry("B?", "b")]))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.yaml").write_text("not: a topic\n")
    assert [t.name for t in load_kb(tmp_path).topics] == ["A", "B"]
