"""KB text stays text (no YAML 1.1 type guessing), and hostile files fail with a line, within bounds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bot.kb.loader import KBError, load_kb
from bot.kb.parse import Limits, LineDict, ParseError, decode_utf8, key_line, parse_file
from tests.kbfiles import entry, topic, write_topic


def _one(tmp_path: Path, answer_yaml: str, name: str = "t.yaml") -> str:
    path = tmp_path / name
    path.write_text(f"topic: T\nentries:\n  - question: Is it open?\n    answer: {answer_yaml}\n", encoding="utf-8")
    return load_kb(path).entries[0].answer


@pytest.mark.parametrize("written", ["yes", "No", "on", "OFF", "y", "n", "true", "False"])
def test_yes_no_on_off_stay_text(tmp_path: Path, written: str) -> None:
    assert _one(tmp_path, written) == written


@pytest.mark.parametrize("written", ["8:30", "17:45:00", "1:20"])
def test_base_60_times_stay_text(tmp_path: Path, written: str) -> None:
    assert _one(tmp_path, written) == written  # YAML 1.1 reads 8:30 as 510


@pytest.mark.parametrize("written", ["0123", "0o17", "0x1F", "007", "+12", "1_000"])
def test_octal_hex_and_signed_numbers_stay_text(tmp_path: Path, written: str) -> None:
    assert _one(tmp_path, written) == written  # YAML 1.1 reads 0123 as 83


@pytest.mark.parametrize("written", ["1e3", "1.50", ".5", ".inf", "-.Inf", ".NaN", "3.0"])
def test_floats_stay_text(tmp_path: Path, written: str) -> None:
    assert _one(tmp_path, written) == written


@pytest.mark.parametrize("written", ["2024-06-25", "2001-12-14t21:59:43.10-05:00"])
def test_dates_stay_text(tmp_path: Path, written: str) -> None:
    assert _one(tmp_path, written) == written


@pytest.mark.parametrize("written", ["null", "~", "Null"])
def test_null_words_stay_text(tmp_path: Path, written: str) -> None:
    assert _one(tmp_path, written) == written


def test_every_text_field_is_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("topic: 2024\nsummary: yes\nentries:\n  - question: 0123\n    answer: 8:30\n"
                    "    alternates: [on, 1e3, ~]\n    id: 007\n", encoding="utf-8")
    kb = load_kb(path)
    assert (kb.topics[0].name, kb.topics[0].summary) == ("2024", "yes")
    e = kb.entries[0]
    assert (e.question, e.answer, e.alternates, e.id) == ("0123", "8:30", ("on", "1e3", "~"), "007")


def test_check_no_longer_reports_no_as_missing(tmp_path: Path) -> None:
    assert _one(tmp_path, "No") == "No"


@pytest.mark.parametrize("value, kind", [("[a, b]", "a list"), ("{a: b}", "a mapping")])
def test_list_or_mapping_where_text_belongs_is_an_error_with_its_line(tmp_path: Path, value: str, kind: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(f"topic: T\nentries:\n  - question: Q?\n    id: q\n    answer: {value}\n", encoding="utf-8")
    with pytest.raises(KBError) as info:
        load_kb(path)
    [problem] = info.value.problems
    assert problem.line == 5 and "'answer' must be text" in problem.message and kind in problem.message


def test_json_number_or_boolean_where_text_belongs_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{\n "topic": "T",\n "entries": [\n  {"question": "Q?",\n   "answer": 8.30}\n ]\n}\n')
    with pytest.raises(KBError) as info:
        load_kb(path)
    [problem] = info.value.problems
    assert problem.line == 5 and "the number 8.3" in problem.message and "quotes" in problem.message
    path.write_text(json.dumps(topic("T", [entry("Q?", "8.30"), entry("R?", "true")])))
    assert [e.answer for e in load_kb(path).entries] == ["8.30", "true"]


def test_alias_bomb_stops_at_the_alias_limit_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    lines = ["topic: T", "entries:", "  - &e {question: Q?, answer: A}"] + ["  - *e"] * 200_000
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.process_time()
    with pytest.raises(KBError) as info:
        load_kb(path)
    assert time.process_time() - started < 10  # bounded (it was 29 s and 1.7 GB on 4 MB); not a speed target
    assert len(info.value.problems) == 1 and "alias references" in info.value.problems[0].message


def test_huge_node_count_is_an_error_not_a_memory_blow_up(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    write_topic(tmp_path, "big.yaml", topic("T", [entry(f"Q{i}?", "A", alternates=["x", "y"]) for i in range(200)]))
    with pytest.raises(KBError, match="values in one file"):
        load_kb(path, limits=Limits(nodes=500))


@pytest.mark.parametrize("name, text", [
    ("deep.json", "[" * 100_000 + "]" * 100_000),
    ("deep.yaml", "[" * 100_000 + "]" * 100_000),
    ("deep2.json", '{"topic": "T", "entries": ' + "[" * 5000 + "]" * 5000 + "}"),
])
def test_deep_nesting_is_a_file_line_error_not_a_recursion_error(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KBError) as info:
        load_kb(path)
    [problem] = info.value.problems
    assert problem.file == str(path) and problem.line == 1 and "nested too deeply" in problem.message


@pytest.mark.parametrize("text, first, second, key", [
    ("topic: T\nentries:\n  - question: A?\n    answer: a\nentries:\n  - question: B?\n    answer: b\n",
     2, 5, "entries"),
    ("topic: T\nentries:\n  - question: A?\n    answer: first\n    answer: second\n", 4, 5, "answer"),
])
def test_duplicate_keys_are_errors_naming_both_lines(tmp_path: Path, text: str, first: int, second: int,
                                                     key: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KBError) as info:
        load_kb(path)
    [problem] = info.value.problems
    assert problem.line == second and f"duplicate key '{key}'" in problem.message
    assert f"lines {first} and {second}" in problem.message


def test_duplicate_keys_in_json_are_errors_naming_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"topic": "T",\n "entries": [{"question": "A?", "answer": "a",\n "answer": "b"}]}\n')
    with pytest.raises(KBError) as info:
        load_kb(path)
    assert "lines 2 and 3" in info.value.problems[0].message


def test_non_utf8_file_names_the_line_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes("topic: T\nentries:\n  - question: Café?\n".encode() + "    answer: Tschüss\n".encode("latin-1"))
    with pytest.raises(KBError) as info:
        load_kb(path)
    [problem] = info.value.problems
    assert problem.line == 4 and "save the file as UTF-8" in problem.message


def test_an_indentation_slip_is_one_error_not_a_cascade(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "topic: A\nentries:\n  - id: a1\n    question: What is a1?\n    answer: One.\n"
        "  - id: a2\n    question: What is a2?\n  answer: Two.\n", encoding="utf-8")
    write_topic(tmp_path, "b.yaml", topic("B", [entry("What is b1?", "See a2.", follow_ups=["a1", "a2"]),
                                                entry("What is b2?", "See a1.", follow_ups=["a1"])]))
    with pytest.raises(KBError) as info:
        load_kb(tmp_path)
    [problem] = info.value.problems
    assert problem.file.endswith("a.yaml") and problem.line == 8 and "indentation" in problem.message


def test_parse_file_keeps_the_line_of_each_mapping_and_key() -> None:
    data = parse_file(Path("t.yaml"), "topic: T\nentries:\n  - question: Q?\n\n    answer: A\n")
    assert isinstance(data, LineDict) and data.line == 1 and data.key_lines == {"topic": 1, "entries": 2}
    first = data["entries"][0]
    assert (first.line, key_line(first, "answer", None), key_line(first, "id", 7)) == (3, 5, 7)
    assert key_line({"answer": "x"}, "answer", 9) == 9  # a plain dict has no lines: the default


def test_json_is_read_fast_without_lines_and_with_them_on_request() -> None:
    text = '{"topic": "T",\n "entries": [{"question": "Q?", "answer": "A"}]}'
    fast = parse_file(Path("t.JSON"), text, lines=False)
    assert fast == {"topic": "T", "entries": [{"question": "Q?", "answer": "A"}]} and not isinstance(fast, LineDict)
    slow = parse_file(Path("t.json"), text, lines=True)
    assert slow == fast and isinstance(slow, LineDict) and slow.key_lines["entries"] == 2


def test_a_file_over_the_byte_limit_is_refused_before_parsing() -> None:
    with pytest.raises(ParseError, match="over 1 MB: split it") as info:
        parse_file(Path("t.yaml"), "a: b\n" * 300_000, limits=Limits(file_bytes=1024 * 1024))
    assert info.value.line is None


def test_decode_utf8_names_the_line_of_the_first_bad_byte() -> None:
    assert decode_utf8("é\n🚀".encode()) == "é\n🚀"
    with pytest.raises(ParseError) as info:
        decode_utf8(b"ok\nfine\nbad \xff here\n")
    assert info.value.line == 3 and "byte 0xff" in info.value.message and str(info.value).startswith("line 3: ")
