#include "compiler/format/internal/doc.h"

#include <cstdint>
#include <utility>

namespace ccr::format::internal {

namespace {

// East Asian Wide and Fullwidth ranges (the ones rule files use: CJK, Hangul, fullwidth
// punctuation); everything else is one column.
bool IsWide(uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

bool AnyHard(const std::vector<Doc>& children) {
  for (const Doc& child : children) {
    if (child.hard) return true;
  }
  return false;
}

Doc Make(Doc::Kind kind, std::vector<Doc> children, int indent = 0) {
  Doc doc;
  doc.kind = kind;
  doc.hard = AnyHard(children);
  doc.children = std::move(children);
  doc.indent = indent;
  return doc;
}

enum class Mode { Flat, Break };

struct Command {
  int indent;
  Mode mode;
  const Doc* doc;
  size_t fill_start = 0;  // Fill: the first child still to print
};

class Printer {
 public:
  explicit Printer(int width) : width_(width) {}

  std::string Run(const Doc& doc) {
    stack_.push_back({0, Mode::Break, &doc});
    while (!stack_.empty()) {
      Command command = stack_.back();
      stack_.pop_back();
      Step(command);
    }
    if (!out_.empty()) out_ += '\n';
    return std::move(out_);
  }

 private:
  void Step(const Command& command) {
    const Doc& doc = *command.doc;
    switch (doc.kind) {
      case Doc::Kind::Text:
        Write(doc);
        return;
      case Doc::Kind::Space:
        if (pending_newlines_ == 0) pending_space_ = true;
        return;
      case Doc::Kind::Line:
        if (command.mode == Mode::Flat) {
          if (pending_newlines_ == 0) pending_space_ = true;
        } else {
          Break(command.indent, 1);
        }
        return;
      case Doc::Kind::HardLine:
        Break(command.indent, 1);
        return;
      case Doc::Kind::BlankLine:
        Break(command.indent, 2);
        return;
      case Doc::Kind::Concat:
        PushChildren(doc, command.indent, command.mode);
        return;
      case Doc::Kind::Nest:
        PushChildren(doc, command.indent + doc.indent, command.mode);
        return;
      case Doc::Kind::LineNest:
        PushChildren(doc, pending_newlines_ > 0 ? pending_indent_ : line_indent_, command.mode);
        return;
      case Doc::Kind::Group: {
        Mode mode = Mode::Break;
        if (!doc.hard) {
          if (command.mode == Mode::Flat) {
            mode = Mode::Flat;
          } else {
            std::vector<Command> next = {{command.indent, Mode::Flat, &doc}};
            if (Fits(next, false)) mode = Mode::Flat;
          }
        }
        PushChildren(doc, command.indent, mode);
        return;
      }
      case Doc::Kind::Fill:
        StepFill(command);
        return;
    }
  }

  // Prettier's fill: a Line breaks when the content after it would not fit on the line.
  void StepFill(const Command& command) {
    const std::vector<Doc>& parts = command.doc->children;
    size_t i = command.fill_start;
    if (i >= parts.size()) return;
    int indent = command.indent;
    Command content_flat{indent, Mode::Flat, &parts[i]};
    Command content_break{indent, Mode::Break, &parts[i]};
    bool content_fits = Fits({content_flat}, true);
    if (i + 1 >= parts.size()) {
      stack_.push_back(content_fits ? content_flat : content_break);
      return;
    }
    Command separator_flat{indent, Mode::Flat, &parts[i + 1]};
    Command separator_break{indent, Mode::Break, &parts[i + 1]};
    if (i + 2 >= parts.size()) {
      stack_.push_back(content_fits ? separator_flat : separator_break);
      stack_.push_back(content_fits ? content_flat : content_break);
      return;
    }
    Command rest = command;
    rest.fill_start = i + 2;
    Command second_flat{indent, Mode::Flat, &parts[i + 2]};
    bool both_fit = Fits({content_flat, separator_flat, second_flat}, true);
    stack_.push_back(rest);
    if (both_fit) {
      stack_.push_back(separator_flat);
      stack_.push_back(content_flat);
    } else if (content_fits) {
      stack_.push_back(separator_break);
      stack_.push_back(content_flat);
    } else {
      stack_.push_back(separator_break);
      stack_.push_back(content_break);
    }
  }

  void PushChildren(const Doc& doc, int indent, Mode mode) {
    for (size_t i = doc.children.size(); i-- > 0;) {
      stack_.push_back({indent, mode, &doc.children[i]});
    }
  }

  // Whether `next` (then, unless `must_be_flat`, what follows on the stack) fits in the rest
  // of the line: measured up to the first line break.
  bool Fits(std::vector<Command> next, bool must_be_flat) const {
    int remaining = width_ - Column();
    if (pending_space_ && pending_newlines_ == 0) --remaining;
    std::vector<Command> work(next.rbegin(), next.rend());
    size_t rest = stack_.size();
    while (remaining >= 0) {
      if (work.empty()) {
        if (must_be_flat || rest == 0) return true;
        work.push_back(stack_[--rest]);
      }
      Command command = work.back();
      work.pop_back();
      const Doc& doc = *command.doc;
      switch (doc.kind) {
        case Doc::Kind::Text:
          remaining -= doc.width;
          if (doc.hard) return remaining >= 0;  // a multi-line comment ends the line
          break;
        case Doc::Kind::Space:
          remaining -= 1;
          break;
        case Doc::Kind::Line:
          if (command.mode == Mode::Break) return true;
          remaining -= 1;
          break;
        case Doc::Kind::HardLine:
        case Doc::Kind::BlankLine:
          return true;
        case Doc::Kind::Concat:
        case Doc::Kind::Nest:
        case Doc::Kind::LineNest:
        case Doc::Kind::Group:
        case Doc::Kind::Fill: {
          if (doc.kind == Doc::Kind::Group && must_be_flat && doc.hard) return false;
          Mode mode = doc.kind == Doc::Kind::Group && doc.hard ? Mode::Break : command.mode;
          size_t first = doc.kind == Doc::Kind::Fill ? command.fill_start : 0;
          for (size_t i = doc.children.size(); i-- > first;) {
            work.push_back({command.indent, mode, &doc.children[i]});
          }
          break;
        }
      }
    }
    return false;
  }

  int Column() const { return pending_newlines_ > 0 ? pending_indent_ : column_; }

  void Break(int indent, int newlines) {
    pending_newlines_ = std::max(pending_newlines_, newlines);
    pending_indent_ = indent;
    pending_space_ = false;
  }

  void Write(const Doc& text) {
    if (pending_newlines_ > 0) {
      int newlines = pending_newlines_;
      if (out_.empty()) newlines = 0;  // no blank lines at the top of the file
      if (!out_.empty() && out_.back() == '{') newlines = 1;  // nor at the top of a block
      out_.append(static_cast<size_t>(newlines), '\n');
      if (newlines > 0) out_.append(static_cast<size_t>(pending_indent_), ' ');
      if (newlines > 0) line_indent_ = pending_indent_;
      column_ = newlines > 0 ? pending_indent_ : column_;
      pending_newlines_ = 0;
    } else if (pending_space_) {
      out_ += ' ';
      ++column_;
    }
    pending_space_ = false;
    out_ += text.text;
    size_t last_newline = text.text.rfind('\n');
    if (last_newline == std::string::npos) {
      column_ += text.width;
    } else {
      column_ = DisplayWidth(std::string_view(text.text).substr(last_newline + 1));
    }
  }

  int width_;
  std::string out_;
  int column_ = 0;
  int pending_newlines_ = 0;
  int pending_indent_ = 0;
  int line_indent_ = 0;  // the indentation of the line being written
  bool pending_space_ = false;
  std::vector<Command> stack_;
};

}  // namespace

int DisplayWidth(std::string_view utf8) {
  int width = 0;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char lead = static_cast<unsigned char>(utf8[i]);
    int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t c = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length && i + k < utf8.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    width += IsWide(c) ? 2 : 1;
    i += static_cast<size_t>(length);
  }
  return width;
}

Doc Text(std::string text) {
  Doc doc;
  doc.kind = Doc::Kind::Text;
  size_t newline = text.find('\n');
  doc.hard = newline != std::string::npos;
  doc.width = DisplayWidth(std::string_view(text).substr(0, newline));
  doc.text = std::move(text);
  return doc;
}

Doc UncountedText(std::string text) {
  Doc doc = Text(std::move(text));
  doc.width = 0;
  return doc;
}

Doc Space() {
  Doc doc;
  doc.kind = Doc::Kind::Space;
  return doc;
}

Doc Line() {
  Doc doc;
  doc.kind = Doc::Kind::Line;
  return doc;
}

Doc HardLine() {
  Doc doc;
  doc.kind = Doc::Kind::HardLine;
  doc.hard = true;
  return doc;
}

Doc BlankLine() {
  Doc doc;
  doc.kind = Doc::Kind::BlankLine;
  doc.hard = true;
  return doc;
}

Doc Concat(std::vector<Doc> children) { return Make(Doc::Kind::Concat, std::move(children)); }
Doc Group(std::vector<Doc> children) { return Make(Doc::Kind::Group, std::move(children)); }
Doc Nest(int indent, std::vector<Doc> children) {
  return Make(Doc::Kind::Nest, std::move(children), indent);
}

Doc LineNest(std::vector<Doc> children) { return Make(Doc::Kind::LineNest, std::move(children)); }

Doc Fill(std::vector<Doc> items) {
  std::vector<Doc> parts;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) parts.push_back(Line());
    parts.push_back(std::move(items[i]));
  }
  return Make(Doc::Kind::Fill, std::move(parts));
}

std::string Print(const Doc& doc, int width) { return Printer(width).Run(doc); }

}  // namespace ccr::format::internal
