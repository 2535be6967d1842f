"""The README stays true to the repository: settings, dependencies, links between sections, the quick start."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
VARIABLE = re.compile(r"\b(?:FAQBOT|TELEGRAM|DISCORD)_[A-Z][A-Z0-9_]*\b")


def _prose(text: str) -> list[str]:
    """The lines outside fenced code blocks."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def _section(title: str) -> str:
    """The text of the ``## title`` section, up to the next ``## `` heading."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else len(README)]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _env_example() -> set[str]:
    return set(VARIABLE.findall((ROOT / ".env.example").read_text(encoding="utf-8")))


def test_every_setting_of_env_example_is_in_the_settings_sections() -> None:
    documented = set(VARIABLE.findall(_section("Settings")))
    documented |= set(VARIABLE.findall(_section("Telegram"))) | set(VARIABLE.findall(_section("Discord")))
    assert _env_example() - documented == set()


def test_every_setting_in_the_settings_table_is_in_env_example() -> None:
    assert set(VARIABLE.findall(_section("Settings"))) - _env_example() == set()


def test_every_variable_the_code_reads_is_in_env_example() -> None:
    read = re.compile(r"""["']((?:FAQBOT|TELEGRAM|DISCORD)_[A-Z][A-Z0-9_]*)["']""")
    names: set[str] = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("adapters/**/*.py")]:
        if "testing" not in path.parts:  # the fakes' constants are not settings
            names |= set(read.findall(path.read_text(encoding="utf-8")))
    assert names, "no setting found: the pattern no longer matches how the code reads settings"
    assert names - _env_example() == set()


def test_every_dependency_is_in_the_dependency_table() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    table = README[README.index("### Dependencies and why"):].lower()
    missing = [r for r in requirements if re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower() not in table]
    assert missing == []


def test_links_between_sections_resolve_and_headings_are_unique() -> None:
    anchors = [_anchor(line.lstrip("#")) for line in _prose(README) if re.match(r"#{1,6} ", line)]
    assert sorted({a for a in anchors if anchors.count(a) > 1}) == []
    links = re.findall(r"\]\(#([^)\s]+)\)", "\n".join(_prose(README)))
    assert links
    assert sorted(set(links) - set(anchors)) == []


def test_files_the_readme_links_to_exist() -> None:
    for target in re.findall(r"\]\(([^#)\s:]+)\)", "\n".join(_prose(README))):
        assert (ROOT / target).exists(), target


def test_the_quick_start_is_make_run_and_make_test() -> None:
    block = re.search(r"```sh\n(.*?)```", _section("Quick start"), re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert commands == ["make run", "make test"]


def test_the_code_paths_the_readme_names_exist() -> None:
    # knowledge/ is left out: the README's examples name a user's own topic files there.
    code = r"(?<![\w/])((?:bot|adapters|tests|bench|docker)/[\w./-]*\.(?:py|yaml|sh|conf|service))"
    named = re.findall(code, README)
    assert named
    assert sorted({path for path in named if not (ROOT / path).exists()}) == []
