"""The dismissed clusters of ``faqbot report --ignore``: where they live, what they match, how they are saved."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.quality.ignore import IGNORE_FILE, IgnoreList, ignore_path
from bot.quality.report import Cluster, cluster
from tests.bot.quality.townhall import kb_file, unanswered


def one_cluster(*texts: str) -> Cluster:
    """The single cluster these wordings form."""
    (only,) = cluster([unanswered(t) for t in texts])
    return only


def test_the_list_lives_in_the_kb_folder_or_beside_the_kb_file(tmp_path: Path) -> None:
    assert ignore_path(tmp_path) == tmp_path / IGNORE_FILE
    assert ignore_path(kb_file(tmp_path)) == tmp_path / IGNORE_FILE
    assert IGNORE_FILE.startswith(".")  # hidden, so the KB loader skips it


def test_a_missing_file_is_an_empty_list(tmp_path: Path) -> None:
    ignored = IgnoreList(tmp_path / IGNORE_FILE)
    assert ignored.items == []
    assert not ignored.matches(one_cluster("is the pool heated"))


def test_add_saves_atomically_once_and_a_new_reader_sees_it(tmp_path: Path) -> None:
    path = tmp_path / IGNORE_FILE
    pool = one_cluster("is the pool heated", "is the pool heated?")
    ignored = IgnoreList(path)
    ignored.add(pool)
    ignored.add(pool)  # twice is once
    assert [p.name for p in tmp_path.iterdir()] == [IGNORE_FILE]  # no .tmp left behind
    assert path.read_text(encoding="utf-8").startswith("# Clusters `faqbot report --ignore` dismissed")
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [(r["id"], r["text"]) for r in rows] == [(pool.id, pool.text)]
    again = IgnoreList(path)
    assert [i.id for i in again.items] == [pool.id] and again.matches(pool)


def test_a_dismissed_cluster_still_matches_when_its_wording_drifts(tmp_path: Path) -> None:
    ignored = IgnoreList(tmp_path / IGNORE_FILE)
    ignored.add(one_cluster("is the swimming pool heated"))
    assert ignored.matches(one_cluster("IS THE SWIMMING POOL HEATED"))  # same text, other case
    assert ignored.matches(one_cluster("heated swimming pool is it"))  # same key words, other order
    assert not ignored.matches(one_cluster("who is the mayor of springfield"))


def test_rows_a_maintainer_broke_by_hand_are_skipped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / IGNORE_FILE
    path.write_text("- {id: c123456, key: pool heated, text: is the pool heated, ts: 1.5}\n"
                    "- just a string\n- {key: no id}\n- {id: c999999, ts: null}\n", encoding="utf-8")
    assert [(i.id, i.ts) for i in IgnoreList(path).items] == [("c123456", 1.5), ("c999999", 0.0)]
    path.write_text("not: a list\n", encoding="utf-8")
    assert IgnoreList(path).items == []
