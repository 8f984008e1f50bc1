// PH8 from the store, as the command line and the administrator's screen
// both make it: the log is read for the days compliance_report looks at, and
// of the hand-ins only their heads (a trust's seven weeks of hand-ins, read
// whole, took 0.3 s).
//
//   for (const auto& row : kiosk::compliance_from_log(store, today)) ...
#pragma once

#include <vector>

#include "core/compliance.h"
#include "db/store.h"

namespace kiosk {

[[nodiscard]] std::vector<core::ComplianceRow> compliance_from_log(const db::Store& store, core::Date day);

}  // namespace kiosk
