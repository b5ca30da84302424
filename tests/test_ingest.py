from pathlib import Path

import pytest

from takediff.errors import (
    BinaryInput,
    EmptyInput,
    InputNotFound,
    InputTooLong,
    UndecodableInput,
)
from takediff.ingest import make_document, read_document


def write(tmp_path: Path, data: bytes, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_bom_decodes(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "\ufeffTalks begin today.".encode()))
    assert doc.text == "Talks begin today."


def test_latin1_is_detected_and_decoded(tmp_path: Path) -> None:
    text = "Le président a déclaré que les négociations commenceront bientôt à Genève. " * 3
    doc = read_document(write(tmp_path, text.encode("latin-1")))
    assert "président" in doc.text and "Genève" in doc.text
    assert doc.meta["encoding"] != "utf-8"


def test_utf16_with_bom_decodes(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "Talks will begin on Monday.".encode("utf-16")))
    assert doc.text == "Talks will begin on Monday."


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n"])
def test_empty_and_blank_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(EmptyInput, match="nothing to compare"):
        read_document(write(tmp_path, data))


@pytest.mark.parametrize(
    ("data", "match"),
    [(b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"abc\x00\x01\x02def", "NUL")],
)
def test_binary_is_refused_with_reason(tmp_path: Path, data: bytes, match: str) -> None:
    with pytest.raises(BinaryInput, match=match):
        read_document(write(tmp_path, data))


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    import random

    data = bytes(random.Random(1).randrange(128, 256) for _ in range(3000))
    with pytest.raises((UndecodableInput, BinaryInput)):
        read_document(write(tmp_path, data))


def test_too_long_is_refused_not_truncated(tmp_path: Path) -> None:
    with pytest.raises(InputTooLong, match="--max-chars"):
        read_document(write(tmp_path, b"word " * 300), max_chars=1000)
    with pytest.raises(InputTooLong):
        make_document("x" * 1001, max_chars=1000)
    assert make_document("x" * 1000, max_chars=1000).text == "x" * 1000


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputNotFound, match="directory"):
        read_document(tmp_path)


def test_document_id_is_stable_and_content_derived() -> None:
    assert make_document("Same words.").id == make_document("Same words.").id
    assert make_document("Same words.").id != make_document("Other words.").id
