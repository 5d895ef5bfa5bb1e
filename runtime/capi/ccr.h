/* libccr: ccr as a library, for C and for every language binding (the Python module `ccr` is
 * built on this header alone).
 *
 * What it does is what the command-line tools do, through the same code:
 *   - ccr_compile        `ccrc compile`: rule sources to bundle bytes (.ccrb), with the
 *                        diagnostics as data;
 *   - ccr_program_load   load and verify bundle bytes (`ccr run BUNDLE.ccrb`); only a verified
 *                        program can be evaluated;
 *   - ccr_evaluate       `ccr run --facts product.json`: one product's report;
 *   - ccr_evaluate_lines `ccr run --facts catalog.jsonl`: a batch of JSON lines on N threads;
 *   - ccr_next_questions `ccr ask --next`: the `ccr.next/1` document.
 * The report bytes are exactly those `ccr run` writes to its standard output for the same
 * options (--as-of, --format, --lang, --all), and the batch diagnostics those it writes to
 * standard error, so a program can switch between the library and the command line freely.
 *
 * Errors. Every function that can fail returns a `ccr_error *`: NULL on success, otherwise an
 * error the caller owns and frees with ccr_error_free. An error has a stable code (`R0301`,
 * `E0201`: docs/errors.md and docs/diagnostics.md) and a message naming where and what to do.
 * No C++ exception, and no abort for a bad input, ever leaves the library; an unexpected
 * internal failure (a bug, or memory exhausted) is the error R0007. On failure the output
 * parameters are left NULL, except where a function says otherwise.
 *
 * Memory. Every object returned through an output parameter is owned by the caller and has its
 * `_free` function; each `_free` accepts NULL. Pointers returned by accessors (`ccr_*_data`,
 * `ccr_error_message`, ...) belong to their object and stay valid until it is freed.
 *
 * Threads. A ccr_program is immutable once loaded: any number of threads may evaluate with one
 * program at the same time. The other objects are plain values: use each from one thread at a
 * time. No function keeps global mutable state.
 *
 * Text is UTF-8. Sizes are in bytes; text parameters come with their size and need no
 * terminating NUL; text returned is NUL-terminated too (the size does not count the NUL).
 */
#ifndef CCR_H
#define CCR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CCR_API __attribute__((visibility("default")))
#else
#define CCR_API
#endif

/* ---- Version ------------------------------------------------------------------------------ */

/* Returns the library's version, e.g. "0.1.0": the same as `ccr --version`. */
CCR_API const char* ccr_version(void);

/* Returns the version of the bundle (.ccrb) format this library reads and writes. */
CCR_API int ccr_bytecode_format_version(void);

/* ---- Errors ------------------------------------------------------------------------------- */

typedef struct ccr_error ccr_error;

/* Returns the error's stable code: `R....` for an input or environment error (a bad bundle,
 * bad facts, a bad option), `E....` for an error in rule sources. */
CCR_API const char* ccr_error_code(const ccr_error* error);

/* Returns the message: one line per problem, each naming its place, without a final newline.
 * For rule sources with errors, the diagnostics as `ccrc compile` prints them. */
CCR_API const char* ccr_error_message(const ccr_error* error);

/* Returns the error as the command-line tools print it: `error[CODE]: ` before each line of
 * the message, each line ending in a newline. */
CCR_API const char* ccr_error_text(const ccr_error* error);

/* For an error about one line of a batch or one row of a table: that line's number (1-based);
 * otherwise 0. */
CCR_API uint64_t ccr_error_line(const ccr_error* error);

CCR_API void ccr_error_free(ccr_error* error);

/* ---- Compiling ---------------------------------------------------------------------------- */

/* One input of a compilation. With `text` NULL, `path` is read from disk: a `.ccr` file or a
 * directory of them (recursively), as on `ccrc compile`'s command line. With `text` set, it is
 * the source of a file called `path` that need not exist (`import` of that path finds it); the
 * path appears in diagnostics. */
typedef struct ccr_source {
  const char* path;
  const char* text;
  size_t text_size;
} ccr_source;

/* Options of ccr_compile. All-zero is the default (`ccrc compile` without options). */
typedef struct ccr_compile_options {
  int no_stdlib; /* nonzero: do not compile the standard library in front (--no-stdlib) */
} ccr_compile_options;

typedef struct ccr_compilation ccr_compilation;

/* One diagnostic, as data. The strings belong to the compilation. `path` is NULL and the
 * positions 0 for a diagnostic without a place. */
typedef struct ccr_diagnostic {
  const char* code;     /* "E0201" */
  const char* severity; /* "error" or "warning" */
  const char* path;
  uint32_t line, column, end_line, end_column; /* 1-based; columns in characters */
  const char* message;
  const char* help; /* "" when there is none */
  const char* text; /* rendered for a terminal, with the source line and a caret, as ccrc */
} ccr_diagnostic;

/* Compiles `count` sources (taken in the canonical order of `ccrc compile`: the bundle depends
 * on the set of files, not their order) with `options` (NULL: the defaults).
 *
 * Returns NULL when the rules compiled: `*out` holds the bundle bytes and the warnings.
 * When the rules have errors, returns an error whose code is the first error's (`E....`) and
 * whose message is every diagnostic rendered, AND sets `*out` too, so the caller can read the
 * diagnostics as data; ccr_compilation_bundle is then empty. When an input cannot be read
 * (R0101, R0103), returns that error and leaves `*out` NULL. */
CCR_API ccr_error* ccr_compile(const ccr_source* sources, size_t count,
                               const ccr_compile_options* options, ccr_compilation** out);

/* Returns the bundle bytes (a .ccrb image, already verified) and sets `*size`; NULL and 0 when
 * the rules had errors. */
CCR_API const uint8_t* ccr_compilation_bundle(const ccr_compilation* compilation, size_t* size);

/* Returns the number of diagnostics (errors and warnings), in the order ccrc prints them. */
CCR_API size_t ccr_compilation_diagnostic_count(const ccr_compilation* compilation);

/* Fills `*diagnostic` with diagnostic `index` (< ccr_compilation_diagnostic_count). Returns 0,
 * or -1 when `index` is out of range. */
CCR_API int ccr_compilation_diagnostic(const ccr_compilation* compilation, size_t index,
                                       ccr_diagnostic* diagnostic);

/* Returns every diagnostic as `ccrc compile --error-format json` prints it. */
CCR_API const char* ccr_compilation_diagnostics_json(const ccr_compilation* compilation);

CCR_API void ccr_compilation_free(ccr_compilation* compilation);

/* ---- Programs ----------------------------------------------------------------------------- */

typedef struct ccr_program ccr_program;

/* Reads and verifies bundle bytes (the bytes are copied). `name` (NULL: "<bundle>") starts
 * every error message. Errors: R0201 not a bundle, R0202 another format version, R0203
 * damaged, R0204 over a limit. */
CCR_API ccr_error* ccr_program_load(const uint8_t* bytes, size_t size, const char* name,
                                    ccr_program** out);

/* Loads the default bundle built into the library: the one `ccr run` uses without a bundle
 * argument (stdlib/ and rules/products/). */
CCR_API ccr_error* ccr_program_default(ccr_program** out);

/* Returns the program's bundle bytes (what was loaded) and sets `*size`. */
CCR_API const uint8_t* ccr_program_bytes(const ccr_program* program, size_t* size);

/* Returns the SHA-256 of the bundle bytes in lower-case hex (64 characters): the same rules
 * compile to the same bytes, so the hash names a rule state (a cache key, a report's
 * provenance). */
CCR_API const char* ccr_program_hash(const ccr_program* program);

CCR_API void ccr_program_free(ccr_program* program);

/* ---- Evaluating --------------------------------------------------------------------------- */

/* The options of `ccr run`. All-zero (or a NULL pointer) is `ccr run`'s default. */
typedef struct ccr_options {
  const char* as_of;  /* --as-of YYYY-MM-DD; NULL: today */
  const char* format; /* --format: "text", "json", "html"; NULL: "text" */
  const char* lang;   /* --lang: "en", "zh"; NULL: "en" */
  int all;            /* --all: nonzero also lists the schemes that are not required */
  int threads;        /* batches: -j; 0: all cores */
  /* Batches: the name of the input in messages (`catalog.jsonl:12: ...`); NULL: "<stdin>",
   * what `ccr run --facts -` says. One product: NULL gives "<stdin>" too. */
  const char* where;
  /* Batches: the number of the buffer's first line; 0 means 1. A part of a larger file (a
   * distributed run's byte range) gives its first line's number in the whole file, so the
   * messages and JSON error objects are those of a run over the whole file. */
  uint64_t first_line;
  size_t max_line_bytes; /* --max-line-bytes; 0: the default (1 MiB) */
} ccr_options;

/* Counts of a batch, as in `ccr run`'s summary line. products + errors is the number of lines
 * that were not blank. */
typedef struct ccr_counts {
  uint64_t lines;            /* lines read, blank ones included */
  uint64_t products;         /* lines evaluated */
  uint64_t required;         /* products with at least one required scheme */
  uint64_t undetermined;     /* products with at least one undetermined scheme */
  uint64_t errors;           /* lines that failed: bad JSON, wrong types, too long */
  uint64_t first_error_line; /* the first failed line's number, 0 if none failed */
  uint64_t reports;          /* reports written (= products) */
} ccr_counts;

typedef struct ccr_report ccr_report;

/* Evaluates one product, a JSON object (docs/report.md, "Facts"), and renders the report
 * `ccr run --facts product.json` writes. Errors: R0001 a bad option, R0301-R0303 facts that
 * cannot be bound (the message names `options->where` and the fact). Warnings (a key that is
 * not a fact) are in ccr_report_diagnostics. */
CCR_API ccr_error* ccr_evaluate(const ccr_program* program, const char* json, size_t size,
                                const ccr_options* options, ccr_report** out);

/* Evaluates a buffer of JSON lines, one product per line (blank lines skipped), on
 * `options->threads` threads, as `ccr run --facts catalog.jsonl` does: the report bytes are
 * the same whatever the number of threads. A bad line does not stop the batch: it is counted,
 * its error is in the diagnostics, and in JSON it gets an error object in place of its report.
 * Errors: R0001 a bad option, R0005 `format` "html" (one product's report only). */
CCR_API ccr_error* ccr_evaluate_lines(const ccr_program* program, const char* lines, size_t size,
                                      const ccr_options* options, ccr_report** out);

/* Evaluates a batch as ccr_evaluate_lines does, but streams the report bytes to the file
 * `path` as `ccr run -o PATH` does, instead of holding them all in memory: a large catalogue's
 * reports run to gigabytes. The file is written to a temporary beside it and renamed over it
 * once the whole batch has been written, so on any error the previous file is left as it was
 * and no partial file remains; "-" is standard output. `*out` holds the diagnostics, counts and
 * exit code; its data is empty. Errors: those of ccr_evaluate_lines, and R0102 a file that
 * cannot be written (the message names it). */
CCR_API ccr_error* ccr_evaluate_lines_to_file(const ccr_program* program, const char* lines,
                                              size_t size, const ccr_options* options,
                                              const char* path, ccr_report** out);

/* Ranks the questions that would settle the undetermined schemes of a (partial) product and
 * returns what `ccr ask --next` writes: the `ccr.next/1` document (docs/ask.md) on one line,
 * ending in a newline. Only `as_of` and `where` of the options are used. */
CCR_API ccr_error* ccr_next_questions(const ccr_program* program, const char* json, size_t size,
                                      const ccr_options* options, ccr_report** out);

/* Returns the report bytes (`ccr run`'s standard output) and sets `*size`. */
CCR_API const char* ccr_report_data(const ccr_report* report, size_t* size);

/* Returns the diagnostics (`ccr run`'s standard error, without the progress and summary
 * lines): `warning: ...` and `error[CODE]: ...` lines, each ending in a newline. */
CCR_API const char* ccr_report_diagnostics(const ccr_report* report, size_t* size);

/* Fills `*counts`. One product counts as a batch of one line. */
CCR_API void ccr_report_counts(const ccr_report* report, ccr_counts* counts);

/* Returns the exit code `ccr run` gives for this input (docs/cli.md): 0 every scheme
 * determined, 1 some scheme undetermined, 3 some line failed. */
CCR_API int ccr_report_exit_code(const ccr_report* report);

CCR_API void ccr_report_free(ccr_report* report);

#ifdef __cplusplus
}
#endif

#endif /* CCR_H */
