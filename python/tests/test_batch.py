"""docmend.convert_many and docmend.Pool: results in input order, and one
bad file never costs the batch (each file converts in a worker process
under a time and a memory cap)."""

import json
import random

import pytest

import docmend
from conftest import CORRUPT_DOCX, SEED_003


def test_results_come_in_input_order_and_match_convert(seeds):
    order = [seed for seed in seeds for _ in range(4)]
    random.Random(7).shuffle(order)
    results = list(docmend.convert_many(order, jobs=3))
    assert [r.path for r in results] == [str(p) for p in order]
    assert all(r.ok and r.error is None for r in results)
    expected = {str(seed): docmend.convert(seed) for seed in seeds}
    for result in results:
        assert result.value == expected[result.path]


def test_a_batch_of_good_and_bad_files_keeps_going(seeds, tmp_path):
    missing = tmp_path / "missing.txt"
    directory = tmp_path / "a-directory"
    directory.mkdir()
    items = [
        seeds[0],
        missing,
        CORRUPT_DOCX[0],
        SEED_003,
        directory,
        ("garbage.docx", b"PK\x03\x04 not really a zip"),
        12345,
        seeds[4],
    ]
    results = list(docmend.convert_many(items, jobs=2))
    assert [r.ok for r in results] == [True, False, False, True, False, False, False, True]
    assert results[3].value["profile"]["year"] == 2022
    assert results[1].error.path == str(missing)
    assert "No such file" in results[1].error.reason
    assert results[2].error.path == str(CORRUPT_DOCX[0])
    assert "docx" in results[2].error.reason
    assert "directory" in results[4].error.reason
    assert results[5].path == "garbage.docx"
    assert results[6].error.reason == "not a path or bytes: int"
    with pytest.raises(docmend.DocmendError):
        results[1].unwrap()
    assert results[7].unwrap()["source"]["path"] == str(seeds[4])


def test_a_file_over_the_time_cap_is_killed_and_the_rest_go_on(huge_text):
    """The 58 MB text takes seconds; at a 1 s cap its worker is killed and
    replaced, and the files after it convert in the new worker."""
    items = [SEED_003, ("big.txt", huge_text), SEED_003, SEED_003]
    results = list(docmend.convert_many(items, jobs=1, timeout=1.0, to="json"))
    assert [r.ok for r in results] == [True, False, True, True]
    assert results[1].error.path == "big.txt"
    assert results[1].error.reason == "killed after 1 s (the timeout limit)"
    assert json.loads(results[3].value)["profile"]["year"] == 2022


def test_a_tiny_time_cap_names_the_cap(seeds):
    results = list(docmend.convert_many(seeds, timeout=0.001, jobs=2))
    assert len(results) == 5
    for seed, result in zip(seeds, results):
        assert result.path == str(seed)
        assert result.error.reason == "killed after 1 ms (the timeout limit)"


def test_a_file_over_the_memory_cap_fails_alone(big_text):
    items = [SEED_003, ("big.txt", big_text), SEED_003]
    results = list(docmend.convert_many(items, jobs=1, max_memory=128 << 20))
    assert [r.ok for r in results] == [True, False, True]
    reason = results[1].error.reason
    assert reason.startswith("stopped at the 128 MiB memory cap (max_memory): memory allocation of ")


def test_bytes_and_named_bytes_items():
    data = SEED_003.read_bytes()
    results = list(docmend.convert_many([data, ("named.txt", data), bytearray(data)], to="dict"))
    assert [r.path for r in results] == ["-", "named.txt", "-"]
    assert [r.value["profile"]["year"] for r in results] == [2022, 2022, 2022]


def test_every_output_through_workers(seeds):
    for to in ("json", "markdown", "text", "html"):
        results = list(docmend.convert_many(seeds[:2], to=to, jobs=1))
        assert [r.value for r in results] == [docmend.convert(s, to=to) for s in seeds[:2]]


def test_options_reach_the_workers():
    result = next(docmend.convert_many([SEED_003], passes="none"))
    assert result.value["source"]["passes"] == []
    page = b"<html><body><p>x</p></body></html>"
    forced = next(docmend.convert_many([("p.html", page)], format="text"))
    assert forced.value["source"]["format"] == "text"
    limited = next(docmend.convert_many([SEED_003], max_input_bytes=1000))
    assert "limit" in limited.error.reason


def test_a_pool_serves_many_batches_and_closes(seeds):
    with docmend.Pool(jobs=2, to="text") as pool:
        assert pool.timeout == 60.0
        assert pool.max_memory is None or pool.max_memory >= 1 << 30
        first = [r.value for r in pool.convert_many(seeds)]
        second = [r.value for r in pool.convert_many(reversed(seeds))]
        assert second == first[::-1]
        assert pool.convert(SEED_003).startswith("晋城市城区人民政府办公室")
        with pytest.raises(docmend.DocmendError):
            pool.convert(CORRUPT_DOCX[0])
    assert pool.closed
    with pytest.raises(ValueError, match="closed"):
        pool.convert_many(seeds)


def test_stopping_early_and_an_endless_input(seeds):
    def endless():
        while True:
            yield from seeds

    results = docmend.convert_many(endless(), jobs=2)
    taken = [next(results) for _ in range(12)]
    results.close()
    assert [r.path for r in taken] == [str(seeds[i % 5]) for i in range(12)]


def test_bad_batch_settings():
    with pytest.raises(ValueError, match="jobs"):
        docmend.convert_many([SEED_003], jobs=0)
    with pytest.raises(ValueError, match="timeout"):
        docmend.convert_many([SEED_003], timeout=-1)
    with pytest.raises(ValueError, match="unknown format"):
        docmend.convert_many([SEED_003], format="nonsense")


def test_results_pickle():
    import pickle

    result = docmend.Result("a.txt", None, docmend.DocmendError("a.txt", "why"))
    back = pickle.loads(pickle.dumps(result))
    assert back.path == "a.txt" and back.error.reason == "why" and not back.ok
