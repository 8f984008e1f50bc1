// paper/: what goes on paper (reports as A4 PDFs with cairo) and how it gets
// there (CUPS, paper/printing.h). Uses core and exchange, nothing of the kiosk.
//
// Reports on paper: a core::Report laid out as an A4 PDF with cairo.
//
// The school's name, the title and the date head every page; the column
// header row repeats on each page; pages are numbered "Page 2 of 5". Columns
// are sized to their contents and shrunk (text cut with "…") to fit; a wide
// report turns the page to landscape.
//
//   std::string pdf = paper::report_pdf(report, "Northfield Academy", "2026-11-24 16:05");
#pragma once

#include <string>

#include "core/reports.h"
#include "core/time.h"

namespace paper {

[[nodiscard]] std::string report_pdf(const core::Report& report, const std::string& school, const std::string& when);
// The time a report is "as of", as its pages show it: "2026-11-24 16:05".
[[nodiscard]] std::string report_when(core::Time t);

// The same report as a plain-text table for a terminal, and as CSV.
[[nodiscard]] std::string report_table(const core::Report& report);
[[nodiscard]] std::string report_csv(const core::Report& report);

}  // namespace paper
