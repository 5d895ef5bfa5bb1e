// ccr-bench: the Google Benchmark driver (docs/performance.md). Rows, each reporting
// products per second (items_per_second):
//   bind/<program>              JSON line -> facts::Product (the binder alone)
//   bind/dom/<program>          the same on the binder's DOM path alone (BindOptions::dom_only)
//   render/<program>            vm::Result -> JSON report (the report writer alone)
//   eval/<backend>/<program>    evaluation only: products bound beforehand
//   bind/reference/<set>        JSON line -> the reference's Product (its parse alone)
//   eval/reference/<set>        the reference's evaluation alone (conditions, statuses, rule
//                               lists, missing facts) on the same products bound beforehand
//   render/reference/<set>      the reference's report writer alone, products decided before
//   e2e/<backend>/<program>     JSONL in, JSON reports out (bind, evaluate, render), 1 and 2
//                               threads
//   e2e/reference/<set>         the hand-written reference (bench/reference) of the set: the
//                               same lines, the same report bytes
//   compile/rules10k            ccrc's pipeline on a generated 10,000-rule file (seconds)
// Programs: `core` is the default bundle (stdlib + rules/products); `synthetic200` is a
// generated 200-rule file of the same shapes; `china15` (15 rules over 20 facts) and `wide200`
// (200 rules over 76 facts) are bench/sets, issue 18's measurement basis, on catalogues where
// every fact their rules read is stated. The sets with a reference: core, china15, wide200.
//
// Own flags (before Google Benchmark's): --pool=N distinct generated products (default
// 10000), --total=N products per measurement (default 1000000).
//
// Your own rules and products: --bundle=RULES.ccrb --facts=PRODUCTS.jsonl [--as-of=DATE]
// measures bind/own, eval/<backend>/own, render/own and e2e/<backend>/own (1 and 2 threads)
// on them instead, so the phases can be told apart on any rule set (docs/performance.md).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/backend.h"
#include "bench/generate.h"
#include "bench/programs.h"
#include "bench/reference/china15.h"
#include "bench/reference/core.h"
#include "bench/reference/wide200.h"
#include "runtime/base/files.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"

namespace ccr::bench {

std::vector<Backend>& Backends() {
  static std::vector<Backend> backends;
  return backends;
}

namespace {

constexpr uint64_t kCatalogueSeed = 20250101;
constexpr uint64_t kRulesSeed = 7;
// Evaluation-only rows cycle over this many bound products: their values stay in cache, as
// they are in the pipeline, where a product is evaluated right after it is bound.
constexpr size_t kBoundPool = 1000;

struct Settings {
  size_t pool = 10000;
  size_t total = 1000000;
  std::string bundle;  // --bundle: measure this .ccrb on --facts instead
  std::string facts;
  Date as_of = *ParseDate("2026-01-01");
};

// A program with its generated catalogue, split into lines, and a bound pool.
struct Workload {
  std::string name;
  bytecode::VerifiedProgram program;
  std::string catalogue;
  std::vector<std::string_view> lines;
  std::vector<facts::Product> bound;
  vm::Options vm_options;
  report::Options report_options;
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "ccr-bench: %s\n", message.c_str());
  std::exit(3);
}

// `catalogue` is JSONL; blank lines are left out. Every line must bind: a measurement of
// error records would not be one of the pipeline.
Workload MakeWorkload(std::string name, bytecode::VerifiedProgram program, std::string catalogue,
                      const std::string& origin, Date as_of) {
  Workload w{std::move(name), std::move(program), std::move(catalogue), {}, {}, {}, {}};
  facts::Binder binder(w.program.module());
  size_t number = 0;
  for (size_t start = 0; start < w.catalogue.size();) {
    size_t end = std::min(w.catalogue.find('\n', start), w.catalogue.size());
    std::string_view line(w.catalogue.data() + start, end - start);
    start = end + 1;
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto product = binder.Bind(line, fmt::format("{}:{}", origin, number));
    if (!product) Die(product.error().message);
    w.lines.push_back(line);
    if (w.bound.size() < kBoundPool) w.bound.push_back(std::move(*product));
  }
  if (w.lines.empty()) Die(origin + ": no products (one JSON object per line)");
  w.report_options.as_of = as_of;
  w.vm_options = report::EvaluationOptions(w.report_options);  // as `ccr run` evaluates
  return w;
}

Workload GeneratedWorkload(std::string name, bytecode::VerifiedProgram program,
                           const Settings& settings) {
  std::string catalogue = GenerateCatalogue(program, settings.pool, kCatalogueSeed);
  return MakeWorkload(std::move(name), std::move(program), std::move(catalogue), "bench.jsonl",
                      settings.as_of);
}

// The sets of issue 18's targets (china15, wide200): every fact the rules read is stated.
Workload CompleteWorkload(std::string name, bytecode::VerifiedProgram program,
                          const Settings& settings) {
  std::string catalogue = GenerateCompleteCatalogue(program, settings.pool, kCatalogueSeed);
  return MakeWorkload(std::move(name), std::move(program), std::move(catalogue), "bench.jsonl",
                      settings.as_of);
}

int64_t Rounds(const Settings& settings, size_t per_round) {
  return static_cast<int64_t>(std::max<size_t>(1, settings.total / per_round));
}

void BindRow(benchmark::State& state, const Workload* w, bool dom_only) {
  facts::Binder binder(w->program.module(), facts::BindOptions{.dom_only = dom_only});
  facts::Product product;  // reused line after line, as a batch binds
  for (auto _ : state) {
    for (std::string_view line : w->lines) {
      auto bound = binder.Bind(line, "bench.jsonl", product);
      benchmark::DoNotOptimize(bound);
      benchmark::DoNotOptimize(product);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w->lines.size()));
}

void RenderRow(benchmark::State& state, const Workload* w) {
  vm::Evaluator evaluator(w->program);
  std::vector<vm::Result> results(w->bound.size());
  for (size_t i = 0; i < w->bound.size(); ++i) {
    evaluator.Evaluate(w->bound[i], w->vm_options, results[i]);
  }
  for (auto _ : state) {
    for (size_t i = 0; i < w->bound.size(); ++i) {
      std::string json = report::RenderJson(w->program, w->bound[i], results[i], w->report_options);
      benchmark::DoNotOptimize(json);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w->bound.size()));
}

void EvalRow(benchmark::State& state, const Workload* w, const Backend* backend) {
  auto evaluator = backend->make(w->program);
  vm::Result result;
  for (auto _ : state) {
    for (const facts::Product& product : w->bound) {
      evaluator->Evaluate(product, w->vm_options, result);
      benchmark::DoNotOptimize(result);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w->bound.size()));
}

// Output is produced in memory and dropped every megabyte, as if written to a file.
constexpr size_t kFlushBytes = 1 << 20;

// One worker of a parallel batch: its own binder, evaluator and output buffer.
struct Worker {
  facts::Binder binder;
  std::unique_ptr<vm::Backend> evaluator;
  vm::Result result;
  facts::Product product;
  std::string out;
};

// Worker `index` of `count` takes every count-th line.
void RunWorker(const Workload& w, Worker& worker, size_t index, size_t count) {
  for (size_t i = index; i < w.lines.size(); i += count) {
    auto bound = worker.binder.Bind(w.lines[i], "bench.jsonl", worker.product);
    if (!bound) Die(bound.error().message);
    worker.evaluator->Evaluate(worker.product, w.vm_options, worker.result);
    report::AppendJson(worker.out, w.program, worker.product, worker.result, w.report_options);
    worker.out += '\n';
    if (worker.out.size() > kFlushBytes) worker.out.clear();
  }
}

// Each round binds, evaluates and renders the whole catalogue on `threads` threads
// (started per round: microseconds against a round's tens of milliseconds).
void EndToEndRow(benchmark::State& state, const Workload* w, const Backend* backend,
                 size_t threads) {
  std::vector<Worker> workers;
  for (size_t t = 0; t < threads; ++t) {
    workers.push_back(
        Worker{facts::Binder(w->program.module()), backend->make(w->program), {}, {}, {}});
  }
  for (auto _ : state) {
    if (threads == 1) {
      RunWorker(*w, workers[0], 0, 1);
      continue;
    }
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] { RunWorker(*w, workers[t], t, threads); });
    }
    for (auto& thread : pool) thread.join();
  }
  for (auto& worker : workers) benchmark::DoNotOptimize(worker.out);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w->lines.size()));
}

template <typename Reference>
void ReferenceRow(benchmark::State& state, const Workload* w) {
  Reference reference(w->program.module(), w->vm_options.as_of);
  std::string out;
  for (auto _ : state) {
    for (std::string_view line : w->lines) {
      if (!reference.Run(line, out)) Die("reference: a line is not a JSON object");
      out += '\n';
      if (out.size() > kFlushBytes) out.clear();
    }
  }
  benchmark::DoNotOptimize(out);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w->lines.size()));
}

template <typename Reference, typename Product>
void ReferenceBindRow(benchmark::State& state, const Workload* w) {
  Reference reference(w->program.module(), w->vm_options.as_of);
  Product product;
  for (auto _ : state) {
    for (std::string_view line : w->lines) {
      if (!reference.Bind(line, product)) Die("reference: a line is not a JSON object");
      benchmark::DoNotOptimize(product);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w->lines.size()));
}

// The same products as EvalRow's (the first kBoundPool lines), bound by the reference.
template <typename Reference, typename Product, typename Decision>
void ReferenceEvalRow(benchmark::State& state, const Workload* w) {
  Reference reference(w->program.module(), w->vm_options.as_of);
  std::vector<Product> bound(w->bound.size());
  for (size_t i = 0; i < bound.size(); ++i) {
    if (!reference.Bind(w->lines[i], bound[i])) Die("reference: a line is not a JSON object");
  }
  Decision decision;
  for (auto _ : state) {
    for (const Product& product : bound) {
      reference.Evaluate(product, decision);
      benchmark::DoNotOptimize(decision);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(bound.size()));
}

// RenderRow's work for the reference: the same products, bound and decided beforehand.
template <typename Reference, typename Product, typename Decision>
void ReferenceRenderRow(benchmark::State& state, const Workload* w) {
  Reference reference(w->program.module(), w->vm_options.as_of);
  std::vector<Product> bound(w->bound.size());
  std::vector<Decision> decisions(w->bound.size());
  for (size_t i = 0; i < bound.size(); ++i) {
    if (!reference.Bind(w->lines[i], bound[i])) Die("reference: a line is not a JSON object");
    reference.Evaluate(bound[i], decisions[i]);
  }
  for (auto _ : state) {
    for (size_t i = 0; i < bound.size(); ++i) {
      std::string json;
      reference.Render(bound[i], decisions[i], json);
      benchmark::DoNotOptimize(json);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(bound.size()));
}

void CompileRow(benchmark::State& state, const std::string* path) {
  for (auto _ : state) {
    auto program = CompileProgram({*path});
    if (!program) Die(program.error().message);
    benchmark::DoNotOptimize(program);
  }
}

size_t FlagValue(std::string_view arg, std::string_view name, size_t fallback) {
  if (arg.substr(0, name.size()) != name) return fallback;
  return static_cast<size_t>(std::stoull(std::string(arg.substr(name.size()))));
}

// The rows of one program's phases: bind/NAME, render/NAME and eval/<backend>/NAME.
void RegisterPhases(const Workload& w, const Settings& settings) {
  int64_t line_rounds = Rounds(settings, w.lines.size());
  int64_t bound_rounds = Rounds(settings, w.bound.size());
  benchmark::RegisterBenchmark(("bind/" + w.name).c_str(), BindRow, &w, false)
      ->Iterations(line_rounds)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("bind/dom/" + w.name).c_str(), BindRow, &w, true)
      ->Iterations(line_rounds)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("render/" + w.name).c_str(), RenderRow, &w)
      ->Iterations(bound_rounds)
      ->Unit(benchmark::kMillisecond);
  for (const Backend& backend : Backends()) {
    benchmark::RegisterBenchmark(("eval/" + backend.name + "/" + w.name).c_str(), EvalRow, &w,
                                 &backend)
        ->Iterations(bound_rounds)
        ->Unit(benchmark::kMillisecond);
  }
}

// The pipeline rows e2e/<backend>/NAME/threads:1 and :2.
void RegisterEndToEnd(const Workload& w, const Settings& settings) {
  for (const Backend& backend : Backends()) {
    for (size_t threads : {1, 2}) {
      benchmark::RegisterBenchmark(
          fmt::format("e2e/{}/{}/threads:{}", backend.name, w.name, threads).c_str(), EndToEndRow,
          &w, &backend, threads)
          ->Iterations(Rounds(settings, w.lines.size()))
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
}

// The reference's phase rows for a set: bind/, eval/ and render/reference/NAME.
template <typename Reference, typename Product, typename Decision>
void RegisterReferencePhases(const Workload& w, const Settings& settings) {
  int64_t line_rounds = Rounds(settings, w.lines.size());
  int64_t bound_rounds = Rounds(settings, w.bound.size());
  benchmark::RegisterBenchmark(("bind/reference/" + w.name).c_str(),
                               ReferenceBindRow<Reference, Product>, &w)
      ->Iterations(line_rounds)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("eval/reference/" + w.name).c_str(),
                               ReferenceEvalRow<Reference, Product, Decision>, &w)
      ->Iterations(bound_rounds)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("render/reference/" + w.name).c_str(),
                               ReferenceRenderRow<Reference, Product, Decision>, &w)
      ->Iterations(bound_rounds)
      ->Unit(benchmark::kMillisecond);
}

// The pipeline rows of a set with a reference: e2e/<backend>/NAME, then e2e/reference/NAME.
template <typename Reference>
void RegisterEndToEndWithReference(const Workload& w, const Settings& settings) {
  RegisterEndToEnd(w, settings);
  benchmark::RegisterBenchmark(("e2e/reference/" + w.name).c_str(), ReferenceRow<Reference>, &w)
      ->Iterations(Rounds(settings, w.lines.size()))
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

// Runs the registered rows with Google Benchmark's own flags in `rest`; 2 on a flag it does not
// know.
int RunRegistered(std::vector<char*>& rest, size_t pool) {
  int rest_count = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_count, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_count, rest.data())) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS of this run: %ld MiB (pool of %zu products in memory)\n",
              usage.ru_maxrss / 1024, pool);
  return 0;
}

// --bundle/--facts: the phases and the pipeline on the user's rules and products.
int RunOwn(const Settings& settings, std::vector<char*>& rest) {
  if (settings.bundle.empty() || settings.facts.empty()) {
    Die("--bundle=RULES.ccrb and --facts=PRODUCTS.jsonl go together");
  }
  auto program = LoadDefaultBundle(settings.bundle);
  if (!program) Die(program.error().message);
  auto text = ReadWholeFile(settings.facts);
  if (!text) Die(text.error().message);
  static Workload own =
      MakeWorkload("own", std::move(*program), std::move(*text), settings.facts, settings.as_of);
  RegisterPhases(own, settings);
  RegisterEndToEnd(own, settings);
  return RunRegistered(rest, own.lines.size());
}

}  // namespace

int Main(int argc, char** argv) {
  Settings settings;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--pool=")) {
      settings.pool = FlagValue(arg, "--pool=", settings.pool);
    } else if (arg.starts_with("--total=")) {
      settings.total = FlagValue(arg, "--total=", settings.total);
    } else if (arg.starts_with("--bundle=")) {
      settings.bundle = arg.substr(std::string_view("--bundle=").size());
    } else if (arg.starts_with("--facts=")) {
      settings.facts = arg.substr(std::string_view("--facts=").size());
    } else if (arg.starts_with("--as-of=")) {
      auto day = ParseDate(arg.substr(std::string_view("--as-of=").size()));
      if (!day) Die(fmt::format("--as-of: expected a date YYYY-MM-DD, got `{}`", arg.substr(8)));
      settings.as_of = *day;
    } else {
      rest.push_back(argv[i]);
    }
  }

  if (!settings.bundle.empty() || !settings.facts.empty()) return RunOwn(settings, rest);

  auto core = LoadDefaultBundle();
  if (!core) Die(core.error().message);
  // The synthetic and 10k-rule files are generated from the default bundle's vocabulary.
  auto temp = std::filesystem::temp_directory_path() / fmt::format("ccr-bench-{}", getpid());
  std::filesystem::create_directories(temp);
  std::string synthetic_path = (temp / "synthetic200.ccr").string();
  std::string rules10k_path = (temp / "rules10k.ccr").string();
  if (!WriteFileAtomically(synthetic_path, GenerateRules(core->module(), 200, kRulesSeed)) ||
      !WriteFileAtomically(rules10k_path, GenerateRules(core->module(), 10000, kRulesSeed))) {
    Die("cannot write generated rules under " + temp.string());
  }
  auto synthetic = CompileProgram({synthetic_path});
  if (!synthetic) Die(synthetic.error().message);

  auto china15 = LoadRuleSet("china15");
  if (!china15) Die(china15.error().message);
  auto wide200 = LoadRuleSet("wide200");
  if (!wide200) Die(wide200.error().message);

  static std::vector<Workload> workloads;
  workloads.reserve(4);
  workloads.push_back(GeneratedWorkload("core", std::move(*core), settings));
  workloads.push_back(GeneratedWorkload("synthetic200", std::move(*synthetic), settings));
  workloads.push_back(CompleteWorkload("china15", std::move(*china15), settings));
  workloads.push_back(CompleteWorkload("wide200", std::move(*wide200), settings));
  const Workload& main = workloads[0];
  const Workload& china15_workload = workloads[2];
  const Workload& wide200_workload = workloads[3];

  for (const Workload& w : workloads) RegisterPhases(w, settings);
  namespace ref = reference;
  RegisterReferencePhases<ref::core::Reference, ref::core::Product, ref::core::Decision>(main,
                                                                                         settings);
  RegisterReferencePhases<ref::china15::Reference, ref::china15::Product, ref::china15::Decision>(
      china15_workload, settings);
  RegisterReferencePhases<ref::wide200::Reference, ref::wide200::Product, ref::wide200::Decision>(
      wide200_workload, settings);
  RegisterEndToEndWithReference<ref::core::Reference>(main, settings);
  RegisterEndToEndWithReference<ref::china15::Reference>(china15_workload, settings);
  RegisterEndToEndWithReference<ref::wide200::Reference>(wide200_workload, settings);
  static std::string rules10k = rules10k_path;
  benchmark::RegisterBenchmark("compile/rules10k", CompileRow, &rules10k)
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);

  int status = RunRegistered(rest, settings.pool);
  std::filesystem::remove_all(temp);
  return status;
}

}  // namespace ccr::bench

int main(int argc, char** argv) { return ccr::bench::Main(argc, argv); }
