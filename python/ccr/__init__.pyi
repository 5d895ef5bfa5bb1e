# Type stubs for the ccr module (docstrings in ccr/__init__.py).
import datetime
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

_Facts = Union[Mapping[str, Any], str, bytes]
_Date = Union[str, datetime.date, None]
_Path = Union[str, os.PathLike[str]]

def version() -> str: ...
def bytecode_format_version() -> int: ...

class Error(Exception):
    code: str
    message: str
    def __init__(self, code: str, message: str) -> None: ...

class CompileError(Error):
    diagnostics: List[Diagnostic]
    def __init__(self, code: str, message: str, diagnostics: List[Diagnostic]) -> None: ...

class BundleError(Error): ...

class FactsError(Error, ValueError):
    line: Optional[int]
    def __init__(self, code: str, message: str, line: Optional[int] = ...) -> None: ...

class OptionError(Error, ValueError): ...

class OutputError(Error, OSError): ...

class Diagnostic:
    code: str
    severity: str
    path: Optional[str]
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    help: str
    text: str
    def __init__(self, fields: Mapping[str, Any]) -> None: ...

class BatchResult:
    data: bytes
    diagnostics: str
    counts: Dict[str, int]
    exit_code: int
    @property
    def output(self) -> str: ...

class Bundle:
    @classmethod
    def default(cls) -> Bundle: ...
    @classmethod
    def from_bytes(cls, data: bytes, name: str = ...) -> Bundle: ...
    @classmethod
    def from_file(cls, path: _Path) -> Bundle: ...
    def to_bytes(self) -> bytes: ...
    @property
    def hash(self) -> str: ...
    def evaluate(self, facts: _Facts, *, as_of: _Date = ..., format: str = ...,
                 lang: str = ..., all: bool = ..., where: Optional[str] = ...) -> str: ...
    def evaluate_lines(self, lines: Union[str, bytes, Iterable[_Facts]], *, as_of: _Date = ...,
                       format: str = ..., lang: str = ..., all: bool = ..., threads: int = ...,
                       where: Optional[str] = ..., first_line: int = ...,
                       max_line_bytes: int = ..., raise_on_error: bool = ...,
                       out: Optional[_Path] = ...) -> BatchResult: ...
    def next_questions(self, facts: _Facts, *, as_of: _Date = ...,
                       where: Optional[str] = ...) -> Dict[str, Any]: ...
    def next_questions_json(self, facts: _Facts, *, as_of: _Date = ...,
                            where: Optional[str] = ...) -> str: ...

def compile(source: Union[str, Mapping[str, str], _Path, Sequence[_Path], None] = ..., *,
            paths: Optional[Sequence[_Path]] = ..., stdlib: bool = ...) -> Bundle: ...
def compile_with_diagnostics(
        source: Union[str, Mapping[str, str], _Path, Sequence[_Path], None] = ..., *,
        paths: Optional[Sequence[_Path]] = ...,
        stdlib: bool = ...) -> Tuple[Bundle, List[Diagnostic]]: ...
def requirements_frame(bundle: Bundle, products: Any, *, as_of: _Date = ..., all: bool = ...,
                       threads: int = ..., product_column: str = ...) -> Any: ...
