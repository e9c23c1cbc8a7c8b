"""docmend.convert: one document in this process, every output, bytes
input, options and errors. Expected values are read off the seeds' source
text (fixtures/text/003_b40d9c03878ac230.txt, line numbers below)."""

import hashlib
import json
import pathlib
import pickle
import threading
import time

import pytest

import docmend
from conftest import CORRUPT_DOCX, FIXTURES, SEED_003

ISSUER_003 = "晋城市城区人民政府办公室"  # line 1
TITLE_003 = "2022年政府信息公开工作年度报告"  # line 2


def tables(document):
    return [block for block in document["blocks"] if block["type"] == "table"]


def cell(table, row, col):
    for c in table["cells"]:
        if (c["row"], c["col"]) == (row, col):
            return c
    raise AssertionError(f"no cell at ({row}, {col})")


def test_seed_003_as_a_dict_has_its_profile_and_tables():
    document = docmend.convert(str(SEED_003))
    assert document["schema_version"] == "2"
    source = document["source"]
    assert source["path"] == str(SEED_003)
    assert source["format"] == "text"
    assert source["sha256"] == hashlib.sha256(SEED_003.read_bytes()).hexdigest()
    profile = document["profile"]
    assert profile["year"] == 2022
    assert profile["issuer"] == ISSUER_003
    assert profile["template"] == "2021"
    # Line 57-58: 一、本年新收政府信息公开申请数量 | 6 | (自然人).
    assert profile["statistics"]["applications.new_received.natural_person"] == 6
    first = tables(document)[0]
    # Lines 16-28: a title row over all four columns, a header row, then
    # 规章 | 0 | 0 | 0.
    assert (first["n_rows"], first["n_cols"]) == (14, 4)
    title = cell(first, 0, 0)
    assert (title["text"], title["col_span"]) == ("第二十条第(一)项", 4)
    assert cell(first, 1, 1)["text"] == "本年制发件数"
    assert cell(first, 2, 0)["text"] == "规章"
    assert cell(first, 2, 3)["value"] == 0


def test_every_seed_converts_and_json_is_the_same_document(seeds):
    for seed in seeds:
        document = docmend.convert(seed)
        assert document["source"]["path"] == str(seed)
        assert document["blocks"], seed
        text = docmend.convert(seed, to="json")
        assert text.endswith("}\n")
        assert json.loads(text) == document


def test_markdown_text_and_html_of_seed_003():
    markdown = docmend.convert(SEED_003, to="markdown")
    assert f"# {TITLE_003}\n" in markdown
    assert '<tr><th colspan="4">第二十条第(一)项</th></tr>' in markdown
    assert "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>" in markdown

    text = docmend.convert(SEED_003, to="text")
    assert TITLE_003 in text
    assert "<" not in text
    row = next(line for line in text.splitlines() if line.startswith("规章"))
    assert row.split() == ["规章", "0", "0", "0"]

    html = docmend.convert(SEED_003, to="html")
    assert html.startswith("<!DOCTYPE html>")
    assert f"<title>{TITLE_003}</title>" in html
    assert '<th colspan="4">第二十条第(一)项</th>' in html


def test_chunks_of_seed_003_follow_its_headings():
    chunks = docmend.convert(SEED_003, to="chunks")
    assert [c["index"] for c in chunks] == list(range(len(chunks)))
    assert all(c["chars"] <= 2000 and c["path"] == str(SEED_003) for c in chunks)
    applications = [
        c for c in chunks if c["heading_path"][:1] == ["三、收到和处理政府信息公开申请情况"]
    ]
    assert applications and "申请人情况" in applications[0]["text"]
    # Every row of the application table in exactly one chunk.
    assert sum(c["text"].count("四、结转下年度继续办理") for c in applications) == 1


def test_markers_mark_where_sheets_begin():
    workbook = FIXTURES / "spreadsheet" / "several_sheets.xlsx"
    plain = docmend.convert(workbook, to="markdown")
    marked = docmend.convert(workbook, to="markdown", markers=True)
    # The workbook's sheets 概况, 隐藏 and 数据 (fixtures/spreadsheet/generate.py).
    for sheet in ("概况", "隐藏", "数据"):
        assert f"<!-- sheet: {sheet} -->" in marked
        assert f"# {sheet}" in plain
    assert "<!-- sheet" not in plain


def test_bytes_are_named_as_given():
    data = SEED_003.read_bytes()
    for source in (data, bytearray(data), memoryview(data)):
        document = docmend.convert(source, name="reports/003.txt")
        assert document["source"]["path"] == "reports/003.txt"
        assert document["profile"]["year"] == 2022
    assert docmend.convert(data)["source"]["path"] == "-"


def test_a_path_object_and_a_name_for_a_path():
    document = docmend.convert(pathlib.Path(SEED_003), name="003.txt")
    assert document["source"]["path"] == "003.txt"


def test_passes_run_exactly_as_listed():
    document = docmend.convert(SEED_003, passes="none")
    assert document["source"]["passes"] == []
    assert document.get("profile") is None
    assert docmend.convert(SEED_003, passes=[])["source"]["passes"] == []
    listed = docmend.convert(SEED_003, passes=["repair", "profile"])
    assert listed["source"]["passes"] == ["repair", "profile"]
    assert listed["profile"]["year"] == 2022
    every = docmend.convert(SEED_003)["source"]["passes"]
    assert "cleanup" not in every and {"repair", "profile", "headings"} <= set(every)


def test_a_forced_format_replaces_detection():
    page = b"<html><body><table><tr><td>a</td><td>1</td></tr></table></body></html>"
    assert docmend.convert(page)["source"]["format"] == "html"
    forced = docmend.convert(page, format="text")
    assert forced["source"]["format"] == "text"
    assert forced["source"]["converter"] == "text"


def test_bad_options_are_value_errors():
    with pytest.raises(ValueError, match="unknown format"):
        docmend.convert(SEED_003, format="nonsense")
    with pytest.raises(ValueError, match="unknown pass"):
        docmend.convert(SEED_003, passes="repair,nonsense")
    with pytest.raises(ValueError, match="to="):
        docmend.convert(SEED_003, to="yaml")
    with pytest.raises(TypeError):
        docmend.convert(12345)


def test_a_missing_file_names_the_file_and_the_reason(tmp_path):
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(docmend.DocmendError) as caught:
        docmend.convert(missing)
    error = caught.value
    assert error.path == str(missing)
    assert "No such file" in error.reason
    assert str(error) == f"{missing}: {error.reason}"


def test_corrupt_docx_files_fail_with_their_reason():
    assert len(CORRUPT_DOCX) >= 5
    reasons = {}
    for path in CORRUPT_DOCX:
        with pytest.raises(docmend.DocmendError) as caught:
            docmend.convert(path)
        assert caught.value.path == str(path)
        reasons[path.name] = caught.value.reason
    assert "malformed XML" in reasons["corrupt_malformed_xml.docx"]
    assert "no word/document.xml" in reasons["corrupt_missing_document.docx"]
    assert "zip bomb" in reasons["corrupt_zip_bomb.docx"]
    assert "3000000000 bytes" in reasons["corrupt_declared_3gb.docx"]


def test_limits_are_the_commands():
    with pytest.raises(docmend.DocmendError, match="limit") as caught:
        docmend.convert(SEED_003, max_input_bytes=1000)
    assert caught.value.path == str(SEED_003)
    small = FIXTURES / "docx" / "hyperlinks.docx"
    with pytest.raises(docmend.DocmendError, match="unpack"):
        docmend.convert(small, max_unpacked_bytes=100)


def test_the_error_survives_pickling():
    error = docmend.DocmendError("a.docx", "malformed docx")
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), back.path, back.reason, str(back)) == (
        docmend.DocmendError, "a.docx", "malformed docx", "a.docx: malformed docx"
    )


def test_threads_convert_at_once_without_holding_the_lock(big_text):
    """The interpreter's lock is released while converting: while two
    threads convert, this thread keeps running, and both finish."""
    data = big_text  # about a second each
    results = {}

    def work(key):
        results[key] = docmend.convert(data, name=key, to="json")

    threads = [threading.Thread(target=work, args=(k,)) for k in ("a", "b")]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    gaps, last = [], time.perf_counter()
    while any(thread.is_alive() for thread in threads):
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join()
    assert set(results) == {"a", "b"}
    assert json.loads(results["a"])["source"]["path"] == "a"
    assert json.loads(results["b"])["source"]["path"] == "b"
    # Held through a conversion, the lock would have stopped this thread
    # for the whole of it.
    assert elapsed > 0.2, f"the conversions took only {elapsed:.3f} s"
    assert max(gaps) < elapsed / 2, f"this thread waited {max(gaps):.3f} s of {elapsed:.3f} s"


def test_formats_and_version():
    assert {"text", "html", "docx", "pdf", "xlsx", "csv"} <= set(docmend.formats())
    assert docmend.__version__.count(".") == 2
