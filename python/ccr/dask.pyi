# Type stubs for ccr.dask (docstrings in ccr/dask.py).
from typing import Any, Callable, Dict, List, Optional, Tuple

import ccr

DEFAULT_PARTITION_BYTES: int
DEFAULT_CHUNK_BYTES: int
MANIFEST: str

def split_ranges(path: str, partition_bytes: int) -> List[Tuple[int, int]]: ...
def evaluate_range(path: str, where: str, index: int, start: int, end: int, first_line: int,
                   bundle_bytes: bytes, sha256: str, options: Dict[str, Any], out_dir: str,
                   extension: str, chunk_bytes: int = ...) -> Dict[str, Any]: ...
def run(catalog: str, out_dir: str, *, bundle: Optional[Any] = ...,
        scheduler: Optional[str] = ..., workers: int = ..., client: Any = ...,
        as_of: Any = ..., format: str = ..., lang: str = ..., all: bool = ...,
        partition_bytes: int = ..., chunk_bytes: int = ...,
        log: Callable[[str], None] = ...) -> Dict[str, Any]: ...
def main(argv: Optional[List[str]] = ...) -> int: ...
