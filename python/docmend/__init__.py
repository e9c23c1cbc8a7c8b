"""docmend: messy report documents (text exports, HTML, DOCX, XLS/XLSX/ODS,
CSV/TSV, PDF) into one canonical JSON, with the tables that exporters
collapsed repaired.

One file, in this process::

    import docmend
    doc = docmend.convert("report.docx")               # the canonical JSON as a dict
    md = docmend.convert("report.pdf", to="markdown")  # for a retrieval pipeline

Many files, each in an isolated worker process under a time and a memory
cap, results in input order; one bad file never stops the batch::

    for result in docmend.convert_many(paths, jobs=4, timeout=30):
        if result.error is None:
            store(result.path, result.value)
        else:
            log(result.path, result.error.reason)

The interpreter's lock is released while a file converts, so threads
convert in parallel. See docs/python.md.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Iterable, Iterator, NamedTuple, Optional, Sequence, Tuple, Union

from . import _docmend

__version__: str = _docmend.__version__

__all__ = [
    "DocmendError",
    "Pool",
    "Result",
    "across_years",
    "convert",
    "convert_many",
    "formats",
    "shared_pool",
    "stats",
    "__version__",
]

#: What ``to=`` accepts: the canonical JSON as Python objects, as text, or
#: written as Markdown, plain text or HTML; ``stats`` is the row that
#: ``docmend stats --jsonl`` writes (a dict).
OUTPUTS = ("dict", "json", "markdown", "text", "html", "stats", "chunks")

# Internal output of stats(sqlite=…) and across_years(): each input's
# whole summary, as a native ReportSummary.
_SUMMARY = "summary"

#: The time cap per file of a batch, in seconds, when none is given (the
#: command's default).
DEFAULT_TIMEOUT = 60.0

# Where this package is installed: the worker imports it from there.
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class DocmendError(Exception):
    """A file could not be read or converted.

    ``path`` is the file's name as given (``source.path`` of its document)
    and ``reason`` says why, as the command line says it: ``"No such file
    or directory (os error 2)"``, ``"malformed docx: …"``, ``"killed after
    30 s (the timeout limit)"``, ``"stopped at the 1 GiB memory cap
    (max_memory): memory allocation of … failed"``.
    """

    path: str
    reason: str

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> Tuple[Any, Tuple[str, str]]:
        # Pickled as (path, reason), so that it crosses processes (Ray,
        # multiprocessing) whole.
        return (type(self), (self.path, self.reason))


class Result(NamedTuple):
    """One input of a batch: its converted output, or why it failed.

    Exactly one of ``value`` and ``error`` is set. ``path`` is the input's
    name: the path as given, or the name given with its bytes.
    """

    path: str
    value: Any
    error: Optional[DocmendError]

    @property
    def ok(self) -> bool:
        """Whether the input converted."""
        return self.error is None

    def unwrap(self) -> Any:
        """The value, or the error raised."""
        if self.error is not None:
            raise self.error
        return self.value


PathLike = Union[str, "os.PathLike[str]", "os.PathLike[bytes]"]
Data = Union[bytes, bytearray, memoryview]


def convert(
    source: Union[PathLike, Data],
    *,
    to: str = "dict",
    format: Optional[str] = None,
    passes: Union[str, Sequence[str], None] = None,
    password: Optional[str] = None,
    markers: bool = False,
    name: Optional[str] = None,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> Any:
    """Converts one document in this process.

    ``source`` is a path (``str`` or ``os.PathLike``), read here, or the
    document's bytes (``bytes``, ``bytearray``, ``memoryview``). ``name`` is
    recorded as ``source.path`` (default: the path as given, or ``"-"`` for
    bytes).

    ``to``: ``"dict"`` (the canonical JSON as Python objects), ``"json"``
    (the same as text), ``"markdown"``, ``"text"``, ``"html"`` (what
    ``docmend convert --to`` writes, ending in a newline; ``markers`` marks
    where pages and sheets begin), ``"stats"`` (the dict of one row of
    ``docmend stats --jsonl``), or ``"chunks"`` (a list of dicts, the
    chunks of ``docmend convert --to chunks`` of at most 2000 characters).

    ``format`` forces a converter (``"docx"``, ``"pdf"``, …) instead of
    detecting the format; ``passes`` runs exactly these passes, a list or a
    comma-separated string as ``--passes`` takes it (``"cleanup,repair"``;
    ``[]`` or ``"none"`` for none); ``password`` opens encrypted PDFs. The
    ``max_*`` limits are those of the command's flags of the same names.

    Raises :class:`DocmendError` naming the file and the reason when it
    cannot be read or converted, ``ValueError`` for a bad option, and
    ``TypeError`` for a source of another type. The interpreter's lock is
    released while the file converts. Without a worker process there is
    no time or memory cap: for untrusted files use :func:`convert_many` or
    :class:`Pool`.
    """
    settings = _settings(
        to, markers, format, passes, password,
        max_input_bytes, max_unpacked_bytes, max_part_bytes, max_table_cells, max_pages,
    )
    item = _item(source, name)
    if isinstance(item, Result):
        raise TypeError(item.error.reason)  # type: ignore[union-attr]
    name, path, data = item
    ok, payload = _docmend.convert(settings, name, path=path, data=data)
    if not ok:
        raise DocmendError(name, payload)
    return _decode(to, payload)


class Pool:
    """Worker processes that convert files one at a time each, under a
    time cap per file and a memory cap per worker, reused from file to
    file. A file that crashes its worker, exhausts its memory or takes too
    long fails alone, with the cause; its worker is replaced.

    ``jobs`` files convert at once (default: the cores this process may
    use). ``timeout`` is in seconds per file (``None`` or ``0``: no limit).
    ``max_memory`` caps each worker's address space in bytes (default: half
    the machine's memory shared among the workers, at least 1 GiB; ``0``:
    no limit). The other options are those of :func:`convert`.

    A worker is this interpreter (``sys.executable``) running
    ``docmend._worker``. Keep one pool for many batches to start the
    workers once; close it (or use ``with``) to end them. Raises
    :class:`DocmendError` (with ``path`` the interpreter) when no worker
    can be started.
    """

    def __init__(
        self,
        *,
        jobs: Optional[int] = None,
        to: str = "dict",
        timeout: Optional[float] = DEFAULT_TIMEOUT,
        max_memory: Optional[int] = None,
        format: Optional[str] = None,
        passes: Union[str, Sequence[str], None] = None,
        password: Optional[str] = None,
        markers: bool = False,
        max_input_bytes: Optional[int] = None,
        max_unpacked_bytes: Optional[int] = None,
        max_part_bytes: Optional[int] = None,
        max_table_cells: Optional[int] = None,
        max_pages: Optional[int] = None,
    ) -> None:
        self.jobs: int = _jobs(jobs)
        self.to: str = to
        settings = _settings(
            to, markers, format, passes, password,
            max_input_bytes, max_unpacked_bytes, max_part_bytes, max_table_cells, max_pages,
        )
        if timeout is not None and not timeout >= 0:
            raise ValueError(f"timeout={timeout!r}: must be a number of seconds, at least 0")
        if max_memory is not None and max_memory < 0:
            raise ValueError(f"max_memory={max_memory!r}: must be a number of bytes, at least 0")
        program, args = _worker_command()
        try:
            self._native = _docmend.WorkerPool(
                settings, program, args,
                jobs=self.jobs, timeout=timeout, max_memory=max_memory,
            )
        except OSError as e:
            raise DocmendError(program, str(e)) from None
        self._executor = ThreadPoolExecutor(self.jobs, thread_name_prefix="docmend")

    @property
    def timeout(self) -> Optional[float]:
        """The time cap per file in seconds; ``None`` for none."""
        return self._native.timeout

    @property
    def max_memory(self) -> Optional[int]:
        """The memory cap per worker in bytes; ``None`` for none."""
        return self._native.max_memory

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._native.closed

    def convert(self, source: Union[PathLike, Data], *, name: Optional[str] = None) -> Any:
        """Converts one path or bytes in a worker, on the calling thread:
        the output, or :class:`DocmendError` raised."""
        return self._one(source, name).unwrap()

    def convert_many(
        self, items: Iterable[Union[PathLike, Data, Tuple[str, Data]]]
    ) -> Iterator[Result]:
        """Converts every item, ``jobs`` at a time, and yields one
        :class:`Result` per item in input order.

        An item is a path, bytes (named ``"-"``) or a ``(name, bytes)``
        pair. Items are taken lazily, a few per job ahead of the result
        being waited for, so an endless iterable is fine. An item that
        fails (a missing file, a corrupt document, a worker killed at the
        time cap, an item of the wrong type) is a Result with ``error`` set,
        and the iteration goes on. Closing the iterator early cancels the
        items not yet started.
        """
        if self.closed:
            raise ValueError("the pool is closed")
        return self._ordered(iter(items))

    def close(self) -> None:
        """Waits for the files being converted, then ends the workers.
        Converting afterwards is a ``ValueError``."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._native.close()

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _ordered(self, items: Iterator[Any]) -> Iterator[Result]:
        window = self.jobs * 4
        pending: "deque[Future[Result]]" = deque()
        try:
            for item in items:
                pending.append(self._executor.submit(self._one, item, None))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def _one(self, source: Any, name: Optional[str]) -> Result:
        item = _item(source, name)
        if isinstance(item, Result):
            return item
        name, path, data = item
        try:
            if data is not None:
                ok, payload = self._native.convert_data(name, data)
            else:
                ok, payload = self._native.convert_path(name, path)
            if not ok:
                return Result(name, None, DocmendError(name, payload))
            return Result(name, _decode(self.to, payload), None)
        except Exception as e:  # one item never stops the batch
            return Result(name, None, DocmendError(name, f"{type(e).__name__}: {e}"))


def convert_many(
    paths: Iterable[Union[PathLike, Data, Tuple[str, Data]]],
    *,
    jobs: Optional[int] = None,
    to: str = "dict",
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    max_memory: Optional[int] = None,
    format: Optional[str] = None,
    passes: Union[str, Sequence[str], None] = None,
    password: Optional[str] = None,
    markers: bool = False,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> Iterator[Result]:
    """Converts many files in isolated worker processes, like the
    command's batch, and yields one :class:`Result` per input in input
    order: ``Result(path, value, error)``, ``value`` the output as
    :func:`convert` gives it, or ``error`` a :class:`DocmendError`.

    One bad file never stops the iteration: a file that cannot be read or
    converted, whose worker aborts or exhausts the ``max_memory`` cap, or
    that takes longer than ``timeout`` seconds is a Result with ``error``
    set, and the rest go on. See :class:`Pool` for ``jobs``, ``timeout``
    and ``max_memory``, :meth:`Pool.convert_many` for the items, and
    :func:`convert` for the other options. The workers end when the
    iterator is exhausted or closed.
    """
    pool = Pool(
        jobs=jobs, to=to, timeout=timeout, max_memory=max_memory, format=format,
        passes=passes, password=password, markers=markers,
        max_input_bytes=max_input_bytes, max_unpacked_bytes=max_unpacked_bytes,
        max_part_bytes=max_part_bytes, max_table_cells=max_table_cells, max_pages=max_pages,
    )
    return _closing(pool, pool.convert_many(paths))


def stats(
    paths: Iterable[Union[PathLike, Data, Tuple[str, Data]]],
    *,
    across_years: bool = False,
    issuers: Optional[PathLike] = None,
    sqlite: Optional[PathLike] = None,
    jobs: Optional[int] = None,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    max_memory: Optional[int] = None,
    format: Optional[str] = None,
    passes: Union[str, Sequence[str], None] = None,
    password: Optional[str] = None,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> "list[dict[str, Any]]":
    """The figures of annual reports, one dict per input in input order,
    converted in isolated worker processes as :func:`convert_many` does.

    A row has the fields of ``docmend stats --jsonl``: ``path``,
    ``sha256``, ``issuer``, ``year``, ``template``, ``is_report``,
    ``statistics`` (key → number, in the output contract's key order) and
    how many checks ended in each state: ``checks_failed``,
    ``checks_passed``, ``checks_uncertain``, ``checks_not_assessable``. An input that is not an annual report has a row
    with ``is_report`` false and empty statistics; an input that failed
    has ``{"path": …, "error": reason}``.

    ``across_years=True`` compares each issuer's reports year against
    year, as ``docmend stats --across-years`` does, and adds its columns to
    every report's row (``issuer_group``, ``previous_year_path``,
    ``years_passed``, ``years_failed``, ``years_not_assessable``,
    ``years_uncertain``, ``years_note``); ``issuers`` names a file of
    ``alias<TAB>canonical name`` lines for renamed bodies. ``sqlite``
    writes the corpus database of ``docmend stats --sqlite`` to that path
    as well (with the year tables under ``across_years``), under a
    temporary name renamed into place: an ``OSError`` leaves the path as
    it was. See docs/corpus-database.md.
    """
    options = dict(
        jobs=jobs, timeout=timeout, max_memory=max_memory,
        format=format, passes=passes, password=password,
        max_input_bytes=max_input_bytes, max_unpacked_bytes=max_unpacked_bytes,
        max_part_bytes=max_part_bytes, max_table_cells=max_table_cells, max_pages=max_pages,
    )
    if issuers is not None and not across_years:
        raise ValueError("issuers= needs across_years=True")
    _check_issuers(issuers)
    if not across_years and sqlite is None:
        return [
            r.value if r.error is None else {"path": r.path, "error": r.error.reason}
            for r in convert_many(paths, to="stats", **options)
        ]
    results = list(convert_many(paths, to=_SUMMARY, **options))
    summaries = [r.value for r in results if r.error is None]
    rows = [
        json.loads(r.value.row()) if r.error is None else {"path": r.path, "error": r.error.reason}
        for r in results
    ]
    if across_years:
        _, columns = _docmend.across_years(summaries, _path(issuers))
        empty = _EMPTY_YEAR_COLUMNS
        for row, result in zip(rows, results):
            if result.error is None:
                added = columns.get(result.value.path)
                row.update(json.loads(added) if added is not None else empty)
    if sqlite is not None:
        entries = [
            r.value if r.error is None else (r.path, r.error.reason) for r in results
        ]
        _docmend.write_database(os.fspath(sqlite), entries, across_years, _path(issuers))
    return rows


#: The year columns of a report in no group and no finding.
_EMPTY_YEAR_COLUMNS = {
    "issuer_group": None, "previous_year_path": None, "years_passed": 0, "years_failed": 0,
    "years_not_assessable": 0, "years_uncertain": 0, "years_note": None,
}


def across_years(
    paths: Iterable[Union[PathLike, Data, Tuple[str, Data]]],
    *,
    issuers: Optional[PathLike] = None,
    jobs: Optional[int] = None,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    max_memory: Optional[int] = None,
    format: Optional[str] = None,
    passes: Union[str, Sequence[str], None] = None,
    password: Optional[str] = None,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> "list[dict[str, Any]]":
    """Each issuer's annual reports compared year against year, as
    ``docmend check --across-years --json`` gives them: one dict per
    finding (``finding``: ``comparison``, ``gap``, ``duplicate`` or
    ``not_grouped``; ``state``, ``issuer``, ``rule``, the two reports' years
    and paths, ``expected``, ``found``, ``message``, ``keys``). Last
    year's carried-forward applications must be this year's carried-over
    ones, and last year's documents in force plus those issued, minus
    those repealed, this year's in force. ``issuers`` names a file of
    ``alias<TAB>canonical name`` lines for renamed bodies. The inputs are
    converted in worker processes as :func:`convert_many` does; inputs
    that fail are left out (:func:`stats` lists them). See docs/profile.md.
    """
    _check_issuers(issuers)
    results = convert_many(
        paths, jobs=jobs, to=_SUMMARY, timeout=timeout, max_memory=max_memory,
        format=format, passes=passes, password=password,
        max_input_bytes=max_input_bytes, max_unpacked_bytes=max_unpacked_bytes,
        max_part_bytes=max_part_bytes, max_table_cells=max_table_cells, max_pages=max_pages,
    )
    summaries = [r.value for r in results if r.error is None]
    findings, _ = _docmend.across_years(summaries, _path(issuers))
    return [json.loads(line) for line in findings.splitlines() if line]


def _check_issuers(issuers: Optional[PathLike]) -> None:
    """A ValueError now, before anything converts, for an issuer mapping
    that cannot be read."""
    if issuers is not None:
        _docmend.across_years([], _path(issuers))


def _path(path: Optional[PathLike]) -> Optional[str]:
    return None if path is None else os.fsdecode(os.fspath(path))


_shared: "dict[Any, Tuple[int, Pool]]" = {}
_shared_lock = threading.Lock()


def shared_pool(**settings: Any) -> Pool:
    """The :class:`Pool` of this process for these settings (the keywords
    of :class:`Pool`), started on first use and kept until the interpreter
    exits.

    For code that runs as many short tasks in one long-lived process, such
    as a Ray task or a Spark partition: the workers start once per process,
    not once per task. Safe to call from several threads. A process forked
    from one that holds a shared pool gets a pool of its own (the parent's
    workers answer only the parent)."""
    key = tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in settings.items())
    )
    with _shared_lock:
        held = _shared.get(key)
        if held is not None and held[0] == os.getpid() and not held[1].closed:
            return held[1]
        pool = Pool(**settings)
        _shared[key] = (os.getpid(), pool)
        return pool


@atexit.register
def _close_shared_pools() -> None:
    with _shared_lock:
        held = [pool for pid, pool in _shared.values() if pid == os.getpid()]
        _shared.clear()
    for pool in held:
        pool.close()


def formats() -> "list[str]":
    """The formats this build reads (``"text"``, ``"html"``, ``"docx"``, …)."""
    return list(_docmend.formats())


def _closing(pool: Pool, results: Iterator[Result]) -> Iterator[Result]:
    try:
        yield from results
    finally:
        pool.close()


def _settings(
    to: str,
    markers: bool,
    format: Optional[str],
    passes: Union[str, Sequence[str], None],
    password: Optional[str],
    max_input_bytes: Optional[int],
    max_unpacked_bytes: Optional[int],
    max_part_bytes: Optional[int],
    max_table_cells: Optional[int],
    max_pages: Optional[int],
) -> Any:
    if to not in OUTPUTS and to != _SUMMARY:
        raise ValueError(f"to={to!r}: must be one of {', '.join(map(repr, OUTPUTS))}")
    if passes is not None and not isinstance(passes, str):
        passes = ",".join(passes) or "none"
    return _docmend.Settings(
        "json" if to == "dict" else to,
        markers=bool(markers), format=format, passes=passes, password=password,
        max_input_bytes=max_input_bytes, max_unpacked_bytes=max_unpacked_bytes,
        max_part_bytes=max_part_bytes, max_table_cells=max_table_cells, max_pages=max_pages,
    )


def _item(source: Any, name: Optional[str]) -> Any:
    """``(name, path, data)`` for one input, or a failed Result for an
    input of the wrong type."""
    if isinstance(source, tuple) and len(source) == 2 and name is None:
        name, source = source
        if not isinstance(name, str):
            return _wrong(repr(name), "the name of a (name, bytes) pair must be a str")
        if not isinstance(source, (bytes, bytearray, memoryview)):
            return _wrong(name, "a (name, bytes) pair needs bytes")
    if isinstance(source, (bytes, bytearray, memoryview)):
        return (name if name is not None else "-", None, bytes(source))
    if isinstance(source, (str, os.PathLike)):
        path = os.fsdecode(os.fspath(source))
        return (name if name is not None else path, path, None)
    shown = name if name is not None else repr(source)
    return _wrong(shown, f"not a path or bytes: {type(source).__name__}")


def _wrong(name: str, reason: str) -> Result:
    return Result(name, None, DocmendError(name, reason))


def _decode(to: str, payload: Any) -> Any:
    if to == _SUMMARY:
        return payload
    if to in ("dict", "stats"):
        return json.loads(payload)
    if to == "chunks":
        return [json.loads(line) for line in payload.splitlines() if line]
    return payload.decode("utf-8")


def _jobs(jobs: Optional[int]) -> int:
    if jobs is None:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on every system
            return os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs={jobs!r}: must be a whole number of at least 1")
    return jobs


def _worker_command() -> Tuple[str, "list[str]"]:
    """This interpreter running docmend._worker from where this package is
    installed, whatever the worker's current directory holds."""
    program = sys.executable
    if not program:
        raise DocmendError("sys.executable", "cannot start worker processes: the interpreter's path is unknown")
    code = (
        "import sys; sys.path.insert(0, {root!r}); import docmend._worker as worker; "
        "del sys.path[0]; sys.exit(worker.main())"
    ).format(root=_PACKAGE_ROOT)
    return program, ["-c", code]
