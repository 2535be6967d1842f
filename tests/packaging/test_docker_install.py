"""docker/install.sh (the image's only install steps) in a clean venv: the installed command answers anywhere."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.packaging.conftest import ROOT


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAQBOT_", "TELEGRAM_", "DISCORD_", "VIRTUAL_ENV"))}
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env


def test_install_script_builds_a_venv_that_answers_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    prefix, elsewhere, faq_home = tmp_path / "venv", tmp_path / "elsewhere", tmp_path / "home"
    elsewhere.mkdir()
    install = subprocess.run(["sh", str(ROOT / "docker" / "install.sh"), str(wheel), str(prefix)], cwd=elsewhere,
                             env=_clean_env(), capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr + install.stdout
    assert "matcher semantic" in install.stdout  # the script's own smoke test ran the model from the package

    faqbot = prefix / "bin" / "faqbot"
    asked = subprocess.run([str(faqbot), "ask", "--json", "--matcher", "lexical", "what is article 5?"],
                           cwd=elsewhere, env=_clean_env(FAQBOT_HOME=str(faq_home)), capture_output=True, text=True,
                           timeout=120)
    assert asked.returncode == 0, asked.stderr
    reply = json.loads(asked.stdout)
    assert reply["kind"] == "answer" and "Article 5" in reply["text"] + (reply["question"] or "")

    located = subprocess.run([str(prefix / "bin" / "python"), "-c", "import bot, knowledge; print(bot.__file__); "
                              "print(knowledge.__file__)"], cwd=elsewhere, env=_clean_env(), capture_output=True,
                             text=True, timeout=60)
    assert all(line.startswith(str(prefix)) for line in located.stdout.split()), located.stdout  # not the checkout

    (faq_home / ".env").parent.mkdir(parents=True, exist_ok=True)
    (faq_home / ".env").write_text(f"FAQBOT_DATA={faq_home / 'other.sqlite3'}\n")
    report = subprocess.run([str(faqbot), "report"], cwd=elsewhere, env=_clean_env(FAQBOT_HOME=str(faq_home)),
                            capture_output=True, text=True, timeout=120)
    assert str(faq_home / "other.sqlite3") in report.stdout  # the home's .env is read from any folder
