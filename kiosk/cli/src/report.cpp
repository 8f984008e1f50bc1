// tagdesk report overdue|offsite|pat-due|uncollected|confiscations|handin|audit|audit-due|breach|leavers|encryption
//   [--format table|csv|pdf] [--out FILE] [--print PRINTER] [--date YYYY-MM-DD] [--audit ID]
#include <CLI/CLI.hpp>

#include <memory>
#include <stdexcept>

#include "core/reports.h"
#include "cli/cli.h"
#include "desk/compliance.h"
#include "output_file.h"
#include "paper/printing.h"
#include "paper/report_pdf.h"

namespace kiosk {
namespace {

struct ReportOptions {
  std::string what;
  std::string format;  // empty: table, or pdf with --print
  std::string out;
  std::string print;   // a CUPS printer
  std::string date;
  std::string audit;
};

std::vector<core::Event> events_of(const db::Store& store, const std::string& type, std::optional<core::Time> from = {},
                                   std::optional<core::Time> to = {}) {
  return store.events({.types = {type}, .from = from, .to = to});
}

// The A4 PDF to --out, to --print, or both.
void send_pdf(Cli& cli, const ReportOptions& o, const std::string& pdf) {
  if (!o.out.empty() && !write_output(cli, o.out, pdf)) return;
  if (o.print.empty()) return;
  auto job = paper::print_document(o.print, pdf, "tagdesk " + o.what + " report");
  if (!job) {
    cli.fail("the " + o.what + " report was not printed: " + job.error());
    return;
  }
  cli.out << "Sent the " << o.what << " report to " << o.print << " as job " << *job << ".\n";
}

void run_report(Cli& cli, const ReportOptions& o) {
  // Paper has one layout, the A4 PDF: --print implies it, and a table or CSV cannot be printed.
  const std::string format = !o.format.empty() ? o.format : o.print.empty() ? "table" : "pdf";
  if (!o.print.empty() && format != "pdf") {
    cli.fail("--print sends the A4 PDF, not " + format +
                 ": leave out --format (add --out FILE.pdf to keep a copy as well)",
             kExitUsage);
    return;
  }
  if (format == "pdf" && o.out.empty() && o.print.empty()) {
    cli.fail("a PDF needs --out FILE.pdf or --print PRINTER", kExitUsage);
    return;
  }
  auto now = Cli::now();
  if (!o.date.empty()) {
    auto d = core::parse_date(o.date);
    if (!d) {
      cli.fail("--date '" + o.date + "' is not a date (write YYYY-MM-DD)", kExitUsage);
      return;
    }
    now = core::at(*d, core::time_of_day(now));  // as of that day, at the time of day it is now
  }
  auto today = core::date_of(now);
  auto store = cli.open_store();
  if (!store) return;
  const auto& s = store->state();

  core::Report report;
  if (o.what == "overdue") report = core::overdue_report(s, now);
  else if (o.what == "offsite") report = core::offsite_report(s, now);
  else if (o.what == "pat-due") report = core::pat_due_report(s, today);
  else if (o.what == "uncollected") report = core::uncollected_report(s, now);
  else if (o.what == "confiscations") report = core::confiscations_report(s, now);
  else if (o.what == "encryption") report = core::encryption_report(s, today);
  else if (o.what == "leavers") report = core::leavers_report(s);
  else if (o.what == "audit-due") report = core::audit_due_report(s, today);
  else if (o.what == "handin") {
    report = core::handin_report(compliance_from_log(*store, today), today);
  } else if (o.what == "audit") {
    auto finished = events_of(*store, "audit.finished");
    const core::Event* chosen = nullptr;
    for (const auto& e : finished)
      if (o.audit.empty() || std::get<core::AuditFinished>(e.data).audit == o.audit) chosen = &e;
    if (!chosen) {
      cli.fail(o.audit.empty() ? "no audit has been finished yet (tagdesk audit start LOCATION)"
                               : "no finished audit is called " + o.audit);
      return;
    }
    report = core::audit_report(s, *chosen);
  } else if (o.what == "exports") {
    report = core::exports_report(events_of(*store, "data.exported"));
  } else if (o.what == "breach") {
    report = core::breach_report(s, events_of(*store, "device.reported-lost"), now);
  }

  // DP4: a report written out as a file is personal data leaving; recorded first.
  if (format != "table" &&
      !cli.log_export(*store, "report " + o.what + " as " + format,
                      o.out.empty() ? (o.print.empty() ? "standard output" : "printer " + o.print) : o.out))
    return;
  if (format == "pdf") {
    try {
      send_pdf(cli, o, paper::report_pdf(report, s.settings.school_name, paper::report_when(now)));
    } catch (const std::runtime_error& e) {
      cli.fail(e.what());
    }
    return;
  }
  write_output(cli, o.out, format == "csv" ? paper::report_csv(report) : paper::report_table(report));
}

}  // namespace

void add_report_commands(CLI::App& app, Cli& cli) {
  auto* rep = app.add_subcommand("report", "Reports: overdue loans, off site, PAT due, phones not collected, ...");
  auto opts = std::make_shared<ReportOptions>();
  rep->add_option("what", opts->what,
                  "overdue, offsite, pat-due, uncollected, confiscations, handin, audit, audit-due, breach, leavers, "
                  "encryption or exports")
      ->required()
      ->check(CLI::IsMember({"overdue", "offsite", "pat-due", "uncollected", "confiscations", "handin", "audit",
                             "audit-due", "breach", "leavers", "encryption", "exports"}));
  rep->add_option("--format", opts->format, "table (default), csv or pdf (the default with --print)")
      ->check(CLI::IsMember({"table", "csv", "pdf"}));
  rep->add_option("--out", opts->out, "Write to this file instead of standard output");
  rep->add_option("--print", opts->print, "Send the A4 PDF to this CUPS printer (`lpstat -p` lists them)");
  rep->add_option("--date", opts->date, "Report as of this day (YYYY-MM-DD); default today");
  rep->add_option("--audit", opts->audit, "audit: which finished audit (default: the latest)");
  rep->callback([&cli, opts] { run_report(cli, *opts); });
}

}  // namespace kiosk
