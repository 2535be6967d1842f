"""Model files: found in the package or FAQBOT_EMBED_MODEL, checked against pinned sha256, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine.semantic.encoder import Encoder
from bot.engine.semantic.model import MODEL_FILE, MODEL_SHA256, ModelError, ModelFiles, resolve, sha256_of


def test_the_installed_model_matches_its_pinned_checksum(model_files: ModelFiles) -> None:
    assert model_files.model.name == MODEL_FILE
    assert sha256_of(model_files.model) == MODEL_SHA256


def test_a_folder_with_the_right_model_file_is_used(tmp_path: Path, model_files: ModelFiles) -> None:
    shutil.copyfile(model_files.model, tmp_path / MODEL_FILE)
    assert resolve(tmp_path).model == tmp_path / MODEL_FILE


def test_a_missing_model_file_names_the_setting_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        resolve(tmp_path)
    message = str(caught.value)
    assert "missing" in message and "FAQBOT_EMBED_MODEL" in message and "reinstall faqbot" in message


def test_a_corrupted_model_file_fails_its_checksum(tmp_path: Path, model_files: ModelFiles) -> None:
    damaged = bytearray(model_files.model.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # one flipped byte in the weights
    (tmp_path / MODEL_FILE).write_bytes(bytes(damaged))
    with pytest.raises(ModelError, match="not the expected one") as caught:
        resolve(tmp_path)
    assert str(tmp_path / MODEL_FILE) in str(caught.value)


def test_a_truncated_model_file_fails_its_checksum(tmp_path: Path, model_files: ModelFiles) -> None:
    (tmp_path / MODEL_FILE).write_bytes(model_files.model.read_bytes()[:1000])
    with pytest.raises(ModelError, match="sha256"):
        resolve(tmp_path)


def test_an_unloadable_model_is_a_model_error(tmp_path: Path, model_files: ModelFiles) -> None:
    garbage = tmp_path / MODEL_FILE
    garbage.write_bytes(b"not an onnx model")
    with pytest.raises(ModelError, match="cannot load the embedding model"):
        Encoder(ModelFiles(model=garbage, tokenizer=model_files.tokenizer))


def test_the_cli_reports_a_corrupted_model_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / MODEL_FILE).write_bytes(b"\0" * 4096)
    monkeypatch.setenv("FAQBOT_EMBED_MODEL", str(tmp_path))
    monkeypatch.setenv("FAQBOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FAQBOT_KB", raising=False)
    assert main(["ask", "--matcher", "semantic", "what is article 5"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "not the expected one" in captured.err and "Traceback" not in captured.err
