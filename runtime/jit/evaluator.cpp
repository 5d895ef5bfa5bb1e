#include "runtime/base/check.h"
#include "runtime/jit/internal/compiled_program.h"
#include "runtime/jit/jit.h"

namespace ccr::jit {

Evaluator::Evaluator(std::shared_ptr<const internal::CompiledProgram> code)
    : code_(std::move(code)) {}

Evaluator::Evaluator(const Evaluator& other) : code_(other.code_) {}

Evaluator& Evaluator::operator=(const Evaluator& other) {
  if (this != &other) {
    code_ = other.code_;
    conditions_.clear();
  }
  return *this;
}

Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;
Evaluator::~Evaluator() = default;

std::unique_ptr<vm::Backend> Evaluator::Copy() const {
  return std::unique_ptr<vm::Backend>(new Evaluator(*this));
}

void Evaluator::Evaluate(const facts::Product& product, const vm::Options& options,
                         vm::Result& result) {
  const internal::CompiledProgram& code = *code_;
  CCR_CHECK(product.values.size() == code.module->facts.size());
  size_t rule_count = code.module->rules.size();
  conditions_.resize(rule_count);
  masks_.resize(rule_count);
  code.entry(product.values.data(), options.as_of.days, conditions_.data(), masks_.data());
  code.decider.Decide(conditions_, masks_, result, options.not_required_rules);
}

double Evaluator::compile_seconds() const { return code_->compile_seconds; }

}  // namespace ccr::jit
