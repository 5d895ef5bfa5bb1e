// ccr catalog [BUNDLE] [--find QUERY] [--format text|json] [--as-of DATE]: lists the product
// types that catalogue entries describe (codes, names, the rules that state each row's scope),
// or only those QUERY names: an official code (`0717`, `CEL 001`), an English or Chinese name
// or another common name. Exit 1 when QUERY finds nothing.
#include <cstdio>
#include <memory>

#include "runtime/catalog/catalog.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

struct CatalogFlags {
  std::string bundle;
  std::string query;
  std::string format = "text";
  std::string as_of;
};

int Catalog(const CatalogFlags& flags) {
  auto program = LoadBundle(flags.bundle);
  if (!program) {
    std::fputs(FormatError(program.error()).c_str(), stderr);
    return kExitInput;
  }
  Date as_of = flags.as_of.empty() ? Today() : *ParseDate(flags.as_of);
  catalog::Listing listing = catalog::List(program->module(), as_of);
  std::vector<size_t> items;
  if (flags.query.empty()) {
    for (size_t i = 0; i < listing.items.size(); ++i) items.push_back(i);
  } else {
    items = catalog::Lookup(listing, flags.query);
  }
  std::string out = flags.format == "json" ? catalog::RenderJson(listing, items)
                                           : catalog::RenderText(listing, items);
  std::fputs(out.c_str(), stdout);
  if (items.empty()) {
    std::fprintf(stderr, "no catalogue entry matches the query; run `ccr catalog` for the list\n");
    return kExitFindings;
  }
  return kExitOk;
}

}  // namespace

Command AddCatalogCommand(CLI::App& app) {
  auto flags = std::make_shared<CatalogFlags>();
  CLI::App* command = app.add_subcommand(
      "catalog", "list catalogue product types, or find one by code, English or Chinese name");
  command->add_option("bundle", flags->bundle, "a .ccrb file (default: the built-in bundle)")
      ->check(CLI::ExistingFile);
  command->add_option("--find,-f", flags->query,
                      "a code (0717, CEL 001), name, Chinese name or common name");
  command->add_option("--format", flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_option("--as-of", flags->as_of, "the day whose rows are `in force` (default today)")
      ->check(CheckDate);
  return {command, [flags] { return Catalog(*flags); }};
}

}  // namespace ccr::tools
