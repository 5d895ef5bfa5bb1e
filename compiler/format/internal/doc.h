// A small layout language (after Wadler's "prettier printer" and Prettier's document IR): the
// formatter describes each construct as text, line breaks and groups, and one printer decides
// where lines break for a width. Free of ANTLR, so its decisions are unit-tested on their own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ccr::format::internal {

struct Doc {
  enum class Kind {
    Text,       // printed as is; `width` columns
    Space,      // one space, never a line break (dropped at the start of a line)
    Line,       // a space when its group is flat, a line break when broken
    HardLine,   // always a line break (breaks every enclosing group)
    BlankLine,  // a line break leaving one empty line (dropped right after `{`)
    Concat,     // the children in order
    Group,      // flat if it fits in the remaining width and has no hard break, else broken
    Nest,       // the children with `indent` more columns after each line break
    LineNest,   // the children indented relative to the current line's indentation (not the
                // enclosing Nest's): a `{` list in a condition indents from the `when` line
    Fill,       // content, Line, content, ...: breaks only the Lines whose next content
                // would not fit (packs lists several items per line)
  };
  Kind kind = Kind::Concat;
  std::string text;
  int width = 0;
  int indent = 0;
  std::vector<Doc> children;
  bool hard = false;  // contains a forced line break: enclosing groups cannot be flat
};

// Returns the display width of UTF-8 text: East Asian wide characters take two columns.
int DisplayWidth(std::string_view utf8);

Doc Text(std::string text);
// Text that does not count towards the line width (a trailing comment must not move code).
Doc UncountedText(std::string text);
Doc Space();
Doc Line();
Doc HardLine();
Doc BlankLine();
Doc Concat(std::vector<Doc> children);
Doc Group(std::vector<Doc> children);
Doc Nest(int indent, std::vector<Doc> children);
Doc LineNest(std::vector<Doc> children);
// `items` are the contents; a Line is put between each pair.
Doc Fill(std::vector<Doc> items);

// Prints `doc` in at most `width` columns where possible (a single text longer than the line
// stays whole). Never ends a line with spaces; the result ends with one newline unless empty.
std::string Print(const Doc& doc, int width);

}  // namespace ccr::format::internal
