// Fuzz target: bytes -> a catalogue (CSV, TSV or JSONL; with or without an input layout) ->
// the batch pipeline (record reader, cell splitting, the table binder and the layout's
// synonyms, units and separators) -> every batch output format, as `ccr run --facts
// catalog.csv --input LAYOUT --format ...` does. The first byte chooses the input format, the
// layout and the output format; the rest is the file.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "runtime/base/check.h"
#include "runtime/base/date.h"
#include "runtime/base/embedded_file.h"
#include "runtime/batch/catalog.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"

namespace ccr::fuzz {
std::span<const EmbeddedFile> DefaultBundle();
}  // namespace ccr::fuzz

namespace {

using ccr::bytecode::kNone;

// The default bundle with one layout added (what `layout plm { ... }` lowers to), verified
// again, so the mapping layer runs on real facts and enums.
const ccr::bytecode::VerifiedProgram& Program() {
  static const ccr::bytecode::VerifiedProgram program = [] {
    std::string_view bytes = ccr::fuzz::DefaultBundle().front().bytes;
    auto read = ccr::bytecode::Read({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()},
                                    "<default bundle>");
    CCR_CHECK(read.ok());
    ccr::bytecode::Module module = std::move(*read);
    auto string = [&](std::string text) {
      module.strings.push_back(std::move(text));
      return static_cast<uint32_t>(module.strings.size() - 1);
    };
    auto fact = [&](std::string_view name) {
      for (uint32_t i = 0; i < module.facts.size(); ++i) {
        if (module.strings[module.facts[i].name] == name) return i;
      }
      CCR_CHECK(false);
      return kNone;
    };
    ccr::bytecode::Layout layout;
    layout.name = string("plm");
    layout.columns.push_back({string("SKU"), kNone, 1, kNone, {}});
    layout.columns.push_back(
        {string("Type"), fact("category"), 1, kNone, {{string("Notebook"), 0}, {string("NB"), 0}}});
    layout.columns.push_back(
        {string("Radio"),
         fact("emits_radio"),
         1,
         kNone,
         {{string("Y"), 1}, {string("是"), 1}, {string("N"), 0}, {string("否"), 0}}});
    layout.columns.push_back({string("kV"), fact("rated_voltage_v"), 1000, kNone, {}});
    layout.columns.push_back(
        {string("Radios"), fact("radio_technologies"), 1, string("|"), {{string("WLAN"), 0}}});
    layout.ignored.push_back(string("Price"));
    module.layouts.push_back(std::move(layout));
    auto verified = ccr::bytecode::Verify(std::move(module), "<fuzz bundle>");
    CCR_CHECK(verified.ok());
    return std::move(*verified);
  }();
  return program;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ccr;
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  batch::CatalogOptions options;
  options.input = std::array{batch::InputFormat::Csv, batch::InputFormat::Tsv,
                             batch::InputFormat::Jsonl}[choice % 3];
  options.layout = (choice / 3) % 2 == 0 ? 0 : kNone;
  options.format = std::array{batch::Format::Csv, batch::Format::Summary, batch::Format::Html,
                              batch::Format::Json, batch::Format::Text}[(choice / 6) % 5];
  options.undeclared = choice >= 128 ? facts::Undeclared::Refuse : facts::Undeclared::Collect;
  options.report.as_of = *ParseDate("2025-06-01");
  options.reader.max_line_bytes = 4096;
  options.reader.chunk_bytes = 64;  // records across chunk boundaries
  options.batch_lines = 4;
  options.overview_max_products = 3;
  size_t written = 0;
  options.write = [&](std::string_view bytes) -> Expected<Ok> {
    written += bytes.size();
    return Ok{};
  };
  options.diagnostics = [](std::string_view) {};
  auto source = batch::StringByteSource(std::move(text), 7);
  auto counts = batch::EvaluateCatalog(Program(), *source, "fuzz.csv", options);
  if (counts) {
    CCR_CHECK(counts->products + counts->errors <= counts->lines);
    batch::UndeclaredWarnings(Program().module(), *counts, "fuzz.csv");
  }
  return 0;
}
