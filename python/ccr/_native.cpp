// ccr._native: the Python module's native part, over libccr's C API (ccr.h) and nothing else.
// Thin on purpose: it turns Python arguments into ccr.h calls and results into tuples; the
// user-facing API (keyword arguments, exceptions, docstrings, pandas) is ccr/__init__.py.
//
// Failures never raise here: every call returns `(error, ...)` where error is None or
// `(code, message, line)`, and the Python layer raises the matching ccr exception. The GIL is
// released around every call into libccr, for the whole batch in evaluate_lines: other Python
// threads run while a batch is evaluated on all cores.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ccr.h"
#include "runtime/base/huge_pages.h"

namespace py = pybind11;

namespace {

// Owns a C API object.
template <typename T, void (*Free)(T*)>
struct Owned {
  void operator()(T* object) const { Free(object); }
};
using ErrorPtr = std::unique_ptr<ccr_error, Owned<ccr_error, ccr_error_free>>;
using ReportPtr = std::unique_ptr<ccr_report, Owned<ccr_report, ccr_report_free>>;
using CompilationPtr =
    std::unique_ptr<ccr_compilation, Owned<ccr_compilation, ccr_compilation_free>>;

py::object ErrorTuple(ccr_error* raw) {
  ErrorPtr error(raw);
  if (!error) return py::none();
  return py::make_tuple(std::string(ccr_error_code(error.get())),
                        std::string(ccr_error_message(error.get())), ccr_error_line(error.get()));
}

// A loaded program; immutable, shared by every Python thread.
class Program {
 public:
  explicit Program(ccr_program* program) : program_(program) {}
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  ~Program() { ccr_program_free(program_); }

  const ccr_program* get() const { return program_; }

 private:
  ccr_program* program_;
};

// The options of ccr.h, with the strings they point to.
struct Options {
  std::optional<std::string> as_of, format, lang, where;
  bool all = false;
  int threads = 0;
  uint64_t first_line = 0;
  size_t max_line_bytes = 0;

  ccr_options ToC() const {
    ccr_options options = {};
    options.as_of = as_of ? as_of->c_str() : nullptr;
    options.format = format ? format->c_str() : nullptr;
    options.lang = lang ? lang->c_str() : nullptr;
    options.where = where ? where->c_str() : nullptr;
    options.all = all;
    options.threads = threads;
    options.first_line = first_line;
    options.max_line_bytes = max_line_bytes;
    return options;
  }
};

py::tuple ReportTuple(ccr_error* error, ccr_report* raw) {
  ReportPtr report(raw);
  if (error != nullptr) return py::make_tuple(ErrorTuple(error), py::none(), "", py::none(), 0);
  size_t size = 0;
  const char* data = ccr_report_data(report.get(), &size);
  // A batch's reports can be gigabytes: the copy goes into huge pages where the kernel offers
  // them, asked for before it is written (base/huge_pages.h).
  auto output = py::reinterpret_steal<py::bytes>(
      PyBytes_FromStringAndSize(nullptr, static_cast<Py_ssize_t>(size)));
  if (!output) throw py::error_already_set();
  char* copy = PyBytes_AS_STRING(output.ptr());
  ccr::AdviseHugePages(copy, size);
  std::memcpy(copy, data, size);
  const char* diagnostics = ccr_report_diagnostics(report.get(), &size);
  py::str diagnostic_text(diagnostics, size);
  ccr_counts c;
  ccr_report_counts(report.get(), &c);
  py::dict counts;
  counts["lines"] = c.lines;
  counts["products"] = c.products;
  counts["required"] = c.required;
  counts["undetermined"] = c.undetermined;
  counts["errors"] = c.errors;
  counts["first_error_line"] = c.first_error_line;
  return py::make_tuple(py::none(), output, diagnostic_text, counts,
                        ccr_report_exit_code(report.get()));
}

// Calls `call` (a ccr_evaluate-shaped function: program, bytes, size, options, out) on `input`
// without the GIL; `input` (a bytes object) keeps its buffer alive.
template <typename Call>
py::tuple CallWithoutGil(const Call& call, const Program& program, const py::bytes& input,
                         const Options& options) {
  char* data = nullptr;
  Py_ssize_t size = 0;
  PyBytes_AsStringAndSize(input.ptr(), &data, &size);
  ccr_options c_options = options.ToC();
  ccr_report* report = nullptr;
  ccr_error* error = nullptr;
  {
    py::gil_scoped_release release;
    error = call(program.get(), data, static_cast<size_t>(size), &c_options, &report);
  }
  return ReportTuple(error, report);
}

py::tuple LoadProgram(ccr_error* error, ccr_program* program) {
  if (error != nullptr) return py::make_tuple(ErrorTuple(error), py::none());
  return py::make_tuple(py::none(), std::make_shared<Program>(program));
}

}  // namespace

PYBIND11_MODULE(_native, m) {
  m.doc() = "ccr's native part over libccr (ccr.h); use the `ccr` package, not this module";

  py::class_<Options>(m, "Options")
      .def(py::init<>())
      .def_readwrite("as_of", &Options::as_of)
      .def_readwrite("format", &Options::format)
      .def_readwrite("lang", &Options::lang)
      .def_readwrite("where", &Options::where)
      .def_readwrite("all", &Options::all)
      .def_readwrite("threads", &Options::threads)
      .def_readwrite("first_line", &Options::first_line)
      .def_readwrite("max_line_bytes", &Options::max_line_bytes);

  py::class_<Program, std::shared_ptr<Program>>(m, "Program")
      .def("bytes",
           [](const Program& program) {
             size_t size = 0;
             const uint8_t* data = ccr_program_bytes(program.get(), &size);
             return py::bytes(reinterpret_cast<const char*>(data), size);
           })
      .def("hash",
           [](const Program& program) { return std::string(ccr_program_hash(program.get())); })
      .def("evaluate",
           [](const Program& program, const py::bytes& json, const Options& options) {
             return CallWithoutGil(ccr_evaluate, program, json, options);
           })
      .def("evaluate_lines",
           [](const Program& program, const py::bytes& lines, const Options& options) {
             return CallWithoutGil(ccr_evaluate_lines, program, lines, options);
           })
      .def("evaluate_lines_to_file",
           [](const Program& program, const py::bytes& lines, const Options& options,
              const std::string& path) {
             return CallWithoutGil(
                 [&path](const ccr_program* p, const char* data, size_t size, const ccr_options* o,
                         ccr_report** out) {
                   return ccr_evaluate_lines_to_file(p, data, size, o, path.c_str(), out);
                 },
                 program, lines, options);
           })
      .def("next_questions",
           [](const Program& program, const py::bytes& json, const Options& options) {
             return CallWithoutGil(ccr_next_questions, program, json, options);
           });

  m.def("load", [](const py::bytes& bytes, const std::string& name) {
    char* data = nullptr;
    Py_ssize_t size = 0;
    PyBytes_AsStringAndSize(bytes.ptr(), &data, &size);
    ccr_program* program = nullptr;
    ccr_error* error = nullptr;
    {
      py::gil_scoped_release release;
      error =
          ccr_program_load(reinterpret_cast<const uint8_t*>(data), size, name.c_str(), &program);
    }
    return LoadProgram(error, program);
  });

  m.def("default", [] {
    ccr_program* program = nullptr;
    ccr_error* error = ccr_program_default(&program);
    return LoadProgram(error, program);
  });

  // sources: [(path, text or None)]. Returns (error, bundle bytes or None, [diagnostic dict]).
  m.def("compile",
        [](const std::vector<std::pair<std::string, std::optional<std::string>>>& sources,
           bool no_stdlib) {
          std::vector<ccr_source> c_sources;
          for (const auto& [path, text] : sources) {
            c_sources.push_back(
                ccr_source{path.c_str(), text ? text->data() : nullptr, text ? text->size() : 0});
          }
          ccr_compile_options options = {no_stdlib ? 1 : 0};
          ccr_compilation* raw = nullptr;
          ccr_error* error = nullptr;
          {
            py::gil_scoped_release release;
            error = ccr_compile(c_sources.data(), c_sources.size(), &options, &raw);
          }
          CompilationPtr compilation(raw);
          py::list diagnostics;
          for (size_t i = 0; i < ccr_compilation_diagnostic_count(compilation.get()); ++i) {
            ccr_diagnostic d;
            ccr_compilation_diagnostic(compilation.get(), i, &d);
            py::dict item;
            item["code"] = d.code;
            item["severity"] = d.severity;
            item["path"] = d.path ? py::object(py::str(d.path)) : py::object(py::none());
            item["line"] = d.line;
            item["column"] = d.column;
            item["end_line"] = d.end_line;
            item["end_column"] = d.end_column;
            item["message"] = d.message;
            item["help"] = d.help;
            item["text"] = d.text;
            diagnostics.append(item);
          }
          size_t size = 0;
          const uint8_t* bundle = ccr_compilation_bundle(compilation.get(), &size);
          py::object bundle_bytes =
              bundle ? py::object(py::bytes(reinterpret_cast<const char*>(bundle), size))
                     : py::object(py::none());
          return py::make_tuple(ErrorTuple(error), bundle_bytes, diagnostics);
        });

  m.def("version", [] { return std::string(ccr_version()); });
  m.def("bytecode_format_version", [] { return ccr_bytecode_format_version(); });
}
