"""Type stubs of docmend's public API (see __init__.py for the docstrings)."""

import os
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Literal,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
    overload,
)

__version__: str
__all__: List[str]

OUTPUTS: Tuple[str, ...]
DEFAULT_TIMEOUT: float

PathLike = Union[str, os.PathLike[str], os.PathLike[bytes]]
Data = Union[bytes, bytearray, memoryview]
Item = Union[PathLike, Data, Tuple[str, Data]]
Passes = Union[str, Sequence[str], None]
TextOutput = Literal["json", "markdown", "text", "html"]
DictOutput = Literal["dict", "stats"]
ListOutput = Literal["chunks"]

class DocmendError(Exception):
    path: str
    reason: str
    def __init__(self, path: str, reason: str) -> None: ...

class Result(NamedTuple):
    path: str
    value: Any
    error: Optional[DocmendError]
    @property
    def ok(self) -> bool: ...
    def unwrap(self) -> Any: ...

@overload
def convert(
    source: Union[PathLike, Data],
    *,
    to: DictOutput = "dict",
    format: Optional[str] = None,
    passes: Passes = None,
    password: Optional[str] = None,
    markers: bool = False,
    name: Optional[str] = None,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> Dict[str, Any]: ...
@overload
def convert(
    source: Union[PathLike, Data],
    *,
    to: TextOutput,
    format: Optional[str] = None,
    passes: Passes = None,
    password: Optional[str] = None,
    markers: bool = False,
    name: Optional[str] = None,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> str: ...
@overload
def convert(
    source: Union[PathLike, Data],
    *,
    to: ListOutput,
    format: Optional[str] = None,
    passes: Passes = None,
    password: Optional[str] = None,
    markers: bool = False,
    name: Optional[str] = None,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> List[Dict[str, Any]]: ...

class Pool:
    jobs: int
    to: str
    def __init__(
        self,
        *,
        jobs: Optional[int] = None,
        to: Union[DictOutput, TextOutput, ListOutput] = "dict",
        timeout: Optional[float] = 60.0,
        max_memory: Optional[int] = None,
        format: Optional[str] = None,
        passes: Passes = None,
        password: Optional[str] = None,
        markers: bool = False,
        max_input_bytes: Optional[int] = None,
        max_unpacked_bytes: Optional[int] = None,
        max_part_bytes: Optional[int] = None,
        max_table_cells: Optional[int] = None,
        max_pages: Optional[int] = None,
    ) -> None: ...
    @property
    def timeout(self) -> Optional[float]: ...
    @property
    def max_memory(self) -> Optional[int]: ...
    @property
    def closed(self) -> bool: ...
    def convert(self, source: Union[PathLike, Data], *, name: Optional[str] = None) -> Any: ...
    def convert_many(self, items: Iterable[Item]) -> Iterator[Result]: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Pool": ...
    def __exit__(self, *exc_info: object) -> None: ...

def convert_many(
    paths: Iterable[Item],
    *,
    jobs: Optional[int] = None,
    to: Union[DictOutput, TextOutput, ListOutput] = "dict",
    timeout: Optional[float] = 60.0,
    max_memory: Optional[int] = None,
    format: Optional[str] = None,
    passes: Passes = None,
    password: Optional[str] = None,
    markers: bool = False,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> Iterator[Result]: ...
def stats(
    paths: Iterable[Item],
    *,
    across_years: bool = False,
    issuers: Optional[PathLike] = None,
    sqlite: Optional[PathLike] = None,
    jobs: Optional[int] = None,
    timeout: Optional[float] = 60.0,
    max_memory: Optional[int] = None,
    format: Optional[str] = None,
    passes: Passes = None,
    password: Optional[str] = None,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> List[Dict[str, Any]]: ...
def across_years(
    paths: Iterable[Item],
    *,
    issuers: Optional[PathLike] = None,
    jobs: Optional[int] = None,
    timeout: Optional[float] = 60.0,
    max_memory: Optional[int] = None,
    format: Optional[str] = None,
    passes: Passes = None,
    password: Optional[str] = None,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> List[Dict[str, Any]]: ...
def shared_pool(
    *,
    jobs: Optional[int] = None,
    to: Union[DictOutput, TextOutput, ListOutput] = "dict",
    timeout: Optional[float] = 60.0,
    max_memory: Optional[int] = None,
    format: Optional[str] = None,
    passes: Passes = None,
    password: Optional[str] = None,
    markers: bool = False,
    max_input_bytes: Optional[int] = None,
    max_unpacked_bytes: Optional[int] = None,
    max_part_bytes: Optional[int] = None,
    max_table_cells: Optional[int] = None,
    max_pages: Optional[int] = None,
) -> Pool: ...
def formats() -> List[str]: ...
