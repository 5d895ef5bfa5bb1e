// The routes that answer about products: /v1/evaluate, /v1/batch, /v1/next, /v1/explain.
// Each binds the facts with the same binder as `ccr run` and renders with the same renderer
// (runtime/run, also behind libccr and the Python module) or `ccr ask --next`'s, so the
// bodies are their bytes.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <optional>

#include "runtime/ask/ask.h"
#include "runtime/base/json_writer.h"
#include "runtime/explain/constraints.h"
#include "runtime/facts/facts.h"
#include "runtime/run/run.h"
#include "runtime/serve/internal/routes.h"
#include "runtime/vm/vm.h"

namespace ccr::serve::internal {

namespace {

// A worker thread's binder and evaluator for the bundle it last served: built once per bundle
// per thread, not per request (both precompute tables). Holding the bundle keeps the program
// they point into alive.
struct Worker {
  std::shared_ptr<const Bundle> bundle;
  std::optional<facts::Binder> binder;
  std::optional<vm::ConstraintChecker> constraints;
  std::optional<vm::Evaluator> evaluator;
  simdjson::dom::parser batch_parser;
};

Worker& WorkerFor(const std::shared_ptr<const Bundle>& bundle) {
  thread_local Worker worker;
  if (worker.bundle != bundle) {
    worker.evaluator.reset();
    worker.constraints.reset();
    worker.binder.reset();
    worker.bundle = bundle;
    worker.binder.emplace(bundle->program.module());
    worker.constraints.emplace(bundle->program);
    worker.evaluator.emplace(bundle->program);
  }
  return worker;
}

report::Options ReportOptions(const Query& query) {
  report::Options options;
  options.as_of = query.as_of;
  options.include_not_required = query.all;
  options.language = query.language;
  return options;
}

// Binds one facts object; an error (or, unless `unknown_facts=warn`, an undeclared key, or
// facts that break a constraint) is returned as the Error to answer with.
Expected<facts::Product> BindFacts(Context& context, Worker& worker, std::string_view json,
                                   std::string_view where) {
  auto product = worker.binder->Bind(json, where);
  if (!product) return product.error();
  if (!product->warnings.empty() && !context.query.unknown_facts_warn) {
    std::string message;
    for (const std::string& warning : product->warnings) {
      // The binder's warning says the key is ignored; here it is refused.
      std::string line = warning;
      if (size_t at = line.find("; ignored"); at != std::string::npos) line.erase(at, 9);
      if (!message.empty()) message += '\n';
      message += line + "; remove it, or send ?unknown_facts=warn to ignore it";
    }
    return Error{message, ErrorKind::UnknownFactKey};
  }
  if (auto broken = explain::CheckConstraints(worker.bundle->program.module(), *worker.constraints,
                                              *product, where)) {
    return *broken;
  }
  return product;
}

Response ErrorFor(const Error& error) { return ErrorResponse(StatusFor(error.kind), error); }

// The facts as a facts file on one line, for the decision log.
std::string LoggedInput(const bytecode::Module& module, const facts::Product& product) {
  std::string input = ask::FactsJson(module, product);
  input.erase(std::remove(input.begin(), input.end(), '\n'), input.end());
  return input;
}

}  // namespace

Response Evaluate(Context& context) {
  Worker& worker = WorkerFor(context.bundle);
  auto product = BindFacts(context, worker, context.request.body, "request");
  if (!product) return ErrorFor(product.error());
  vm::Result result;
  worker.evaluator->Evaluate(*product, report::EvaluationOptions(ReportOptions(context.query)),
                             result);
  context.metrics.Evaluations(1);
  Response response;
  response.body = run::RenderProduct(context.bundle->program, *product, result, run::Format::Json,
                                     ReportOptions(context.query));
  if (context.log != nullptr) {
    std::string_view report(response.body);
    report.remove_suffix(1);  // the log holds one record a line: the report without its newline
    context.log->Append("evaluate", context.bundle->hash,
                        LoggedInput(context.bundle->program.module(), *product), report);
  }
  return response;
}

Response Batch(Context& context) {
  Worker& worker = WorkerFor(context.bundle);
  const std::string& body = context.request.body;
  simdjson::dom::element root;
  if (worker.batch_parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    // The binder names the position of malformed JSON the way `ccr run` does.
    auto bound = worker.binder->Bind(body, "request");
    if (!bound) return ErrorFor(bound.error());
    return ErrorFor(Error{"request: the batch is not valid JSON", ErrorKind::MalformedFacts});
  }
  simdjson::dom::array items;
  if (root.type() != simdjson::dom::element_type::OBJECT ||
      root["items"].get_array().get(items) != simdjson::SUCCESS) {
    return ErrorFor(
        Error{"request: expected {\"items\": [{\"id\": \"...\", \"facts\": {...}}, "
              "...]}",
              ErrorKind::FactsNotObject});
  }
  if (items.size() > context.options.max_batch_items) {
    return ErrorResponse(413, Error{fmt::format("request: {} items, over the limit of {} per batch "
                                                "(--max-batch-items); send several batches",
                                                items.size(), context.options.max_batch_items),
                                    ErrorKind::BodyTooLarge});
  }
  report::Options options = ReportOptions(context.query);
  std::string out = "{\"schema\":\"ccr.batch/1\",\"results\":[";
  vm::Result result;
  size_t index = 0;
  for (simdjson::dom::element item : items) {
    if (std::chrono::steady_clock::now() > context.request.deadline) {
      return ErrorResponse(
          503, Error{fmt::format("the evaluation deadline passed after {} of {} products; send "
                                 "smaller batches or raise --deadline-ms",
                                 index, items.size()),
                     ErrorKind::Overloaded});
    }
    std::string where = fmt::format("items[{}]", index);
    std::string_view id;
    simdjson::dom::element facts_element;
    if (item.type() != simdjson::dom::element_type::OBJECT ||
        item["id"].get_string().get(id) != simdjson::SUCCESS ||
        item["facts"].get(facts_element) != simdjson::SUCCESS) {
      return ErrorFor(Error{fmt::format("request: {} must be {{\"id\": \"...\", \"facts\": "
                                        "{{...}}}} with a string id",
                                        where),
                            ErrorKind::BadParameter});
    }
    if (index > 0) out += ',';
    out += "{\"id\":";
    AppendJsonString(out, id);
    std::string facts_json = simdjson::minify(facts_element);
    auto product = BindFacts(context, worker, facts_json, where);
    if (!product) {
      Response error = ErrorFor(product.error());
      out += ",\"error\":";
      out.append(error.body, 0, error.body.size() - 1);  // without its newline
      out += '}';
      ++index;
      continue;
    }
    worker.evaluator->Evaluate(*product, report::EvaluationOptions(options), result);
    out += ",\"report\":";
    size_t start = out.size();
    report::AppendJson(out, context.bundle->program, *product, result, options);
    if (context.log != nullptr) {
      context.log->Append("batch", context.bundle->hash,
                          LoggedInput(context.bundle->program.module(), *product),
                          std::string_view(out).substr(start));
    }
    out += '}';
    ++index;
  }
  context.metrics.Evaluations(index);
  out += "]}\n";
  Response response;
  response.body = std::move(out);
  return response;
}

Response Next(Context& context) {
  Worker& worker = WorkerFor(context.bundle);
  auto product = BindFacts(context, worker, context.request.body, "request");
  if (!product) return ErrorFor(product.error());
  const bytecode::Module& module = context.bundle->program.module();
  std::vector<uint32_t> skipped;
  for (const std::string& name : context.query.skip) {
    auto found =
        std::find_if(module.facts.begin(), module.facts.end(),
                     [&](const bytecode::Fact& fact) { return module.strings[fact.name] == name; });
    if (found == module.facts.end()) {
      return ErrorFor(
          Error{fmt::format("query `skip`: `{}` is not a declared fact", Printable(name)),
                ErrorKind::BadParameter});
    }
    skipped.push_back(static_cast<uint32_t>(found - module.facts.begin()));
  }
  std::vector<ask::Implied> implied = ask::FillImplied(module, *worker.constraints, *product);
  vm::Result result;
  worker.evaluator->Evaluate(*product, vm::Options{context.query.as_of}, result);
  auto questions = ask::RankQuestions(context.bundle->program, *product,
                                      ask::Options{context.query.as_of, skipped});
  context.metrics.Evaluations(1);
  Response response;
  response.body = ask::RenderNextJson(context.bundle->program, *product, result, questions,
                                      context.query.as_of, implied) +
                  "\n";
  return response;
}

Response Explain(Context& context) {
  Worker& worker = WorkerFor(context.bundle);
  auto product = BindFacts(context, worker, context.request.body, "request");
  if (!product) return ErrorFor(product.error());
  vm::Result result;
  worker.evaluator->Evaluate(*product, report::EvaluationOptions(ReportOptions(context.query)),
                             result);
  context.metrics.Evaluations(1);
  Response response;
  response.content_type =
      context.query.html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
  response.body = run::RenderProduct(context.bundle->program, *product, result,
                                     context.query.html ? run::Format::Html : run::Format::Text,
                                     ReportOptions(context.query));
  return response;
}

}  // namespace ccr::serve::internal
