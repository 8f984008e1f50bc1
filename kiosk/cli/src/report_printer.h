// The kiosk's Print button, wired by the commands that start a desk (kiosk,
// headless): each report as an A4 PDF headed with the school's name from the
// store, sent to a CUPS printer; tells the administrator "Sent to PRINTER".
//
//   Controller desk{store, {.kiosk = "reception", .print_report = kiosk::report_printer("Office_Laser", store)}};
#pragma once

#include <string>

#include "db/store.h"
#include "desk/controller.h"

namespace kiosk {

[[nodiscard]] PrintReport report_printer(std::string printer, const db::Store& store);

}  // namespace kiosk
