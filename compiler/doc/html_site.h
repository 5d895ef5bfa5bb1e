// The documentation site (`ccrc doc --html DIR`): static HTML generated from checked rule
// sources. An index of every scheme and authority, a page per scheme (authority with EN/ZH
// names, partners, level, impact, management mode, what to do next with its citations, every
// rule with its reason, citation and effective dates, and worked examples taken from the
// in-language tests), the catalogue (every `entry` with its codes, names, and each row's scope,
// route, dates and citation), and a picture of authorities -> schemes (Graphviz source here;
// the tool renders it to SVG with `dot`).
#pragma once

#include <string>
#include <vector>

#include "compiler/check/check.h"

namespace ccr::doc {

struct SiteFile {
  std::string path;  // relative to the site's directory, `/`-separated
  std::string content;
};

// Every file of the site except the SVG picture. `module` must have checked without errors.
std::vector<SiteFile> HtmlSite(const check::CheckedModule& module);

// The picture's Graphviz source: authorities (with parents) -> the schemes they administer
// (solid) or partner in (dashed); scheme nodes link to their pages.
std::string AuthorityGraph(const check::CheckedModule& module);

// The path of the picture `HtmlSite`'s index shows, relative to the site.
inline constexpr const char* kGraphSvg = "authorities.svg";
inline constexpr const char* kGraphDot = "authorities.dot";

}  // namespace ccr::doc
