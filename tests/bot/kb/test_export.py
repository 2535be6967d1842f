"""Export (CSV, YAML) and the import -> export -> import round trip through the faqbot command."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.kb.export import export_csv
from bot.kb.loader import load_kb
from tests.kbfiles import entry, topic, write_topic

CSV = (
    "question,answer,alternates,id,follow_ups\n"
    'When are you open?,"Mon-Fri, 8:30 to 17:00.",Opening hours? | Are you open \\| today?,hours,\n'
    "Do you deliver?,No,,,hours\n"
    '"Is it ""free""?","Yes; see\nthe price list.",Does it cost anything?,,Do you deliver?\n'
)


def _entries(path: Path) -> list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(e.id, e.question, e.answer, e.alternates, e.follow_ups) for e in load_kb(path).entries]


def test_import_reports_what_it_read_and_writes_yaml_that_check_accepts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "faq.csv"
    source.write_text(CSV, encoding="utf-8")
    kb = tmp_path / "kb"
    kb.mkdir()
    assert main(["import", str(source), "--topic", "Shop", "-o", str(kb / "shop.yaml")]) == 0
    err = capsys.readouterr().err
    assert "3 entries, 2 with alternates, 2 with follow-ups" in err and "(CSV)" in err
    assert main(["check", "--kb", str(kb)]) == 0
    assert " 0 error(s)" in capsys.readouterr().out


def test_import_export_import_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "faq.csv"
    source.write_text(CSV, encoding="utf-8")
    first = tmp_path / "first.yaml"
    assert main(["import", str(source), "--topic", "Shop", "-o", str(first)]) == 0
    capsys.readouterr()
    assert main(["export", "--kb", str(first), "--format", "csv"]) == 0
    exported = tmp_path / "exported.csv"
    exported.write_text(capsys.readouterr().out, encoding="utf-8")
    second = tmp_path / "second.yaml"
    assert main(["import", str(exported), "--topic", "Shop", "-o", str(second)]) == 0
    assert _entries(second) == _entries(first)
    assert _entries(first)[0][3] == ("Opening hours?", "Are you open | today?")  # an escaped bar survives
    assert main(["export", "--kb", str(second), "--format", "yaml"]) == 0
    third = tmp_path / "third.yaml"
    third.write_text(capsys.readouterr().out, encoding="utf-8")
    assert _entries(third) == _entries(first)


def test_the_shipped_kb_round_trips_through_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "csv"]) == 0
    exported = tmp_path / "kb.csv"
    exported.write_text(capsys.readouterr().out, encoding="utf-8")
    again = tmp_path / "again.yaml"
    assert main(["import", str(exported), "--topic", "NATO and Ukraine", "-o", str(again)]) == 0
    shipped = load_kb(Path(__file__).parents[3] / "knowledge")
    assert [(e.id, e.question, e.answer, e.alternates, e.follow_ups) for e in shipped.entries] == _entries(again)


def test_export_of_several_topics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_topic(tmp_path, "a.yaml", topic("A", [entry("A?", "a")]))
    write_topic(tmp_path, "b.yaml", topic("B", [entry("B?", "b")]))
    assert "A?,a,,,A" in export_csv(load_kb(tmp_path))
    assert main(["export", "--kb", str(tmp_path)]) == 2
    assert "pick one with --topic" in capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["export", "--kb", str(tmp_path), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.yaml", "b.yaml"]
    assert [e.question for e in load_kb(out).entries] == ["A?", "B?"]
