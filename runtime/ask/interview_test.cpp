// The `ccr ask` conversation, driven by scripted answers in memory (no terminal needed): the
// order of questions, re-ranking after each answer, skipping, when it stops, bad answers on
// a pipe and at a terminal, and saving.
#include "runtime/ask/interview.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/check/test_support.h"
#include "compiler/lower/lower.h"
#include "runtime/ask/ask.h"
#include "runtime/base/files.h"

namespace ccr::ask {
namespace {

// category settles CCC and SRRC; emits_radio settles CQC_MARK (and SRRC for a toy).
constexpr const char* kRules = R"(
if category == laptop then require CCC by CNCA mandatory
if category in ccc_it or emits_radio then require SRRC by MIIT mandatory
if emits_radio then require CQC_MARK by CNCA voluntary
)";

// Answers from a list; everything said is kept in `transcript`.
class ScriptedConsole final : public Console {
 public:
  ScriptedConsole(std::vector<std::string> answers, bool interactive)
      : answers_(std::move(answers)), interactive_(interactive) {}

  void Say(std::string_view text) override { transcript += text; }
  bool ReadLine(std::string& line) override {
    if (next_ == answers_.size()) return false;
    line = answers_[next_++];
    return true;
  }
  bool interactive() const override { return interactive_; }

  size_t answers_read() const { return next_; }
  std::string transcript;

 private:
  std::vector<std::string> answers_;
  size_t next_ = 0;
  bool interactive_;
};

struct Fixture {
  explicit Fixture(const std::string& rules = kRules) {
    auto c = testing::CompileText(std::string(testing::kPrelude) + rules);
    REQUIRE_FALSE(c->sink.has_errors());
    auto verified = bytecode::Verify(lower::Lower(c->checked), "test");
    REQUIRE(verified.ok());
    program = std::make_unique<bytecode::VerifiedProgram>(std::move(*verified));
  }

  facts::Product Product(const std::string& json = "{}") const {
    auto product = facts::Bind(program->module(), json, "test.json");
    REQUIRE(product.ok());
    return std::move(*product);
  }

  Expected<Interview> Run(ScriptedConsole& console, const std::string& json = "{}") const {
    return RunInterview(*program, Product(json), {*ParseDate("2025-06-01")}, console);
  }

  const facts::Value& Value(const Interview& interview, const std::string& name) const {
    const auto& module = program->module();
    for (uint32_t i = 0; i < module.facts.size(); ++i) {
      if (module.strings[module.facts[i].name] == name) return interview.product.values[i];
    }
    FAIL("no fact " << name);
    return interview.product.values[0];
  }

  std::unique_ptr<bytecode::VerifiedProgram> program;
};

TEST_CASE("piped answers: the most decisive question first, re-ranked after each answer") {
  Fixture f;
  ScriptedConsole console({"laptop", "yes"}, /*interactive=*/false);
  auto interview = f.Run(console);
  REQUIRE(interview.ok());
  CHECK(console.transcript ==
        "3 schemes are open: SRRC, CCC, CQC_MARK\n"
        "\nQuestion 1: category (Category)\n  type\n> laptop\n  1 scheme still open\n"
        "\nQuestion 2: emits_radio (bool)\n  radio\n> yes\n  0 schemes still open\n");
  CHECK_FALSE(interview->input_ended);
  CHECK(OpenSchemes(interview->result).empty());
  CHECK(f.Value(*interview, "category").known);
  CHECK(f.Value(*interview, "emits_radio").known);
  CHECK_FALSE(f.Value(*interview, "model").known);
}

TEST_CASE("an answer that settles everything ends the questions") {
  Fixture f;
  // A toy that emits radio: SRRC and CQC_MARK hang on emits_radio only.
  ScriptedConsole console({"yes", "never read"}, false);
  auto interview = f.Run(console, R"({"category": "toy"})");
  REQUIRE(interview.ok());
  CHECK(console.answers_read() == 1);
  CHECK(console.transcript.starts_with("2 schemes are open: SRRC, CQC_MARK\n"));
  CHECK(OpenSchemes(interview->result).empty());
}

TEST_CASE("nothing open: nothing is asked or said") {
  Fixture f;
  ScriptedConsole console({"yes"}, false);
  auto interview = f.Run(console, R"({"category": "laptop", "emits_radio": false})");
  REQUIRE(interview.ok());
  CHECK(console.transcript.empty());
  CHECK(console.answers_read() == 0);
}

size_t Count(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

TEST_CASE("a skipped fact is not asked again; what only it would settle stays open") {
  Fixture f;
  ScriptedConsole console({"?", "yes", "never read"}, false);
  auto interview = f.Run(console);
  REQUIRE(interview.ok());
  CHECK(console.answers_read() == 2);
  CHECK(Count(console.transcript, "Question") == 2);
  CHECK(console.transcript.find("Question 1: category") != std::string::npos);
  CHECK(console.transcript.find("Question 2: emits_radio") != std::string::npos);
  CHECK(console.transcript.ends_with(
      "\n1 scheme still open (CCC): only the facts you skipped would settle it\n"));
  CHECK_FALSE(f.Value(*interview, "category").known);
  CHECK(OpenSchemes(interview->result).size() == 1);
}

TEST_CASE("skipping every deciding fact stops with the schemes still open") {
  Fixture f;
  ScriptedConsole console({"skip", "?"}, false);
  auto interview = f.Run(console);
  REQUIRE(interview.ok());
  CHECK(console.answers_read() == 2);
  CHECK(console.transcript.ends_with(
      "\n3 schemes still open (SRRC, CCC, CQC_MARK): only the facts you skipped would settle "
      "them\n"));
  CHECK(OpenSchemes(interview->result).size() == 3);
  CHECK_FALSE(interview->input_ended);
}

TEST_CASE("the end of the answers stops with what is known") {
  Fixture f;
  ScriptedConsole piped({"laptop"}, false);
  auto interview = f.Run(piped);
  REQUIRE(interview.ok());
  CHECK(interview->input_ended);
  CHECK(piped.transcript.ends_with("radio\n(end of input: stopping with what is known)\n"));
  CHECK(f.Value(*interview, "category").known);
  CHECK(OpenSchemes(interview->result).size() == 1);  // CQC_MARK

  ScriptedConsole terminal({}, true);
  interview = f.Run(terminal);
  REQUIRE(interview.ok());
  CHECK(interview->input_ended);
  CHECK(terminal.transcript.ends_with("> \n(end of input: stopping with what is known)\n"));
}

TEST_CASE("a bad piped answer is an error naming its line") {
  Fixture f;
  ScriptedConsole console({"laptop", "maybe"}, false);
  auto interview = f.Run(console);
  REQUIRE_FALSE(interview.ok());
  CHECK(interview.error().kind == ErrorKind::BadAnswer);
  CHECK(interview.error().message.starts_with("<stdin>:2: answer to `emits_radio`: "));
}

TEST_CASE("at a terminal: the full question, a prompt, and a bad answer asked again") {
  Fixture f;
  ScriptedConsole console({"lapto", "1", "no"}, true);
  auto interview = f.Run(console);
  REQUIRE(interview.ok());
  const std::string& said = console.transcript;
  // The values, numbered, what it decides and how to answer.
  CHECK(said.find("\nQuestion 1: category (Category)\n  type\n"
                  "     1 laptop        2 smartphone    3 toy\n") != std::string::npos);
  CHECK(said.find("  decides ") != std::string::npos);
  CHECK(said.find("  answer one value, by name or number; ? to skip\n> ") != std::string::npos);
  // `lapto` is explained and asked again (a second prompt); `1` is the first value; answers
  // are not echoed.
  CHECK(said.find("> lapto") == std::string::npos);
  CHECK(Count(said, "> ") == 3);
  CHECK(said.find(">   ") != std::string::npos);  // the explanation, after the prompt
  CHECK(console.answers_read() == 3);
  CHECK(OpenSchemes(interview->result).empty());
  REQUIRE(f.Value(*interview, "category").known);
  CHECK(f.Value(*interview, "category").index == 0);  // laptop, the first value
}

TEST_CASE("saving: a path, asking before replacing, declining") {
  Fixture f;
  auto interview_console = ScriptedConsole({"laptop", "no"}, false);
  auto interview = f.Run(interview_console);
  REQUIRE(interview.ok());
  const auto& module = f.program->module();
  const std::string expected = FactsJson(module, interview->product);

  auto dir = std::filesystem::temp_directory_path() /
             ("ccr-interview-test-" + std::to_string(reinterpret_cast<uintptr_t>(&f)));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "facts.json").string();
  std::filesystem::remove(path);

  ScriptedConsole first({"  " + path + "  "}, true);
  OfferSave(module, interview->product, first);
  CHECK(first.transcript == "\nSave these facts to a file? Path (empty to skip): saved " + path +
                                " (use it with: ccr run --facts " + path + ")\n");
  auto saved = ReadWholeFile(path);
  REQUIRE(saved.ok());
  CHECK(*saved == expected);

  // It exists: `n` asks for another path, an empty one declines; the file is kept.
  {
    auto* file = std::fopen(path.c_str(), "w");
    REQUIRE(file != nullptr);
    std::fputs("kept", file);
    std::fclose(file);
  }
  ScriptedConsole declined({path, "n", ""}, true);
  OfferSave(module, interview->product, declined);
  CHECK(declined.transcript.find(path + " exists; replace it? [y/N] ") != std::string::npos);
  CHECK(*ReadWholeFile(path) == "kept");

  ScriptedConsole replaced({path, "y"}, true);
  OfferSave(module, interview->product, replaced);
  CHECK(*ReadWholeFile(path) == expected);

  // The end of input declines too.
  ScriptedConsole ended({}, true);
  OfferSave(module, interview->product, ended);
  CHECK(ended.transcript.ends_with("(empty to skip): \n"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ccr::ask
