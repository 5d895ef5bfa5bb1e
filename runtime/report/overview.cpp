#include "runtime/report/overview.h"

#include <fmt/format.h>

#include <iterator>

#include "runtime/base/html_escape.h"
#include "runtime/explain/explain.h"

namespace ccr::report {

using bytecode::Level;
using bytecode::Module;
using vm::Status;

namespace {

// Short class names per CellStatusIndex, used by the CSS and the filter script.
constexpr std::string_view kStatusClass[kCellStatusCount] = {"rm", "rv", "un", "ex", "nr", "av"};
constexpr std::string_view kStatusText[kCellStatusCount] = {
    "required mandatory", "recommended (voluntary)", "undetermined", "exempt", "not required",
    "available"};

// How many failed lines the page lists; the rest are counted.
constexpr uint64_t kMaxErrorsListed = 100;

constexpr std::string_view kStyle =
    R"(body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;line-height:1.4}
h1{font-size:1.4em;margin-bottom:.2em}
h2{font-size:1.15em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.4em}
table{border-collapse:collapse}
th,td{border:1px solid #ccc;padding:.2em .45em;text-align:left;vertical-align:top;font-size:.92em}
th{background:#f2f2f2;position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.rm{background:#f8d4d4}.rv{background:#fbe7c9}.un{background:#fff3a8}.ex{background:#d6efd6}
.nr{color:#888}.av{color:#5a7}
details pre{white-space:pre;overflow-x:auto;max-width:90em;font-size:.88em;background:#fafafa;padding:.5em}
summary{cursor:pointer;color:#0645ad}
#filters{margin:.6em 0;display:flex;gap:1em;flex-wrap:wrap;align-items:center}
.muted,footer{color:#666;font-size:.9em}
.note{background:#fff3a8;padding:.4em .6em}
)";

// Shows/hides matrix rows: a row matches when its chosen scheme (or any scheme) has the chosen
// status, and its line or product contains the text. Statuses are one class name per scheme in
// the row's data-s attribute.
constexpr std::string_view kScript = R"(
(function(){
  var scheme=document.getElementById('f-scheme'),status=document.getElementById('f-status'),
      text=document.getElementById('f-text'),shown=document.getElementById('shown'),
      rows=document.querySelectorAll('#matrix tbody tr');
  function apply(){
    var s=scheme.value,st=status.value,t=text.value.toLowerCase(),n=0;
    for(var i=0;i<rows.length;i++){
      var r=rows[i],codes=r.getAttribute('data-s').split(' '),ok=true;
      if(st){ok=s===''?codes.indexOf(st)>=0:codes[+s]===st;}
      if(ok&&t){ok=r.getAttribute('data-k').toLowerCase().indexOf(t)>=0;}
      r.hidden=!ok; if(ok)n++;
    }
    shown.textContent=n;
  }
  scheme.onchange=apply;status.onchange=apply;text.oninput=apply;apply();
})();
)";

}  // namespace

int CellStatusIndex(const vm::SchemeResult& scheme) {
  switch (scheme.status) {
    case Status::Required:
      return scheme.level == Level::Mandatory ? 0 : 1;
    case Status::Undetermined:
      return 2;
    case Status::Exempt:
      return 3;
    case Status::NotRequired:
      return 4;
    case Status::Available:
      return 5;
  }
  return 4;
}

void AppendOverviewRow(std::string& out, const bytecode::VerifiedProgram& program,
                       const facts::Product& product, const vm::Result& result,
                       const Options& options) {
  const Module& module = program.module();
  out += "<tr data-s=\"";
  for (size_t i = 0; i < result.schemes.size(); ++i) {
    if (i > 0) out += ' ';
    out += kStatusClass[CellStatusIndex(result.schemes[i])];
  }
  out += "\" data-k=\"";
  fmt::format_to(std::back_inserter(out), "{} ", options.line);
  AppendHtmlEscaped(out, product.name);
  fmt::format_to(std::back_inserter(out), "\"><td class=n>{}</td><td><details><summary>",
                 options.line);
  AppendHtmlEscaped(out, product.name.empty() ? std::string_view("(unnamed product)")
                                              : std::string_view(product.name));
  out += "</summary><pre>";
  AppendHtmlEscaped(out, RenderText(program, product, result, options));
  out += "</pre></details></td>";
  std::string missing;
  for (const vm::SchemeResult& scheme : result.schemes) {
    int status = CellStatusIndex(scheme);
    fmt::format_to(std::back_inserter(out), "<td class={}>{}", kStatusClass[status],
                   kStatusText[status]);
    // A scheme attached to components: the cell's colour is the scheme's, and each obligation
    // is a line of its own (the adapter required, the product itself undetermined).
    for (const vm::Obligation& obligation : scheme.obligations) {
      out += "<br><small>";
      AppendHtmlEscaped(out,
                        explain::ComponentText(module, obligation.component, options.language));
      fmt::format_to(
          std::back_inserter(out), ": {}</small>",
          kStatusText[CellStatusIndex(explain::ObligationOf(scheme, obligation.component))]);
    }
    out += "</td>";
    for (uint32_t fact : scheme.missing) {
      std::string_view name = module.strings[module.facts[fact].name];
      if (missing.find(name) == std::string::npos) {
        if (!missing.empty()) missing += ' ';
        missing += name;
      }
    }
  }
  out += "<td>";
  AppendHtmlEscaped(out, missing);
  out += "</td></tr>\n";
}

Overview::Overview(const bytecode::VerifiedProgram& program, const Options& options,
                   std::string_view source, uint64_t max_products)
    : program_(program),
      options_(options),
      source_(source),
      max_products_(max_products),
      counts_(program.module().schemes.size() * kCellStatusCount, 0) {}

void Overview::AddProduct(const uint8_t* statuses, std::string_view row) {
  ++products_;
  for (size_t s = 0; s < program_.module().schemes.size(); ++s) {
    ++counts_[s * kCellStatusCount + statuses[s]];
  }
  if (rows_ < max_products_ && !row.empty()) {
    rows_html_ += row;
    ++rows_;
  }
}

void Overview::AddError(uint64_t line, std::string_view product, std::string_view message) {
  ++errors_;
  if (errors_kept_ >= kMaxErrorsListed) return;
  ++errors_kept_;
  fmt::format_to(std::back_inserter(errors_html_), "<li>line {}", line);
  if (!product.empty()) {
    errors_html_ += " (";
    AppendHtmlEscaped(errors_html_, product);
    errors_html_ += ')';
  }
  errors_html_ += ": <code>";
  AppendHtmlEscaped(errors_html_, message);
  errors_html_ += "</code></li>\n";
}

std::string Overview::Finish() const {
  const Module& module = program_.module();
  std::string out;
  out.reserve(rows_html_.size() + 16384);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += "Certification overview: ";
  AppendHtmlEscaped(out, source_);
  out += "</title>\n<style>\n";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<h1>Certification overview: ";
  AppendHtmlEscaped(out, source_);
  out += "</h1>\n";
  fmt::format_to(std::back_inserter(out),
                 "<p class=muted>Requirements for sale in mainland China as of {}: <span "
                 "id=products>{}</span> products, <span id=errors>{}</span> lines failed.</p>\n",
                 FormatDate(options_.as_of), products_, errors_);

  out += "<h2>Counts per scheme</h2>\n<table id=counts>\n<thead><tr><th>scheme</th><th>name</th>";
  for (int i = 0; i < kCellStatusCount; ++i) {
    fmt::format_to(std::back_inserter(out), "<th class={}>{}</th>", kStatusClass[i],
                   kStatusText[i]);
  }
  out += "</tr></thead>\n<tbody>\n";
  for (size_t s = 0; s < module.schemes.size(); ++s) {
    out += "<tr><td>";
    AppendHtmlEscaped(out, module.strings[module.schemes[s].id]);
    out += "</td><td>";
    AppendHtmlEscaped(out, module.strings[module.schemes[s].name]);
    out += "</td>";
    for (int i = 0; i < kCellStatusCount; ++i) {
      fmt::format_to(std::back_inserter(out), "<td class=n>{}</td>",
                     counts_[s * kCellStatusCount + i]);
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";

  out += "<h2>Products</h2>\n";
  if (products_ > rows_) {
    fmt::format_to(std::back_inserter(out),
                   "<p class=note id=cap>The matrix shows the first {} of {} products (the "
                   "counts above cover all of them). The whole matrix: <code>ccr run --facts "
                   "CATALOGUE --format csv</code>; a larger page: "
                   "<code>--html-max-products N</code>.</p>\n",
                   rows_, products_);
  }
  out += "<div id=filters><label>scheme <select id=f-scheme><option value=\"\">any</option>";
  for (size_t s = 0; s < module.schemes.size(); ++s) {
    fmt::format_to(std::back_inserter(out), "<option value=\"{}\">", s);
    AppendHtmlEscaped(out, module.strings[module.schemes[s].id]);
    out += "</option>";
  }
  out += "</select></label> <label>status <select id=f-status><option value=\"\">any</option>";
  for (int i = 0; i < kCellStatusCount; ++i) {
    fmt::format_to(std::back_inserter(out), "<option value=\"{}\">{}</option>", kStatusClass[i],
                   kStatusText[i]);
  }
  fmt::format_to(std::back_inserter(out),
                 "</select></label> <label>product or line <input id=f-text "
                 "type=search></label> <span><span id=shown>{}</span> of {} rows shown</span>"
                 "</div>\n",
                 rows_, rows_);
  out += "<table id=matrix>\n<thead><tr><th>line</th><th>product</th>";
  for (const bytecode::Scheme& scheme : module.schemes) {
    out += "<th>";
    AppendHtmlEscaped(out, module.strings[scheme.id]);
    out += "</th>";
  }
  out += "<th>missing</th></tr></thead>\n<tbody>\n";
  out += rows_html_;
  out += "</tbody>\n</table>\n";
  if (errors_ > 0) {
    out += "<h2>Lines that failed</h2>\n<ul id=failed>\n";
    out += errors_html_;
    out += "</ul>\n";
    if (errors_ > errors_kept_) {
      fmt::format_to(std::back_inserter(out), "<p class=muted>and {} more (see stderr)</p>\n",
                     errors_ - errors_kept_);
    }
  }
  out +=
      "<h2>Legend</h2>\n<dl class=muted>"
      "<dt>required mandatory</dt><dd>a rule in force requires the scheme, and at least one "
      "such rule makes it mandatory</dd>"
      "<dt>recommended (voluntary)</dt><dd>rules in force call for the scheme, all of them "
      "as voluntary: not a legal duty, but it applies to the product</dd>"
      "<dt>undetermined</dt><dd>facts are missing (the last column) to decide it</dd>"
      "<dt>exempt</dt><dd>the scheme would apply, but an exemption holds</dd>"
      "<dt>not required</dt><dd>no rule in force requires or calls for the scheme</dd>"
      "<dt>available</dt><dd>a mark the applicant chooses (declared <code>on request</code>): "
      "the product may get it if you want it; no rule decides it, and nothing is missing"
      "</dd></dl>\n";
  out += "<footer>Generated by ccr. Click a product to see why.</footer>\n<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace ccr::report
