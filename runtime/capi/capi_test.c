/* The C API from C, using only ccr.h: every function, every error path, and byte equality with
 * the `ccr run` and `ccr ask --next` command lines on the same inputs.
 *
 *   capi_c_test CCR_BINARY REPO_ROOT CATALOG.jsonl
 *
 * CATALOG.jsonl comes from tests/e2e/gen_catalog.py --errors (bad lines, products with a fact
 * removed); this program adds blank lines and lines with a key that is not a fact. Prints one
 * line per failed check and `N passed, N failed` at the end; exits 1 if any check failed. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ccr.h"

static int passed = 0, failed = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (condition) {                                                                \
      ++passed;                                                                     \
    } else {                                                                        \
      ++failed;                                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
    }                                                                               \
  } while (0)

static const char* ccr_binary;
static const char* root;

/* A growable byte buffer. */
typedef struct {
  char* data;
  size_t size;
} Bytes;

static void Append(Bytes* bytes, const char* data, size_t size) {
  bytes->data = realloc(bytes->data, bytes->size + size + 1);
  if (bytes->data == NULL) abort();
  memcpy(bytes->data + bytes->size, data, size);
  bytes->size += size;
  bytes->data[bytes->size] = '\0';
}

static Bytes ReadFile(const char* path) {
  Bytes bytes = {NULL, 0};
  FILE* file = fopen(path, "rb");
  char chunk[65536];
  size_t n;
  Append(&bytes, "", 0);
  if (file == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  while ((n = fread(chunk, 1, sizeof chunk, file)) > 0) Append(&bytes, chunk, n);
  fclose(file);
  return bytes;
}

/* Runs a shell command and returns its standard output; `*status` gets its exit code. */
static Bytes Run(const char* command, int* status) {
  Bytes bytes = {NULL, 0};
  char chunk[65536];
  size_t n;
  FILE* pipe = popen(command, "r");
  Append(&bytes, "", 0);
  if (pipe == NULL) abort();
  while ((n = fread(chunk, 1, sizeof chunk, pipe)) > 0) Append(&bytes, chunk, n);
  *status = WEXITSTATUS(pclose(pipe));
  return bytes;
}

static int Same(const char* a, size_t a_size, const Bytes* b) {
  if (a_size != b->size || memcmp(a, b->data, a_size) != 0) {
    fprintf(stderr, "  bytes differ: %zu vs %zu bytes\n", a_size, b->size);
    return 0;
  }
  return 1;
}

static ccr_program* DefaultProgram(void) {
  ccr_program* program = NULL;
  ccr_error* error = ccr_program_default(&program);
  CHECK(error == NULL && program != NULL);
  if (error != NULL) {
    fprintf(stderr, "%s", ccr_error_text(error));
    exit(1);
  }
  return program;
}

static void TestVersion(void) {
  CHECK(strcmp(ccr_version(), "") != 0);
  CHECK(ccr_bytecode_format_version() >= 1);
}

/* One product in each format and language: the bytes of `ccr run --facts FILE`. */
static void TestEvaluateMatchesCcrRun(const ccr_program* program) {
  const char* formats[] = {"text", "json", "html"};
  const char* languages[] = {"en", "zh"};
  const char* examples[] = {"laptop", "power_bank", "car", "smoke_alarm"};
  size_t e, f, l;
  for (e = 0; e < 4; ++e) {
    char path[4096];
    Bytes facts;
    snprintf(path, sizeof path, "%s/rules/examples/%s.json", root, examples[e]);
    facts = ReadFile(path);
    for (f = 0; f < 3; ++f) {
      for (l = 0; l < 2; ++l) {
        ccr_options options;
        ccr_report* report = NULL;
        ccr_error* error;
        char command[8192];
        int status;
        Bytes expected;
        size_t size;
        const char* data;
        memset(&options, 0, sizeof options);
        options.as_of = "2025-06-01";
        options.format = formats[f];
        options.lang = languages[l];
        options.all = (int)(e % 2);
        options.where = path;
        error = ccr_evaluate(program, facts.data, facts.size, &options, &report);
        CHECK(error == NULL);
        if (error != NULL) {
          fprintf(stderr, "%s", ccr_error_text(error));
          ccr_error_free(error);
          continue;
        }
        snprintf(command, sizeof command,
                 "'%s' run --facts '%s' --as-of 2025-06-01 --format %s --lang %s %s", ccr_binary,
                 path, formats[f], languages[l], e % 2 ? "--all" : "");
        expected = Run(command, &status);
        data = ccr_report_data(report, &size);
        CHECK(Same(data, size, &expected));
        CHECK(ccr_report_exit_code(report) == status);
        free(expected.data);
        ccr_report_free(report);
      }
    }
    free(facts.data);
  }
}

/* gen_catalog's lines with blank lines and unknown keys added. Returns the path written. */
static const char* WriteCatalog(const char* source) {
  static const char* path = "capi_catalog.jsonl";
  FILE *in = fopen(source, "r"), *out = fopen(path, "w");
  char* line = NULL;
  size_t capacity = 0;
  long number = 0;
  if (in == NULL || out == NULL) {
    fprintf(stderr, "cannot open %s or %s\n", source, path);
    exit(2);
  }
  while (getline(&line, &capacity, in) > 0) {
    ++number;
    if (number % 17 == 0) fputs("\n", out);
    if (number % 23 == 0) fputs("   \r\n", out);
    if (number % 29 == 0) fputs("{\"product\": \"extra\", \"colour\": \"red\"}\n", out);
    fputs(line, out);
  }
  free(line);
  fclose(in);
  fclose(out);
  return path;
}

/* A batch: the bytes of `ccr run --facts CATALOG.jsonl -q` (stdout and stderr), for 1 and 3
 * threads, text and json. */
static void TestEvaluateLinesMatchesCcrRun(const ccr_program* program, const char* catalog) {
  const char* formats[] = {"text", "json"};
  const int threads[] = {1, 3};
  Bytes lines = ReadFile(catalog);
  size_t f, t;
  for (f = 0; f < 2; ++f) {
    char command[8192];
    int status;
    Bytes expected, expected_stderr;
    snprintf(command, sizeof command,
             "'%s' run --facts '%s' --as-of 2025-06-01 --format %s -q 2>capi_stderr.txt",
             ccr_binary, catalog, formats[f]);
    expected = Run(command, &status);
    expected_stderr = ReadFile("capi_stderr.txt");
    for (t = 0; t < 2; ++t) {
      ccr_options options;
      ccr_report* report = NULL;
      ccr_error* error;
      ccr_counts counts;
      size_t size;
      const char* data;
      memset(&options, 0, sizeof options);
      options.as_of = "2025-06-01";
      options.format = formats[f];
      options.threads = threads[t];
      options.where = catalog;
      error = ccr_evaluate_lines(program, lines.data, lines.size, &options, &report);
      CHECK(error == NULL);
      if (error != NULL) {
        fprintf(stderr, "%s", ccr_error_text(error));
        ccr_error_free(error);
        continue;
      }
      data = ccr_report_data(report, &size);
      CHECK(Same(data, size, &expected));
      data = ccr_report_diagnostics(report, &size);
      CHECK(Same(data, size, &expected_stderr));
      CHECK(ccr_report_exit_code(report) == status);
      ccr_report_counts(report, &counts);
      CHECK(counts.errors > 0 && counts.first_error_line > 0);
      CHECK(counts.products > 0 && counts.lines > counts.products + counts.errors);
      CHECK(counts.reports == counts.products);
      ccr_report_free(report);
    }
    free(expected.data);
    free(expected_stderr.data);
  }
  free(lines.data);
}

/* A part of a file, numbered from its place in the whole file, names the same lines. */
static void TestFirstLine(const ccr_program* program) {
  const char* lines = "{\"product\": \"a\"}\n{\"emits_radio\": \"yes\"}\n";
  ccr_options options;
  ccr_report* report = NULL;
  ccr_counts counts;
  size_t size;
  memset(&options, 0, sizeof options);
  options.format = "json";
  options.where = "big.jsonl";
  options.first_line = 1001;
  CHECK(ccr_evaluate_lines(program, lines, strlen(lines), &options, &report) == NULL);
  ccr_report_counts(report, &counts);
  CHECK(counts.first_error_line == 1002);
  CHECK(strstr(ccr_report_data(report, &size), "\"line\":1002") != NULL);
  CHECK(strstr(ccr_report_diagnostics(report, &size), "big.jsonl:1002") != NULL);
  CHECK(ccr_report_exit_code(report) == 3);
  ccr_report_free(report);
}

static void TestNextQuestionsMatchesCcrAsk(const ccr_program* program) {
  char path[4096], command[8192];
  int status;
  Bytes facts, expected;
  ccr_options options;
  ccr_report* report = NULL;
  size_t size;
  const char* data;
  snprintf(path, sizeof path, "%s/tests/golden/ask/inputs/partial_laptop.json", root);
  facts = ReadFile(path);
  memset(&options, 0, sizeof options);
  options.as_of = "2025-06-01";
  options.where = path;
  CHECK(ccr_next_questions(program, facts.data, facts.size, &options, &report) == NULL);
  snprintf(command, sizeof command, "'%s' ask --next --facts '%s' --as-of 2025-06-01", ccr_binary,
           path);
  expected = Run(command, &status);
  data = ccr_report_data(report, &size);
  CHECK(Same(data, size, &expected));
  CHECK(strstr(data, "\"ccr.next/1\"") != NULL);
  CHECK(ccr_report_exit_code(report) == status);
  ccr_report_free(report);
  free(expected.data);
  free(facts.data);
}

static void ExpectError(ccr_error* error, const char* code, const char* part) {
  CHECK(error != NULL);
  if (error == NULL) return;
  if (strcmp(ccr_error_code(error), code) != 0 || strstr(ccr_error_message(error), part) == NULL) {
    fprintf(stderr, "  expected %s with `%s`, got: %s", code, part, ccr_error_text(error));
    ++failed;
  } else {
    ++passed;
  }
  CHECK(strncmp(ccr_error_text(error), "error[", 6) == 0);
  ccr_error_free(error);
}

static void TestEvaluateErrors(const ccr_program* program) {
  ccr_options options;
  ccr_report* report = (ccr_report*)&options; /* must be reset to NULL on failure */
  const char* facts = "{\"product\": \"x\"}";
  memset(&options, 0, sizeof options);
  ExpectError(ccr_evaluate(program, "{\"product\": ", 12, NULL, &report), "R0301", "<stdin>");
  CHECK(report == NULL);
  ExpectError(ccr_evaluate(program, "[1]", 3, NULL, &report), "R0302", "object");
  ExpectError(ccr_evaluate(program, "{\"category\": \"kettle-ish\"}", 26, NULL, &report), "R0303",
              "category");
  options.format = "pdf";
  ExpectError(ccr_evaluate(program, facts, strlen(facts), &options, &report), "R0001", "pdf");
  options.format = NULL;
  options.lang = "fr";
  ExpectError(ccr_evaluate(program, facts, strlen(facts), &options, &report), "R0001", "fr");
  options.lang = NULL;
  options.as_of = "2025-13-01";
  ExpectError(ccr_evaluate(program, facts, strlen(facts), &options, &report), "R0001",
              "2025-13-01");
  options.as_of = NULL;
  options.threads = -1;
  ExpectError(ccr_evaluate_lines(program, facts, strlen(facts), &options, &report), "R0001",
              "threads");
  options.threads = 0;
  options.format = "html";
  options.where = "c.jsonl";
  ExpectError(ccr_evaluate_lines(program, facts, strlen(facts), &options, &report), "R0005",
              "c.jsonl");
  ExpectError(ccr_evaluate(NULL, facts, strlen(facts), NULL, &report), "R0001", "program");
  ExpectError(ccr_evaluate(program, NULL, 5, NULL, &report), "R0001", "json");
  ExpectError(ccr_next_questions(program, "{", 1, NULL, &report), "R0301", "<stdin>");
  /* A warning, not an error: a key that is not a fact. */
  {
    const char* extra = "{\"product\": \"x\", \"colour\": \"red\"}";
    size_t size;
    CHECK(ccr_evaluate(program, extra, strlen(extra), NULL, &report) == NULL);
    CHECK(strstr(ccr_report_diagnostics(report, &size), "warning: ") != NULL);
    CHECK(strstr(ccr_report_diagnostics(report, &size), "colour") != NULL);
    ccr_report_free(report);
  }
}

static const char kRules[] =
    "fact sells_widgets: bool \"Sold as a widget\"\n"
    "rule widgets {\n"
    "  when sells_widgets\n"
    "  require SRRC by MIIT mandatory\n"
    "  because \"Widgets transmit\"\n"
    "}\n";

static void TestCompile(void) {
  ccr_source source;
  ccr_compilation* compilation = NULL;
  ccr_error* error;
  ccr_diagnostic diagnostic;
  ccr_program* program = NULL;
  const uint8_t* bundle;
  size_t size;
  char here[4096];

  /* Rules with an error: the error and the diagnostics as data. */
  source.path = "mem/bad.ccr";
  source.text =
      "rule r {\n  when emit_radio\n  require SRRC by MIIT mandatory\n  because \"x\"\n}\n";
  source.text_size = strlen(source.text);
  error = ccr_compile(&source, 1, NULL, &compilation);
  CHECK(error != NULL && compilation != NULL);
  if (error != NULL) {
    CHECK(strcmp(ccr_error_code(error), "E0201") == 0);
    CHECK(strstr(ccr_error_message(error), "emit_radio") != NULL);
    ccr_error_free(error);
  }
  CHECK(ccr_compilation_bundle(compilation, &size) == NULL && size == 0);
  CHECK(ccr_compilation_diagnostic_count(compilation) >= 1);
  CHECK(ccr_compilation_diagnostic(compilation, 0, &diagnostic) == 0);
  CHECK(strcmp(diagnostic.code, "E0201") == 0);
  CHECK(strcmp(diagnostic.severity, "error") == 0);
  CHECK(diagnostic.path != NULL && strstr(diagnostic.path, "bad.ccr") != NULL);
  CHECK(diagnostic.line == 2 && diagnostic.column == 8);
  CHECK(strstr(diagnostic.help, "emits_radio") != NULL);
  CHECK(strstr(diagnostic.text, "^") != NULL);
  CHECK(ccr_compilation_diagnostic(compilation, 1000, &diagnostic) == -1);
  CHECK(strstr(ccr_compilation_diagnostics_json(compilation), "\"E0201\"") != NULL);
  ccr_compilation_free(compilation);

  /* Good rules from text: bundle bytes that load, evaluate, and keep their hash. */
  source.path = "mem/widgets.ccr";
  source.text = kRules;
  source.text_size = strlen(kRules);
  error = ccr_compile(&source, 1, NULL, &compilation);
  CHECK(error == NULL);
  if (error != NULL) {
    fprintf(stderr, "%s", ccr_error_text(error));
    ccr_error_free(error);
  }
  bundle = ccr_compilation_bundle(compilation, &size);
  CHECK(bundle != NULL && size > 0);
  CHECK(ccr_program_load(bundle, size, "widgets.ccrb", &program) == NULL);
  if (program != NULL) {
    ccr_report* report = NULL;
    const char* facts = "{\"product\": \"w\", \"sells_widgets\": true}";
    size_t report_size;
    const uint8_t* again = ccr_program_bytes(program, &report_size);
    CHECK(report_size == size && memcmp(again, bundle, size) == 0);
    CHECK(strlen(ccr_program_hash(program)) == 64);
    CHECK(ccr_evaluate(program, facts, strlen(facts), NULL, &report) == NULL);
    CHECK(strstr(ccr_report_data(report, &report_size), "SRRC") != NULL);
    ccr_report_free(report);
    ccr_program_free(program);
  }

  /* Bad bundles: each with its code. */
  ExpectError(ccr_program_load((const uint8_t*)"hello", 5, "x.ccrb", &program), "R0201", "x.ccrb");
  CHECK(program == NULL);
  if (bundle != NULL && size > 40) {
    uint8_t* damaged = malloc(size);
    memcpy(damaged, bundle, size);
    damaged[size - 3] ^= 0x55;
    ExpectError(ccr_program_load(damaged, size, NULL, &program), "R0203", "<bundle>");
    free(damaged);
  }
  ccr_compilation_free(compilation);

  /* From disk, like `ccrc compile rules/products` run from the repository (as the build
   * compiles the built-in bundle: source paths are part of the bundle): the same bytes. */
  if (getcwd(here, sizeof here) == NULL || chdir(root) != 0) abort();
  source.path = "rules/products";
  source.text = NULL;
  source.text_size = 0;
  error = ccr_compile(&source, 1, NULL, &compilation);
  CHECK(error == NULL);
  if (error == NULL) {
    ccr_program* built_in = DefaultProgram();
    size_t built_in_size;
    const uint8_t* built_in_bytes = ccr_program_bytes(built_in, &built_in_size);
    bundle = ccr_compilation_bundle(compilation, &size);
    CHECK(size == built_in_size && memcmp(bundle, built_in_bytes, size) == 0);
    ccr_program_free(built_in);
  } else {
    fprintf(stderr, "%s", ccr_error_text(error));
    ccr_error_free(error);
  }
  ccr_compilation_free(compilation);
  if (chdir(here) != 0) abort();
  source.path = "no/such/dir";
  ExpectError(ccr_compile(&source, 1, NULL, &compilation), "R0101", "no/such/dir");
  CHECK(compilation == NULL);
  ExpectError(ccr_compile(NULL, 0, NULL, &compilation), "R0001", "no sources");
}

static void TestFreeAcceptsNull(void) {
  ccr_error_free(NULL);
  ccr_compilation_free(NULL);
  ccr_program_free(NULL);
  ccr_report_free(NULL);
  CHECK(1);
}

/* ccr_evaluate_lines_to_file writes what ccr_evaluate_lines returns (the bytes of `ccr run`),
 * keeps none of it in the report, and a file it cannot write is R0102 with nothing left. */
static void TestEvaluateLinesToFile(const ccr_program* program, const char* catalog) {
  Bytes lines = ReadFile(catalog);
  ccr_options options;
  ccr_report *in_memory = NULL, *to_file = NULL;
  size_t size, file_size;
  const char* data;
  Bytes written;
  memset(&options, 0, sizeof options);
  options.as_of = "2025-06-01";
  options.format = "json";
  options.where = catalog;
  CHECK(ccr_evaluate_lines(program, lines.data, lines.size, &options, &in_memory) == NULL);
  CHECK(ccr_evaluate_lines_to_file(program, lines.data, lines.size, &options,
                                   "capi_reports.jsonl", &to_file) == NULL);
  if (in_memory != NULL && to_file != NULL) {
    data = ccr_report_data(in_memory, &size);
    written = ReadFile("capi_reports.jsonl");
    CHECK(Same(data, size, &written));
    free(written.data);
    ccr_report_data(to_file, &file_size);
    CHECK(file_size == 0);
    CHECK(ccr_report_exit_code(to_file) == ccr_report_exit_code(in_memory));
    data = ccr_report_diagnostics(to_file, &file_size);
    CHECK(file_size > 0 && strstr(data, "error[") != NULL);
  }
  ccr_report_free(in_memory);
  ccr_report_free(to_file);
  to_file = NULL;
  ExpectError(ccr_evaluate_lines_to_file(program, lines.data, lines.size, &options,
                                         "no-such-dir/reports.jsonl", &to_file),
              "R0102", "no-such-dir");
  CHECK(to_file == NULL);
  ExpectError(ccr_evaluate_lines_to_file(program, lines.data, lines.size, &options, NULL,
                                         &to_file),
              "R0001", "path");
  free(lines.data);
}

int main(int argc, char** argv) {
  ccr_program* program;
  if (argc != 4) {
    fprintf(stderr, "usage: capi_c_test CCR_BINARY REPO_ROOT CATALOG.jsonl\n");
    return 2;
  }
  ccr_binary = argv[1];
  root = argv[2];
  TestVersion();
  program = DefaultProgram();
  CHECK(strlen(ccr_program_hash(program)) == 64);
  TestEvaluateMatchesCcrRun(program);
  TestEvaluateLinesMatchesCcrRun(program, WriteCatalog(argv[3]));
  TestEvaluateLinesToFile(program, "capi_catalog.jsonl");
  TestFirstLine(program);
  TestNextQuestionsMatchesCcrAsk(program);
  TestEvaluateErrors(program);
  TestCompile();
  TestFreeAcceptsNull();
  ccr_program_free(program);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
