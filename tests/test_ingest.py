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
    with pytest.raises(InputTooLong, match="max_chars") as refused:
        read_document(write(tmp_path, b"word " * 300), max_chars=1000)
    # The library names its own option, never a command-line flag (the CLI adds that).
    assert "--" not in str(refused.value) and refused.value.options == ("max_chars",)
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


PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour news</title><style>p {color: red}</style>"
    "<script>var x = '<p>not text</p>';</script></head><body><nav>Home | Sport</nav>"
    "<h1>Pier to reopen</h1><p>The pier <b>will</b> reopen on   Friday &amp; stay open.</p>"
    "<p>The union said it <i>might</i> strike.<br>Talks go on.</p>"
    "<ul><li>First item</li><li>Second item</li></ul><footer>© The Paper</footer></body></html>"
)


def test_html_is_detected_and_its_text_extracted() -> None:
    doc = make_document(PAGE)
    assert doc.text == (
        "Pier to reopen\n\nThe pier will reopen on Friday & stay open.\n\n"
        "The union said it might strike.\nTalks go on.\n\nFirst item\nSecond item"
    )
    assert doc.meta["format"] == "html" and doc.meta["html_chars"] == len(PAGE)
    assert "extracted" in doc.meta["offsets"]


def test_html_fragment_and_file_suffix(tmp_path: Path) -> None:
    assert make_document("<p>The pier will reopen.</p><p>Ships may dock.</p>").text == (
        "The pier will reopen.\n\nShips may dock."
    )
    path = write(tmp_path, b"The pier <em>will</em> reopen.", "statement.html")
    assert read_document(path).text == "The pier will reopen."  # .html: read as HTML
    assert make_document("<b>x</b> y", html=False).text == "<b>x</b> y"  # told it is text


@pytest.mark.parametrize(
    "text",
    [
        "The gate will open at noon. <script>alert(1)</script> It stays open.",
        "x < y and y > z, so <3 is a heart",
        "<p> alone at the start, then plain words",
    ],
)
def test_text_that_merely_contains_markup_stays_text(text: str) -> None:
    doc = make_document(text)
    assert doc.text == text and doc.meta["format"] == "text"


def test_html_without_words_is_empty() -> None:
    with pytest.raises(EmptyInput, match="HTML with no visible text"):
        make_document("<html><head><script>alert(1)</script></head><body> </body></html>")


@pytest.mark.parametrize("pattern", ["<div>", "<ul><li>", "<a><div>x</a>", "<b><div>"])
def test_pathologically_nested_html_is_refused_quickly(pattern: str) -> None:
    """HTML5 tree building costs (tags × open elements): 50,000 nested blocks would take the
    parser minutes; the estimate refuses them in milliseconds."""
    import time

    start = time.perf_counter()
    with pytest.raises(BinaryInput, match="nested too deeply"):
        make_document("<html><body>" + pattern * 50_000)
    assert time.perf_counter() - start < 2.0


def test_html_limit_counts_markup_separately() -> None:
    page = "<p>" + "word " * 300 + "</p>"
    assert make_document(page, max_chars=2000).meta["format"] == "html"  # 1,500 chars of text
    with pytest.raises(InputTooLong, match="limit for HTML"):
        make_document("<p>x</p><p>" + "y" * 10_000, max_chars=1000)


def test_lone_surrogates_become_replacement_characters() -> None:
    doc = make_document("The pier \ud800 will reopen.")
    assert doc.text == "The pier \ufffd will reopen." and doc.meta["replaced_surrogates"] == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The harbour will reopen on Friday, the minister told the council.", "en"),
        ("Le port rouvrira vendredi, a déclaré la ministre devant le conseil municipal.", "fr"),
        ("Der Hafen wird am Freitag wieder geöffnet, sagte die Ministerin dem Stadtrat.", "de"),
        ("Порт снова откроется в пятницу, заявила министр на заседании совета.", "ru"),
        ("El puerto volverá a abrir el viernes, dijo la ministra ante el consejo.", "es"),
        ("OK, 12:00.", "und"),
    ],
)
def test_language_is_identified(text: str, code: str) -> None:
    from takediff.language import detect

    assert detect(text).code == code


def test_language_notice_only_for_confident_foreign_text() -> None:
    from takediff.language import LanguageGuess, notice

    assert notice({"A": LanguageGuess("en", 0.99), "B": LanguageGuess("und", 0.3)}) is None
    text = notice({"A": LanguageGuess("en", 0.99), "B": LanguageGuess("fr", 0.99)})
    assert text is not None and "B: French" in text and "English only" in text


@pytest.mark.parametrize(
    "text",
    [
        "Le président a déclaré à la presse que le pont sera rouvert lundi.",
        "El alcalde dijo que el puente se abrirá el lunes para los camiones pequeños.",
        "Die Brücke wird am Montag für Lastwagen geöffnet, sagte der Bürgermeister.",
    ],
    ids=["French", "Spanish", "German"],
)
def test_a_short_latin1_quote_comes_back_as_written(tmp_path: Path, text: str) -> None:
    """One sentence is too little for charset detection alone (it read the French as cp775,
    "à" as "ą"); reranked by language fit, the quote is what was written."""
    doc = read_document(write(tmp_path, text.encode("latin-1")))
    assert doc.text == text


def test_central_european_text_is_read_in_its_code_page(tmp_path: Path) -> None:
    text = "Ministr řekl, že most bude v pondělí znovu otevřen pro nákladní auta."
    assert read_document(write(tmp_path, text.encode("cp1250"))).text == text


def test_a_guessed_code_page_is_said_so_in_the_metadata_and_the_report(tmp_path: Path) -> None:
    from takediff.ingest import encoding_notice

    text = "Le président a déclaré à la presse que le pont sera rouvert lundi."
    doc = read_document(write(tmp_path, text.encode("latin-1")))
    assert doc.meta["encoding"] == "cp1252"
    assert doc.meta["encoding_alternatives"]  # cp1250 and others read "à" otherwise
    note = encoding_notice({"Port": doc})
    assert note is not None and "Port: read as cp1252" in note
    plain = read_document(write(tmp_path, text.encode("utf-8"), "b.txt"))
    assert "encoding_alternatives" not in plain.meta
    assert encoding_notice({"Port": plain}) is None


def test_a_declared_encoding_is_used_as_given(tmp_path: Path) -> None:
    text = "Ministr řekl, že most bude v pondělí znovu otevřen."
    doc = read_document(write(tmp_path, text.encode("cp1250")), encoding="cp1250")
    assert doc.text == text and "encoding_alternatives" not in doc.meta
    with pytest.raises(UndecodableInput, match="not an encoding"):
        read_document(write(tmp_path, b"abc def ghi"), encoding="no-such-codec")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_text_not_binary(tmp_path: Path, codec: str) -> None:
    text = "The pier will reopen on Friday, the harbour board said."
    doc = read_document(write(tmp_path, text.encode(codec)))
    assert doc.text == text and doc.meta["encoding"] == codec


@pytest.mark.parametrize(
    ("text", "match"), [("%PDF-1.7\n1 0 obj", "PDF"), ("The pier\x00 opens on Friday.", "NUL")]
)
def test_text_from_a_caller_is_refused_as_a_file_would_be(text: str, match: str) -> None:
    with pytest.raises(BinaryInput, match=match):
        make_document(text)
