// Effects as data (ewig's update(state, action) -> state and effects): a
// flow's step changes the desk's state and says what it wants done outside
// it (check this PIN, print this report, read that from the log) rather
// than doing it. The shell, Controller::handle, carries each Effect out and
// gives its Result back to the flow that owns the screen, as an input of
// its own; the flow takes the next step from there.
#pragma once

#include <expected>
#include <string>
#include <variant>
#include <vector>

#include "core/compliance.h"
#include "core/event.h"
#include "core/reports.h"
#include "core/time.h"

namespace kiosk {

// SE2: does `digits` match `person`'s PIN (Argon2id, slow by design)?
struct CheckPin {
  std::string person, digits;
};
// The report on screen, to paper (ControllerOptions::print_report).
struct Print {
  core::Report report;
};
// What a report reads from the log rather than the state.
enum class LogQuery : std::uint8_t { Compliance, Conflicts };
struct ReadLog {
  LogQuery what = LogQuery::Compliance;
  core::Date day{};  // Compliance: PH8 on this day
};
using Effect = std::variant<CheckPin, Print, ReadLog>;

struct PinChecked {
  std::string person;
  bool ok = false;
  // Not tried, so no guess counted: why (SE2, a PIN set where another pepper is kept).
  std::string untried;
};
struct Printed {
  std::expected<std::string, std::string> sent;  // what to tell them, or why not
};
struct LogRead {
  LogQuery what = LogQuery::Compliance;
  std::vector<core::ComplianceRow> compliance;
  std::vector<core::Event> conflicts;  // conflict.recorded (issue 21)
};
using Result = std::variant<PinChecked, Printed, LogRead>;

}  // namespace kiosk
