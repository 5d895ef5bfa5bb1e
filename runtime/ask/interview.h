// The `ccr ask` conversation: asks the most decisive question (RankQuestions), reads the
// answer, evaluates again and re-ranks, until no scheme is undetermined, only skipped facts
// would settle the rest, or the answers run out; then offers to save the facts. It talks
// through a Console, so a terminal, a pipe and the unit tests run the same loop; the tool
// only parses its arguments, prints the report and picks the console.
//
// With an interactive console (a person at a terminal) each question shows the fact's doc,
// its allowed values, what it decides and how to answer, behind a `> ` prompt, and a bad
// answer is explained and asked again. Otherwise (answers piped in) a question is its first
// lines only, each answer is echoed after `> `, and a bad answer stops the conversation with
// an error naming its line.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/date.h"
#include "runtime/base/expected.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::ask {

// Where the conversation happens.
class Console {
 public:
  virtual ~Console() = default;
  // Shows `text` to the person (`ccr ask`: on stderr, so stdout carries only the report).
  virtual void Say(std::string_view text) = 0;
  // Reads the next line, without its newline, into `line`; returns false at the end of input.
  virtual bool ReadLine(std::string& line) = 0;
  // Whether a person types the answers as the questions come (a terminal).
  virtual bool interactive() const = 0;
};

struct InterviewOptions {
  Date as_of;
  // Names the answers in the error for a bad one that is not asked again: `<stdin>:3: ...`.
  std::string where = "<stdin>";
};

struct Interview {
  facts::Product product;    // the facts given at the start plus every answer
  vm::Result result;         // `product` evaluated on the date
  bool input_ended = false;  // the answers ran out before nothing was left to ask
};

// Runs the conversation from `product` (bound to `program`'s facts). Fails (E-code
// BadAnswer) only when the console is not interactive and an answer cannot be read as a
// value of its fact.
Expected<Interview> RunInterview(const bytecode::VerifiedProgram& program, facts::Product product,
                                 const InterviewOptions& options, Console& console);

// Offers to save `product` as a facts file (FactsJson): asks for a path until a write
// succeeds or the person declines (an empty path or the end of input); asks before replacing
// an existing file; writes atomically.
void OfferSave(const bytecode::Module& module, const facts::Product& product, Console& console);

}  // namespace ccr::ask
