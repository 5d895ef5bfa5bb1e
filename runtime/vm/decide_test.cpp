// The Decider's shortcut (decide.h: an obligation none of whose `require` rules is true or
// unknown is written as not required directly) must give exactly the Result of deciding every
// obligation in full, and leaving out the lists of not-required schemes
// (Options::not_required_rules) must change nothing else. Random rule tables and conditions,
// decided every way and compared.
#include "runtime/vm/decide.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

namespace ccr::vm {
namespace {

using bytecode::ActionKind;
using bytecode::kNone;
using bytecode::kProductItself;
using bytecode::Level;

// A rule table as the compiler could write it: schemes (some voluntary on request),
// components, and rules with one to three actions each, requiring or exempting a scheme for
// the product, a component or (exemptions) the product itself alone. The Decider reads only
// these tables, not the rules' code.
bytecode::Module RandomModule(std::mt19937& rng, size_t rule_count) {
  bytecode::Module module;
  auto pick = [&](size_t n) { return static_cast<uint32_t>(rng() % n); };
  const size_t fact_count = 1 + pick(80);  // past 64: the missing facts' bitset spans words
  module.facts.resize(fact_count);
  module.components.resize(pick(4));
  module.schemes.resize(1 + pick(8));
  for (bytecode::Scheme& scheme : module.schemes) {
    scheme.level = pick(2) == 0 ? Level::Mandatory : Level::Voluntary;
    scheme.on_request = scheme.level == Level::Voluntary && pick(3) == 0;
  }
  auto component = [&](bool exempt) {
    uint32_t choice = pick(module.components.size() + (exempt ? 2 : 1));
    if (choice < module.components.size()) return choice;
    return choice == module.components.size() ? kNone : kProductItself;
  };
  module.rules.resize(rule_count);
  for (bytecode::Rule& rule : module.rules) {
    for (uint32_t i = 0, n = 1 + pick(3); i < n; ++i) {
      bytecode::Action action;
      action.kind = pick(3) == 0 ? ActionKind::Exempt : ActionKind::Require;
      action.scheme = pick(module.schemes.size());
      action.level = pick(2) == 0 ? Level::Mandatory : Level::Voluntary;
      action.component = component(action.kind == ActionKind::Exempt);
      rule.actions.push_back(action);
    }
    for (uint32_t i = 0, n = pick(4); i < n; ++i) rule.reads.push_back(pick(fact_count));
  }
  return module;
}

void CheckSame(const Decision& shortcut, const Decision& full, const std::string& where) {
  INFO(where);
  CHECK(shortcut.status == full.status);
  CHECK(shortcut.level == full.level);
  CHECK(shortcut.fired == full.fired);
  CHECK(shortcut.exempting == full.exempting);
  CHECK(shortcut.undetermined == full.undetermined);
  CHECK(shortcut.deciding == full.deciding);
  CHECK(shortcut.missing == full.missing);
}

TEST_CASE("the Decider's shortcut gives the same Result as deciding every obligation") {
  std::mt19937 rng(18);
  // Cases the shortcut must have met, so the comparison is not vacuous.
  size_t settled_with_deciding = 0;      // no require rule true or unknown, some false
  size_t settled_despite_exemption = 0;  // ... while an exemption is true or unknown
  size_t decided_in_full = 0;
  size_t lists_left_out = 0;  // not-required schemes whose rules Options::not_required_rules omits
  // One to four words and the general word count (decide.cpp specialises 1 to 4).
  for (size_t rule_count : {1, 7, 64, 65, 128, 150, 200, 256, 300}) {
    for (int round = 0; round < 12; ++round) {
      bytecode::Module module = RandomModule(rng, rule_count);
      Decider shortcut(module);
      Decider full(module, Decider::Shortcut::Off);
      // Reused across products, as evaluators reuse theirs: nothing may be left over.
      Result shortcut_result;
      Result full_result;
      Result lean_result;       // the shortcut without the lists of not-required schemes
      Result lean_full_result;  // likewise, every obligation decided in full
      for (int product = 0; product < 40; ++product) {
        // From mostly false to mostly true or unknown, so both paths are taken.
        const uint32_t open_percent = static_cast<uint32_t>(product % 8) * 6;
        std::vector<Truth> conditions(rule_count);
        std::vector<uint64_t> masks(rule_count, 0);
        for (size_t r = 0; r < rule_count; ++r) {
          uint32_t roll = rng() % 100;
          conditions[r] = roll < open_percent / 2 ? Truth::True
                          : roll < open_percent   ? Truth::Unknown
                          : roll < 90             ? Truth::False
                                                  : Truth::NotInForce;
          const size_t reads = module.rules[r].reads.size();
          if (conditions[r] == Truth::Unknown && reads > 0) {
            masks[r] = rng() & ((uint64_t{1} << reads) - 1);
          }
        }
        shortcut.Decide(conditions, masks, shortcut_result);
        full.Decide(conditions, masks, full_result);
        shortcut.Decide(conditions, masks, lean_result, /*not_required_rules=*/false);
        full.Decide(conditions, masks, lean_full_result, /*not_required_rules=*/false);

        REQUIRE(shortcut_result.schemes.size() == full_result.schemes.size());
        for (size_t s = 0; s < full_result.schemes.size(); ++s) {
          const SchemeResult& a = shortcut_result.schemes[s];
          const SchemeResult& b = full_result.schemes[s];
          const std::string where = fmt::format("{} rules, round {}, product {}, scheme {}",
                                                rule_count, round, product, s);
          CHECK(a.scheme == b.scheme);
          CheckSame(a, b, where);
          REQUIRE(a.obligations.size() == b.obligations.size());
          for (size_t o = 0; o < b.obligations.size(); ++o) {
            CHECK(a.obligations[o].component == b.obligations[o].component);
            CheckSame(a.obligations[o], b.obligations[o],
                      fmt::format("{}, obligation {}", where, o));
          }
          // Without the lists: the same, except that a scheme that is not required lists no
          // false rule, nor do its obligations (those of any other scheme still do).
          SchemeResult expected = b;
          if (expected.status == Status::NotRequired) {
            lists_left_out += !expected.deciding.empty();
            expected.deciding.clear();
            for (Obligation& obligation : expected.obligations) obligation.deciding.clear();
          }
          for (const Result* lean : {&lean_result, &lean_full_result}) {
            const SchemeResult& c = lean->schemes[s];
            const std::string lean_where = fmt::format(
                "{}, without lists{}", where, lean == &lean_full_result ? " (in full)" : "");
            CheckSame(c, expected, lean_where);
            REQUIRE(c.obligations.size() == expected.obligations.size());
            for (size_t o = 0; o < expected.obligations.size(); ++o) {
              CHECK(c.obligations[o].component == expected.obligations[o].component);
              CheckSame(c.obligations[o], expected.obligations[o],
                        fmt::format("{}, obligation {}", lean_where, o));
            }
          }
        }

        // Count what the shortcut met, per scheme (an approximation of its per-obligation
        // test, enough to show both paths ran).
        for (uint32_t s = 0; s < module.schemes.size(); ++s) {
          bool requirement_open = false, exemption_open = false;
          for (size_t r = 0; r < rule_count; ++r) {
            if (conditions[r] != Truth::True && conditions[r] != Truth::Unknown) continue;
            for (const bytecode::Action& action : module.rules[r].actions) {
              if (action.scheme != s) continue;
              (action.kind == ActionKind::Require ? requirement_open : exemption_open) = true;
            }
          }
          if (requirement_open) {
            ++decided_in_full;
          } else if (!full_result.schemes[s].deciding.empty()) {
            ++settled_with_deciding;
            settled_despite_exemption += exemption_open;
          }
        }
      }
    }
  }
  CHECK(settled_with_deciding > 100);
  CHECK(settled_despite_exemption > 100);
  CHECK(decided_in_full > 100);
  CHECK(lists_left_out > 100);
}

}  // namespace
}  // namespace ccr::vm
