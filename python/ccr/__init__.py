"""ccr: which Chinese certifications does a product need, and why, from Python.

The same compiler and evaluator as the ``ccrc`` and ``ccr`` commands, through libccr's C API:
a report from :meth:`Bundle.evaluate` is byte for byte what ``ccr run`` prints for the same
options.

    >>> import ccr
    >>> bundle = ccr.Bundle.default()            # the rules `ccr run` uses
    >>> print(bundle.evaluate({"product": "Phone", "category": "smartphone"},
    ...                       as_of="2025-06-01", format="json"))
    >>> batch = bundle.evaluate_lines(open("catalog.jsonl", "rb").read(), format="json")
    >>> frame = ccr.requirements_frame(bundle, products_dataframe)   # pandas

Errors are exceptions carrying ccr's stable codes (docs/errors.md, docs/diagnostics.md):
:class:`CompileError` (rules with errors, with the diagnostics as data), :class:`BundleError`
(bytes that are not a valid bundle), :class:`FactsError` (facts that cannot be bound, with the
line), :class:`OptionError` (a bad option value). None of them, nor anything else, crashes the
interpreter: every failure in the library comes back as one of these.

A :class:`Bundle` is immutable and safe to share between threads; evaluation releases the GIL,
and :meth:`Bundle.evaluate_lines` evaluates a batch on all cores. Bundles pickle as their
bytes (verified again when unpickled), so they travel to Dask workers (see ``ccr.dask``).
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
import os as _os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _native

__all__ = [
    "Bundle", "BatchResult", "Diagnostic", "Error", "CompileError", "BundleError", "FactsError",
    "OptionError", "OutputError", "compile", "compile_with_diagnostics", "requirements_frame", "version", "bytecode_format_version",
]


def version() -> str:
    """Returns libccr's version (the same as ``ccr --version``)."""
    return _native.version()


def bytecode_format_version() -> int:
    """Returns the bundle (.ccrb) format version this library reads and writes."""
    return _native.bytecode_format_version()


class Error(Exception):
    """A failure reported by ccr, with its stable code (``R0301``, ``E0201``).

    ``code`` names the kind of problem (docs/errors.md); ``message`` says where and what to do.
    ``str(error)`` is ``[CODE] message``.
    """

    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class CompileError(Error):
    """Rule sources with errors. ``diagnostics`` lists every diagnostic (errors and warnings)
    as :class:`Diagnostic` objects; ``code`` is the first error's."""

    def __init__(self, code: str, message: str, diagnostics: List["Diagnostic"]):
        super().__init__(code, message)
        self.diagnostics = diagnostics


class BundleError(Error):
    """Bytes that are not a valid bundle: not a ``.ccrb`` (R0201), another format version
    (R0202), damaged (R0203), over a limit (R0204); also an input that cannot be read (R01xx)
    and an internal failure of the library (R0007)."""


class FactsError(Error, ValueError):
    """Product facts that cannot be evaluated: not JSON (R0301), not an object (R0302), a value
    that does not fit its fact (R0303), a line over the length limit (R0304), facts that
    contradict each other (R0309). ``line`` is the
    1-based line of a batch or row of a frame, or None for a single product."""

    def __init__(self, code: str, message: str, line: Optional[int] = None):
        super().__init__(code, message)
        self.line = line


class OptionError(Error, ValueError):
    """An option ccr does not accept: an unknown format or language, a bad date (R0001), or
    ``format="html"`` for a batch (R0005)."""


class OutputError(Error, OSError):
    """A file ccr writes cannot be written (R0102): the message names it; a file that was
    there before stays as it was."""


class Diagnostic:
    """One diagnostic of a compilation, as data (the fields of ``ccrc --error-format json``).

    ``text`` is the diagnostic as ``ccrc`` prints it, with the source line and a caret."""

    __slots__ = ("code", "severity", "path", "line", "column", "end_line", "end_column",
                 "message", "help", "text")

    def __init__(self, fields: Mapping[str, Any]):
        for name in self.__slots__:
            setattr(self, name, fields[name])

    def __repr__(self) -> str:
        return (f"Diagnostic({self.code} {self.severity} at {self.path}:{self.line}:"
                f"{self.column}: {self.message!r})")


def _raise(error: tuple, line: Optional[int] = None) -> None:
    code, message, error_line = error
    if code.startswith("R03"):
        raise FactsError(code, message, line if line is not None else (error_line or None))
    if code in ("R0001", "R0005"):
        raise OptionError(code, message)
    if code == "R0102":
        raise OutputError(code, message)
    raise BundleError(code, message)


_Facts = Union[Mapping[str, Any], str, bytes]
_Date = Union[str, _datetime.date, None]


def _facts_bytes(facts: _Facts) -> bytes:
    if isinstance(facts, bytes):
        return facts
    if isinstance(facts, str):
        return facts.encode("utf-8")
    if isinstance(facts, Mapping):
        return _json.dumps(facts, ensure_ascii=False, allow_nan=False).encode("utf-8")
    raise TypeError(f"facts must be a dict, JSON text or bytes, not {type(facts).__name__}")


def _lines_bytes(lines: Union[str, bytes, Iterable[_Facts]]) -> bytes:
    if isinstance(lines, bytes):
        return lines
    if isinstance(lines, str):
        return lines.encode("utf-8")
    parts = []
    for item in lines:
        data = _facts_bytes(item)
        if b"\n" in data:  # one product per line: pretty-printed JSON would split
            data = _json.dumps(_json.loads(data), ensure_ascii=False).encode("utf-8")
        parts.append(data)
    return b"\n".join(parts) + (b"\n" if parts else b"")


def _options(as_of: _Date, format: str, lang: str, all: bool, where: Optional[str],
             threads: int = 0, first_line: int = 0, max_line_bytes: int = 0) -> Any:
    options = _native.Options()
    if isinstance(as_of, (_datetime.date, _datetime.datetime)):
        as_of = as_of.strftime("%Y-%m-%d")
    options.as_of = as_of
    options.format = format
    options.lang = lang
    options.all = bool(all)
    options.where = where
    if threads < 0:
        raise OptionError("R0001", f"threads: expected 0 (all cores) or more, got {threads}")
    options.threads = threads
    options.first_line = first_line
    options.max_line_bytes = max_line_bytes
    return options


class BatchResult:
    """The result of :meth:`Bundle.evaluate_lines`: what ``ccr run --facts catalog.jsonl``
    writes.

    ``data`` is the report bytes (standard output), ``output`` the same as text,
    ``diagnostics`` the ``warning:`` and ``error[CODE]:`` lines (standard error, without the
    summary), ``counts`` a dict (lines, products, required, undetermined, errors,
    first_error_line) and ``exit_code`` the code ``ccr run`` would exit with (0, 1, or 3 when
    some line failed)."""

    __slots__ = ("data", "diagnostics", "counts", "exit_code")

    def __init__(self, data: bytes, diagnostics: str, counts: Dict[str, int], exit_code: int):
        self.data = data
        self.diagnostics = diagnostics
        self.counts = counts
        self.exit_code = exit_code

    @property
    def output(self) -> str:
        return self.data.decode("utf-8")

    def __repr__(self) -> str:
        return f"BatchResult({self.counts}, exit_code={self.exit_code})"


class Bundle:
    """A verified rule bundle, ready to evaluate products. Immutable and thread-safe.

    Make one with :func:`compile`, :meth:`Bundle.default` or :meth:`Bundle.from_bytes`."""

    __slots__ = ("_program",)

    def __init__(self, program: Any):
        """Internal: use compile(), Bundle.default() or Bundle.from_bytes()."""
        self._program = program

    @classmethod
    def default(cls) -> "Bundle":
        """Returns the built-in bundle: the rules ``ccr run`` uses without a bundle argument
        (stdlib/ and rules/products/)."""
        error, program = _native.default()
        if error:
            _raise(error)
        return cls(program)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<bundle>") -> "Bundle":
        """Loads and verifies bundle bytes (a ``.ccrb`` file's content). ``name`` starts the
        error messages. Raises :class:`BundleError` (R0201-R0204) for bytes that are not a
        valid bundle."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"bundle bytes expected, not {type(data).__name__}")
        error, program = _native.load(bytes(data), name)
        if error:
            _raise(error)
        return cls(program)

    @classmethod
    def from_file(cls, path: Union[str, "_os.PathLike[str]"]) -> "Bundle":
        """Loads and verifies a ``.ccrb`` file."""
        with open(path, "rb") as file:
            return cls.from_bytes(file.read(), _os.fspath(path))

    def to_bytes(self) -> bytes:
        """Returns the bundle's bytes: the ``.ccrb`` file content, as loaded."""
        return self._program.bytes()

    @property
    def hash(self) -> str:
        """The SHA-256 of the bundle bytes, in hex: names a rule state."""
        return self._program.hash()

    def __reduce__(self):
        # Pickling is the bytes; unpickling verifies them again.
        return (Bundle.from_bytes, (self.to_bytes(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bundle) and self.hash == other.hash

    def __hash__(self) -> int:
        return hash(self.hash)

    def __repr__(self) -> str:
        return f"Bundle(sha256={self.hash[:16]}...)"

    def evaluate(self, facts: _Facts, *, as_of: _Date = None, format: str = "text",
                 lang: str = "en", all: bool = False, where: Optional[str] = None) -> str:
        """Evaluates one product and returns its report, exactly as ``ccr run --facts FILE``
        prints it.

        ``facts``: a dict (``{"product": "Phone", "category": "smartphone"}``), or the JSON
        text or bytes of one object. ``as_of``: the date the rules are taken at (a
        ``datetime.date`` or ``"YYYY-MM-DD"``; default today). ``format``: ``text``, ``json``
        or ``html``. ``lang``: ``en`` or ``zh``. ``all``: also list the schemes that are not
        required. ``where``: the name used in messages (default ``<stdin>``).

        Raises :class:`FactsError` for facts that cannot be bound, :class:`OptionError` for a
        bad option. Releases the GIL while it evaluates."""
        error, data, _, _, _ = self._program.evaluate(
            _facts_bytes(facts), _options(as_of, format, lang, all, where))
        if error:
            _raise(error)
        return data.decode("utf-8")

    def evaluate_lines(self, lines: Union[str, bytes, Iterable[_Facts]], *,
                       as_of: _Date = None, format: str = "text", lang: str = "en",
                       all: bool = False, threads: int = 0, where: Optional[str] = None,
                       first_line: int = 1, max_line_bytes: int = 0,
                       raise_on_error: bool = False,
                       out: Optional[Union[str, "_os.PathLike[str]"]] = None) -> BatchResult:
        """Evaluates a batch: JSON lines (one product per line, text or bytes) or an iterable
        of products (dicts or JSON texts). Returns a :class:`BatchResult` whose bytes are
        exactly what ``ccr run --facts catalog.jsonl`` writes, whatever ``threads``.

        ``threads``: like ``ccr run -j`` (0: all cores). The GIL is released for the whole
        batch. A bad line does not stop the batch: it is counted, described in
        ``diagnostics``, and (in JSON) has an error object in place of its report; with
        ``raise_on_error`` the first bad line raises :class:`FactsError` instead (its ``line``
        set). ``where`` and ``first_line`` name the lines in messages (a part of a larger
        file passes its first line's number in the whole file).

        ``out``: a file path to stream the report bytes to, as ``ccr run -o`` does, instead of
        holding them in memory (a catalogue's reports run to gigabytes); the result's ``data``
        is then empty. The file is replaced only once the whole batch is written, so after an
        error it is unchanged and no partial file is left; :class:`OutputError` (R0102) if it
        cannot be written."""
        options = _options(as_of, format, lang, all, where, threads, first_line, max_line_bytes)
        if out is None:
            error, data, diagnostics, counts, exit_code = self._program.evaluate_lines(
                _lines_bytes(lines), options)
        else:
            error, data, diagnostics, counts, exit_code = self._program.evaluate_lines_to_file(
                _lines_bytes(lines), options, _os.fspath(out))
        if error:
            _raise(error)
        if raise_on_error and counts["errors"]:
            line = counts["first_error_line"]
            first = next((text for text in diagnostics.splitlines() if text.startswith("error[")),
                         "")
            code = first[6:11] if first.startswith("error[") else "R0301"
            raise FactsError(code, first.partition("]: ")[2], line)
        return BatchResult(data, diagnostics, counts, exit_code)

    def next_questions(self, facts: _Facts, *, as_of: _Date = None,
                       where: Optional[str] = None) -> Dict[str, Any]:
        """Returns the questions that would settle a partial product's undetermined schemes,
        best first: the ``ccr.next/1`` document of ``ccr ask --next`` (docs/ask.md), parsed.
        Use ``json.dumps(..., separators=(",", ":"))`` for its exact text, or
        :meth:`next_questions_json`."""
        return _json.loads(self.next_questions_json(facts, as_of=as_of, where=where))

    def next_questions_json(self, facts: _Facts, *, as_of: _Date = None,
                            where: Optional[str] = None) -> str:
        """Returns ``ccr ask --next``'s output (one line of ``ccr.next/1`` JSON) as text."""
        error, data, _, _, _ = self._program.next_questions(
            _facts_bytes(facts), _options(as_of, None, None, False, where))
        if error:
            _raise(error)
        return data.decode("utf-8")


def compile(source: Union[str, Mapping[str, str], None] = None, *,
            paths: Optional[Sequence[Union[str, "_os.PathLike[str]"]]] = None,
            stdlib: bool = True) -> Bundle:
    """Compiles rules into a :class:`Bundle`, as ``ccrc compile`` does.

    ``source``: the text of one rule file (a ``str``; named ``<source>.ccr`` in messages), or
    a mapping ``{path: text}`` of in-memory files (imports between them resolve); a
    ``pathlib.Path`` or a list of paths is taken as ``paths``. ``paths``: ``.ccr`` files and
    directories on disk. Both may be given. ``stdlib``: compile the standard library in front
    (``stdlib=False`` is ``ccrc compile --no-stdlib``).

    Raises :class:`CompileError` with every diagnostic when the rules have errors, and
    :class:`BundleError` (R0101, R0103) when a path cannot be read. A successful
    compilation's warnings are returned by :func:`compile_with_diagnostics`."""
    bundle, _ = compile_with_diagnostics(source, paths=paths, stdlib=stdlib)
    return bundle


def compile_with_diagnostics(source: Union[str, Mapping[str, str], None] = None, *,
                             paths: Optional[Sequence[Union[str, "_os.PathLike[str]"]]] = None,
                             stdlib: bool = True):
    """Like :func:`compile`, and also returns the list of :class:`Diagnostic` (warnings)."""
    pairs: List[tuple] = []
    if isinstance(source, _os.PathLike) or (isinstance(source, (list, tuple))):
        paths, source = list(paths or []) + list(
            source if isinstance(source, (list, tuple)) else [source]), None
    if isinstance(source, Mapping):
        pairs += [(str(path), str(text)) for path, text in source.items()]
    elif isinstance(source, str):
        pairs.append(("<source>.ccr", source))
    elif source is not None:
        raise TypeError(f"source must be rule text or a {{path: text}} mapping, not "
                        f"{type(source).__name__}")
    pairs += [(_os.fspath(path), None) for path in (paths or [])]
    if not pairs:
        raise TypeError("compile() needs a source or paths")
    error, bundle, diagnostics = _native.compile(pairs, not stdlib)
    diagnostics = [Diagnostic(d) for d in diagnostics]
    if error:
        code, message, _ = error
        if code.startswith("E"):
            raise CompileError(code, message, diagnostics)
        _raise(error)
    return Bundle.from_bytes(bundle, "<compiled>"), diagnostics


def requirements_frame(bundle: Bundle, products: Any, *, as_of: _Date = None,
                       all: bool = True, threads: int = 0, product_column: str = "product"):
    """Evaluates a pandas DataFrame of products (one row per product, columns named as the
    facts; NaN/None is unknown) and returns a DataFrame with one row per product and scheme:

        row (the input's index label), product, scheme, authority, level, status, missing,
        assumed

    ``status`` is ``required``, ``undetermined``, ``exempt``, ``available`` (a mark the applicant
    chooses that no rule decides; docs/report.md) or ``not_required`` (the last only
    with ``all=True``, the default, so every product has a row per scheme); ``missing`` is the
    list of facts that would settle an undetermined scheme. ``assumed`` is the product's, on
    each of its rows: a dict of the facts it did not state that took their declared default
    (``fact x: T default V``), fact name to value as in the JSON report's ``assumed``; empty
    when it took none. Raises :class:`FactsError` for the first row that cannot be evaluated,
    its ``line`` the row's 1-based position."""
    import pandas as pd

    lines = [_json.dumps({key: _json_value(value) for key, value in row.items()
                          if not _is_missing(value)}, ensure_ascii=False)
             for row in products.to_dict(orient="records")]
    result = bundle.evaluate_lines("\n".join(lines) + "\n" if lines else "", as_of=as_of,
                                   format="json", all=all, threads=threads, where="<frame>",
                                   raise_on_error=True)
    index = list(products.index)
    rows = []
    for position, report_line in enumerate(result.output.splitlines()):
        report = _json.loads(report_line)
        # A report leaves `assumed` out when the product took no default.
        assumed = report.get("assumed", {})
        for requirement in report["requirements"]:
            rows.append((index[position], report.get("product"), requirement["scheme"],
                         requirement["authority"], requirement["level"], requirement["status"],
                         requirement.get("missing", []), dict(assumed)))
    return pd.DataFrame(rows, columns=["row", product_column, "scheme", "authority", "level",
                                       "status", "missing", "assumed"])


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return value != value  # NaN
    except Exception:  # an array-like cell: never missing
        return False


def _json_value(value: Any) -> Any:
    # numpy scalars and arrays from pandas, as plain JSON values.
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return value
