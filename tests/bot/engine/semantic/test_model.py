"""Model files: found in the package or FAQBOT_EMBED_MODEL, checked against a pinned sha256 once per change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine.semantic import model
from bot.engine.semantic.encoder import Encoder
from bot.engine.semantic.model import (
    MODEL_FILE,
    MODEL_SHA256,
    STAMP_FILE,
    ModelError,
    ModelFiles,
    pinned,
    resolve,
    sha256_of,
)


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


def _settled_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A weights file and its pin, old enough to be recorded (no settling time)."""
    monkeypatch.setattr(model, "_SETTLED_SECONDS", 0.0)
    weights = tmp_path / "weights.bin"
    weights.write_bytes(b"the pinned weights")
    return weights, sha256_of(weights)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every file read in full for its sha256."""
    read: list[Path] = []
    real = model.sha256_of
    monkeypatch.setattr(model, "sha256_of", lambda path: read.append(path) or real(path))
    return read


def test_a_verified_file_is_recorded_and_not_read_again_while_unchanged(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    weights, pin = _settled_weights(tmp_path, monkeypatch)
    read = _counting(monkeypatch)
    assert pinned(weights, pin, tmp_path / "cache") == pin
    assert (tmp_path / "cache" / STAMP_FILE).is_file() and read == [weights]
    assert pinned(weights, pin, tmp_path / "cache") == pin
    assert read == [weights]  # the record vouched for it


def test_a_file_changed_in_place_is_read_again_even_with_its_size_and_mtime_restored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weights, pin = _settled_weights(tmp_path, monkeypatch)
    assert pinned(weights, pin, tmp_path) == pin
    before = weights.stat()
    weights.write_bytes(b"the pinned weighTs")  # same size
    os.utime(weights, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime put back; ctime cannot be
    read = _counting(monkeypatch)
    assert pinned(weights, pin, tmp_path) != pin
    assert read == [weights]


def test_a_record_for_another_pin_or_a_damaged_record_is_not_trusted(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    weights, pin = _settled_weights(tmp_path, monkeypatch)
    assert pinned(weights, pin, tmp_path) == pin
    read = _counting(monkeypatch)
    assert pinned(weights, "0" * 64, tmp_path) == pin  # a new pin (an upgrade): the file is read
    (tmp_path / STAMP_FILE).write_text("{not json", encoding="utf-8")
    assert pinned(weights, pin, tmp_path) == pin
    assert read == [weights, weights]


def test_a_file_changed_a_moment_ago_is_verified_but_not_recorded(tmp_path: Path) -> None:
    weights = tmp_path / "weights.bin"
    weights.write_bytes(b"just written")  # a write within the same timestamp tick would go unseen
    assert pinned(weights, sha256_of(weights), tmp_path) == sha256_of(weights)
    assert not (tmp_path / STAMP_FILE).exists()


def test_a_corrupted_model_fails_even_when_an_earlier_good_copy_was_recorded(
        tmp_path: Path, model_files: ModelFiles, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "_SETTLED_SECONDS", 0.0)
    shutil.copyfile(model_files.model, tmp_path / MODEL_FILE)
    assert resolve(tmp_path, stamps=tmp_path / "cache").model == tmp_path / MODEL_FILE
    damaged = bytearray((tmp_path / MODEL_FILE).read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    (tmp_path / MODEL_FILE).write_bytes(bytes(damaged))
    with pytest.raises(ModelError, match="not the expected one"):
        resolve(tmp_path, stamps=tmp_path / "cache")
