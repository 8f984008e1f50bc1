// Helpers shared by the import tests: a table from text, problems as text, a plan applied.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/state.h"
#include "exchange/csv.h"
#include "exchange/import.h"

namespace import_test {

inline core::Time now() { return *core::parse_time("2026-11-24T10:00:00"); }

inline exchange::csv::Table table(std::string_view text) {
  auto t = exchange::csv::parse(text);
  EXPECT_TRUE(t) << t.error();
  return t ? *t : exchange::csv::Table{};
}

inline std::vector<std::string> messages(const exchange::ImportPlan& plan) {
  std::vector<std::string> out;
  for (const auto& p : plan.problems) out.push_back(exchange::to_string(p));
  return out;
}

inline core::State applied(const exchange::ImportPlan& plan, core::State s = {}) {
  for (const auto& e : plan.events) (void)core::apply(s, e);
  return s;
}

}  // namespace import_test
