"""Catalogue runs on a Dask cluster: ``ccr run`` over a JSON Lines file, split across workers.

    python3 -m ccr.dask run [--scheduler ADDRESS | --workers N] [--bundle R.ccrb]
        [--as-of DATE] [--format text|json] [--lang en|zh] [--all] catalog.jsonl -o out/

or, from Python, :func:`run` with the same options. How it works:

1. The input is cut into byte ranges that end just after a newline (``--partition-bytes``
   each, about). A first round of small tasks counts each range's newlines, so every range
   knows the number its first line has in the whole file: messages and JSON error objects
   name the same lines as ``ccr run`` on the whole file.
2. The verified bundle's bytes are scattered to the workers once; each worker process loads
   and verifies them once and keeps the program, keyed by the bytes' SHA-256.
3. Each task streams its range in chunks through the bundle (``Bundle.evaluate_lines``) into
   a temporary file in the output directory, then renames it to ``part-NNNNNN.EXT`` (and
   ``part-NNNNNN.diagnostics``, the ``ccr run`` standard error lines of that range): a part
   either exists whole or not at all. The task returns only counts.
4. When every task is done, temporaries of lost attempts are removed and ``manifest.json``
   is written, last, atomically. Concatenating the parts in name order gives exactly the bytes
   ``ccr run`` writes for the whole file (``cat out/part-*.jsonl``).

A worker that dies mid-range (killed, machine lost) loses nothing: Dask reruns its task on
another worker, which writes the same bytes; the attempt is counted and logged. The input
and the output directory must be on a file system every worker sees (the same path), as for
``dask.bag.read_text``.

Without ``--scheduler``, a ``LocalCluster`` of ``--workers`` processes is started on
127.0.0.1 and stopped at the end. Exit codes are ``ccr run``'s: 0, 1 (some scheme
undetermined), 3 (some line failed, or the run failed), 2 (usage).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import sys
import time
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple

import ccr

# A partition is one task: large enough that the per-task overhead (a few milliseconds of
# scheduling) is small against evaluating it, small enough to balance the workers and to
# lose little work when one dies.
DEFAULT_PARTITION_BYTES = 64 << 20
# What a task hands to the library at a time: memory per task stays near this.
DEFAULT_CHUNK_BYTES = 8 << 20

MANIFEST = "manifest.json"
_TEMPORARY_MARK = ".tmp-"
_ATTEMPTS_DIR = ".ccr-attempts"

# The programs this worker process has loaded, by the SHA-256 of their bytes.
_PROGRAMS: Dict[str, ccr.Bundle] = {}


def _bundle_for(bundle_bytes: bytes, sha256: str) -> ccr.Bundle:
    bundle = _PROGRAMS.get(sha256)
    if bundle is None:
        bundle = ccr.Bundle.from_bytes(bundle_bytes, f"<bundle {sha256[:12]}>")
        if bundle.hash != sha256:
            raise ccr.BundleError("R0203", f"bundle bytes changed in transit (sha256 "
                                           f"{bundle.hash}, expected {sha256})")
        _PROGRAMS[sha256] = bundle
    return bundle


def split_ranges(path: str, partition_bytes: int) -> List[Tuple[int, int]]:
    """Returns byte ranges [start, end) covering the file, each ending just after a newline
    (or at the end of the file), each about ``partition_bytes`` long."""
    size = os.path.getsize(path)
    starts = [0]
    with open(path, "rb") as file:
        target = partition_bytes
        while target < size:
            file.seek(target - 1)
            # Read on until the newline that ends the line at `target - 1`.
            offset = target - 1
            while True:
                block = file.read(1 << 16)
                if not block:
                    offset = size
                    break
                newline = block.find(b"\n")
                if newline >= 0:
                    offset += newline + 1
                    break
                offset += len(block)
            if offset >= size:
                break
            starts.append(offset)
            target = offset + partition_bytes
    return [(start, end) for start, end in zip(starts, starts[1:] + [size]) if end > start]


def _count_newlines(path: str, start: int, end: int) -> int:
    count = 0
    with open(path, "rb") as file:
        file.seek(start)
        left = end - start
        while left > 0:
            block = file.read(min(left, 1 << 22))
            if not block:
                break
            count += block.count(b"\n")
            left -= len(block)
    return count


def _write_atomically(path: str, data: bytes) -> None:
    temporary = f"{path}{_TEMPORARY_MARK}{os.getpid()}-{uuid.uuid4().hex}"
    with open(temporary, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def _chunks(path: str, start: int, end: int, chunk_bytes: int):
    """Yields the bytes of [start, end) in pieces that end after a newline (or at `end`)."""
    with open(path, "rb") as file:
        file.seek(start)
        left = end - start
        carry = b""
        while left > 0 or carry:
            block = file.read(min(left, chunk_bytes)) if left > 0 else b""
            left -= len(block)
            data = carry + block
            if left > 0:
                cut = data.rfind(b"\n") + 1
                if cut == 0:  # a line longer than a chunk: read on
                    carry = data
                    continue
                carry = data[cut:]
                data = data[:cut]
            else:
                carry = b""
            if data:
                yield data


def evaluate_range(path: str, where: str, index: int, start: int, end: int, first_line: int,
                   bundle_bytes: bytes, sha256: str, options: Dict[str, Any], out_dir: str,
                   extension: str, chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> Dict[str, Any]:
    """One task: evaluates the lines in bytes [start, end) of `path` (the first numbered
    `first_line`) and writes part `index` atomically. Returns counts only."""
    name = f"part-{index:06d}"
    attempt = f"{name}.{os.getpid()}-{uuid.uuid4().hex[:8]}"
    os.makedirs(os.path.join(out_dir, _ATTEMPTS_DIR), exist_ok=True)
    open(os.path.join(out_dir, _ATTEMPTS_DIR, attempt), "wb").close()
    bundle = _bundle_for(bundle_bytes, sha256)
    text = options["format"] == "text"
    part = os.path.join(out_dir, f"{name}.{extension}")
    diagnostics_part = os.path.join(out_dir, f"{name}.diagnostics")
    suffix = f"{_TEMPORARY_MARK}{os.getpid()}-{uuid.uuid4().hex}"
    counts = {"lines": 0, "products": 0, "required": 0, "undetermined": 0, "errors": 0,
              "first_error_line": 0}
    line = first_line
    wrote_report = False
    with open(part + suffix, "wb") as out, open(diagnostics_part + suffix, "wb") as diagnostics:
        for data in _chunks(path, start, end, chunk_bytes):
            result = bundle.evaluate_lines(data, first_line=line, where=where, threads=1,
                                           **options)
            # Text reports are separated by a blank line, also across chunks and parts
            # (ccr run's rule). A part that is not the first starts with the separator; the
            # driver removes it from the first part that has reports (see _fix_first_part).
            if text and result.counts["products"] and (wrote_report or index > 0):
                out.write(b"\n")
            wrote_report |= result.counts["products"] > 0
            out.write(result.data)
            diagnostics.write(result.diagnostics.encode("utf-8"))
            for key in ("lines", "products", "required", "undetermined", "errors"):
                counts[key] += result.counts[key]
            if not counts["first_error_line"]:
                counts["first_error_line"] = result.counts["first_error_line"]
            line += data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        for file in (out, diagnostics):
            file.flush()
            os.fsync(file.fileno())
    os.replace(diagnostics_part + suffix, diagnostics_part)
    os.replace(part + suffix, part)
    return {"index": index, "part": os.path.basename(part), "first_line": first_line,
            "start": start, "end": end, "bytes": os.path.getsize(part), "counts": counts,
            "worker_pid": os.getpid()}


def _fix_first_part(out_dir: str, parts: List[Dict[str, Any]], log: Callable[[str], None]):
    """Text: the first part with reports must not start with a separator (ccr run writes none
    before its first report); only a part after parts without any report has one to drop."""
    for part in parts:
        if part["counts"]["products"] == 0:
            continue
        if part["index"] > 0:
            path = os.path.join(out_dir, part["part"])
            with open(path, "rb") as file:
                data = file.read()
            if data.startswith(b"\n"):
                _write_atomically(path, data[1:])
                part["bytes"] -= 1
                log(f"{part['part']}: first part with reports; leading separator removed")
        return


def _remove_leftovers(out_dir: str, log: Callable[[str], None]) -> Dict[str, int]:
    """Removes temporaries of attempts that died, and the attempt records; returns the number
    of attempts per part."""
    removed = 0
    for entry in sorted(os.listdir(out_dir)):
        if _TEMPORARY_MARK in entry and entry.startswith("part-"):
            os.remove(os.path.join(out_dir, entry))
            removed += 1
    if removed:
        log(f"removed {removed} temporary file(s) left by lost attempts")
    attempts: Dict[str, int] = {}
    attempts_dir = os.path.join(out_dir, _ATTEMPTS_DIR)
    if os.path.isdir(attempts_dir):
        for entry in os.listdir(attempts_dir):
            part = entry.split(".", 1)[0]
            attempts[part] = attempts.get(part, 0) + 1
            os.remove(os.path.join(attempts_dir, entry))
        os.rmdir(attempts_dir)
    return attempts


def _clear_output(out_dir: str) -> None:
    """Removes a previous run's manifest (first: a reader never pairs it with new parts), then
    its parts."""
    os.makedirs(out_dir, exist_ok=True)
    manifest = os.path.join(out_dir, MANIFEST)
    if os.path.exists(manifest):
        os.remove(manifest)
    for entry in os.listdir(out_dir):
        if entry.startswith("part-"):
            os.remove(os.path.join(out_dir, entry))


def run(catalog: str, out_dir: str, *, bundle: Optional[Any] = None,
        scheduler: Optional[str] = None, workers: int = 2, client: Any = None,
        as_of: Any = None, format: str = "text", lang: str = "en", all: bool = False,
        partition_bytes: int = DEFAULT_PARTITION_BYTES, chunk_bytes: int = DEFAULT_CHUNK_BYTES,
        log: Callable[[str], None] = lambda message: print(message, file=sys.stderr)
        ) -> Dict[str, Any]:
    """Evaluates a JSON Lines catalogue on a Dask cluster and writes ``out_dir/part-*`` and
    ``out_dir/manifest.json``. Returns the manifest (a dict).

    ``bundle``: a :class:`ccr.Bundle`, a ``.ccrb`` path, or None for the built-in bundle.
    ``client``: a ``distributed.Client`` to use; else ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``) is connected to; else a LocalCluster of ``workers`` processes is
    started on 127.0.0.1 and closed at the end. ``as_of``, ``format`` (text or json), ``lang``
    and ``all`` are ``ccr run``'s options; ``as_of`` defaults to today, fixed once here so
    every worker uses the same date."""
    import distributed

    if format not in ("text", "json"):
        raise ccr.OptionError("R0005" if format == "html" else "R0001",
                              f"--format {format}: a distributed run writes text or json")
    if isinstance(bundle, ccr.Bundle):
        program = bundle
    elif bundle is None:
        program = ccr.Bundle.default()
    else:
        program = ccr.Bundle.from_file(bundle)
    if as_of is None:
        as_of = datetime.date.today()
    if isinstance(as_of, datetime.date):
        as_of = as_of.strftime("%Y-%m-%d")
    program.evaluate("{}", as_of=as_of, format=format, lang=lang)  # options checked once, here
    bundle_bytes = program.to_bytes()
    sha256 = hashlib.sha256(bundle_bytes).hexdigest()
    where = catalog
    catalog = os.path.abspath(catalog)
    out_dir = os.path.abspath(out_dir)
    extension = "jsonl" if format == "json" else "txt"
    options = {"as_of": as_of, "format": format, "lang": lang, "all": all}

    own_cluster = None
    if client is None:
        if scheduler:
            client = distributed.Client(scheduler)
        else:
            own_cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None)
            client = distributed.Client(own_cluster)
    started = time.monotonic()
    try:
        _clear_output(out_dir)
        ranges = split_ranges(catalog, partition_bytes)
        log(f"{where}: {os.path.getsize(catalog)} bytes in {len(ranges)} partition(s) on "
            f"{len(client.scheduler_info()['workers'])} worker(s); bundle sha256 {sha256[:16]}")
        newline_futures = client.map(_count_newlines, [catalog] * len(ranges),
                                     [start for start, _ in ranges], [end for _, end in ranges],
                                     pure=False)
        newlines = client.gather(newline_futures)
        first_lines, line = [], 1
        for count in newlines:
            first_lines.append(line)
            line += count
        shared_bundle = client.scatter(bundle_bytes, broadcast=True, hash=False)
        futures = [client.submit(evaluate_range, catalog, where, index, start, end,
                                 first_lines[index], shared_bundle, sha256, options, out_dir,
                                 extension, chunk_bytes, pure=False, key=f"ccr-part-{index:06d}"
                                 f"-{uuid.uuid4().hex[:8]}")
                   for index, (start, end) in enumerate(ranges)]
        parts: List[Optional[Dict[str, Any]]] = [None] * len(ranges)
        try:
            for future in distributed.as_completed(futures):
                result = future.result()
                parts[result["index"]] = result
                log(f"{result['part']}: {result['counts']['products']} products, "
                    f"{result['counts']['errors']} failed lines (worker pid "
                    f"{result['worker_pid']})")
        except BaseException:
            # No manifest: the output is incomplete, and says so by its absence.
            client.cancel(futures)
            _remove_leftovers(out_dir, log)
            raise
    finally:
        if own_cluster is not None:
            client.close()
            own_cluster.close()
    done = [part for part in parts if part is not None]
    attempts = _remove_leftovers(out_dir, log)
    for part in done:
        tries = attempts.get(part["part"].split(".")[0], 1)
        part["attempts"] = tries
        if tries > 1:
            log(f"{part['part']}: rerun: {tries} attempts (a worker was lost mid-partition); "
                f"written once, by the last")
    if format == "text":
        _fix_first_part(out_dir, done, log)
    totals = {key: sum(part["counts"][key] for part in done)
              for key in ("products", "required", "undetermined", "errors")}
    totals["lines"] = sum(part["counts"]["lines"] for part in done)
    firsts = [part["counts"]["first_error_line"] for part in done
              if part["counts"]["first_error_line"]]
    totals["first_error_line"] = firsts[0] if firsts else 0
    exit_code = 3 if totals["errors"] else 1 if totals["undetermined"] else 0
    manifest = {
        "schema": "ccr.dask-run/1", "input": where, "input_bytes": os.path.getsize(catalog),
        "bundle_sha256": sha256, "options": options, "totals": totals, "exit_code": exit_code,
        "seconds": round(time.monotonic() - started, 3),
        "parts": [{key: part[key] for key in ("part", "first_line", "start", "end", "bytes",
                                              "counts", "attempts")} for part in done],
    }
    _write_atomically(os.path.join(out_dir, MANIFEST),
                      (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))
    log(f"{totals['products']} products ({totals['required']} with a required scheme, "
        f"{totals['undetermined']} undetermined), {totals['errors']} lines failed, in "
        f"{manifest['seconds']} s; manifest written last: {os.path.join(out_dir, MANIFEST)}")
    return manifest


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m ccr.dask",
                                     description="ccr run on a Dask cluster")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("run", help="evaluate a JSON Lines catalogue on a cluster")
    command.add_argument("catalog", help="the .jsonl catalogue (a path every worker can read)")
    command.add_argument("-o", "--output", required=True,
                         help="directory for the parts and manifest.json (seen by every worker)")
    command.add_argument("--scheduler", help="address of a running dask scheduler "
                                             "(default: start a LocalCluster on 127.0.0.1)")
    command.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                         help="worker processes of the LocalCluster (default: all cores)")
    command.add_argument("--bundle", help="a .ccrb file (default: the built-in bundle)")
    command.add_argument("--as-of", help="evaluate the rules in force on this date "
                                         "(default: today)")
    command.add_argument("--format", default="text", choices=["text", "json"])
    command.add_argument("--lang", default="en", choices=["en", "zh"])
    command.add_argument("--all", action="store_true",
                         help="also list the schemes that are not required")
    command.add_argument("--partition-bytes", type=int, default=DEFAULT_PARTITION_BYTES)
    command.add_argument("--chunk-bytes", type=int, default=DEFAULT_CHUNK_BYTES)
    args = parser.parse_args(argv)
    if args.workers < 1 or args.partition_bytes < 1 or args.chunk_bytes < 1:
        parser.error("--workers, --partition-bytes and --chunk-bytes must be positive")
    try:
        manifest = run(args.catalog, args.output, bundle=args.bundle, scheduler=args.scheduler,
                       workers=args.workers, as_of=args.as_of, format=args.format,
                       lang=args.lang, all=args.all, partition_bytes=args.partition_bytes,
                       chunk_bytes=args.chunk_bytes)
    except ccr.OptionError as error:
        print(f"error[{error.code}]: {error.message}", file=sys.stderr)
        return 2
    except ccr.Error as error:
        print(f"error[{error.code}]: {error.message}", file=sys.stderr)
        return 3
    except OSError as error:
        print(f"error[R0101]: {error}", file=sys.stderr)
        return 3
    return manifest["exit_code"]


if __name__ == "__main__":
    # Run the functions of the module `ccr.dask`, not of `__main__`: Dask sends functions by
    # reference to their module, and a worker has no such `__main__`.
    from ccr.dask import main as _main

    sys.exit(_main())
