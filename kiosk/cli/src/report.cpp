// tagdesk report overdue|offsite|pat-due|uncollected|confiscations|handin|audit|audit-due|breach|leavers|encryption
//   |exports|conflicts
//   [--format table|csv|pdf] [--out FILE] [--print PRINTER] [--date YYYY-MM-DD] [--audit ID]
//   [--server URL (--school CODE | --all) [--mirror DIR]]
//
// With --server, the report is of a school's record on the trust's central
// server: a mirror of it (a database file under --mirror, brought up to date
// each time) is reported on by the same code as a desk's file.
#include <CLI/CLI.hpp>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "core/reports.h"
#include "cli/cli.h"
#include "desk/compliance.h"
#include "output_file.h"
#include "paper/printing.h"
#include "paper/report_pdf.h"
#include "sync/mirror.h"

namespace kiosk {
namespace {

struct ReportOptions {
  std::string what;
  std::string format;  // empty: table, or pdf with --print
  std::string out;
  std::string print;   // a CUPS printer
  std::string date;
  std::string audit;
  std::string server;  // the trust's central server: report on its mirror of --school, or of --all
  std::string school;
  bool all = false;
  std::string mirror;  // where the mirrors are kept
};

// Where the mirror of `school` on `server` is kept: one file per server and school.
std::filesystem::path mirror_file(const ReportOptions& o, const std::string& school) {
  std::filesystem::path dir = o.mirror;
  if (dir.empty()) {
    const char* cache = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    dir = cache && *cache ? std::filesystem::path{cache} / "tagdesk"
                          : std::filesystem::path{home && *home ? home : "."} / ".cache" / "tagdesk";
  }
  std::string name;
  for (char ch : tagsync::public_server(o.server) + "-" + school)
    name += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.' ? ch : '_';
  return dir / (name + ".sqlite");
}

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

// The report `o.what` of the record in `store`, as of `now`; none after cli.fail.
std::optional<core::Report> make_report(Cli& cli, const ReportOptions& o, db::Store& store, core::Time now) {
  auto today = core::date_of(now);
  const auto& s = store.state();

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
    report = core::handin_report(compliance_from_log(store, today), today);
  } else if (o.what == "audit") {
    auto finished = events_of(store, "audit.finished");
    const core::Event* chosen = nullptr;
    for (const auto& e : finished)
      if (o.audit.empty() || std::get<core::AuditFinished>(e.data).audit == o.audit) chosen = &e;
    if (!chosen) {
      cli.fail(o.audit.empty() ? "no audit has been finished yet (tagdesk audit start LOCATION)"
                               : "no finished audit is called " + o.audit);
      return std::nullopt;
    }
    report = core::audit_report(s, *chosen);
  } else if (o.what == "exports") {
    report = core::exports_report(events_of(store, "data.exported"));
  } else if (o.what == "conflicts") {
    report = core::conflicts_report(s, events_of(store, "conflict.recorded"));
  } else if (o.what == "breach") {
    report = core::breach_report(s, events_of(store, "device.reported-lost"), now);
  }

  return report;
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
  std::vector<db::Store> stores;  // the desk's file, or a mirror of each school reported on
  core::Report report;
  if (o.server.empty()) {
    auto store = cli.open_store();
    if (!store) return;
    auto r = make_report(cli, o, *store, now);
    if (!r) return;
    report = std::move(*r);
    stores.push_back(std::move(*store));
  } else {
    if (o.school.empty() == !o.all) {
      cli.fail("--server reports on one school's record (--school CODE) or on every school's (--all)", kExitUsage);
      return;
    }
    std::vector<std::pair<std::string, core::Report>> by_school;
    for (const auto& code : o.all ? tagsync::schools(o.server) : std::vector<std::string>{o.school}) {
      auto file = mirror_file(o, code);
      std::filesystem::create_directories(file.parent_path());
      auto store = db::Store::open(file, {.kiosk = "cli"});
      if (!store) return cli.fail(store.error());
      (void)tagsync::mirror(o.server, code, *store);
      auto r = make_report(cli, o, *store, now);
      if (!r) return;
      by_school.emplace_back(code, std::move(*r));
      stores.push_back(std::move(*store));
    }
    if (by_school.empty()) return cli.fail("the server " + tagsync::public_server(o.server) + " has no school yet");
    report = o.all ? core::across_schools(by_school) : std::move(by_school.front().second);
  }
  const auto& s = stores.front().state();

  // DP4: a report written out as a file is personal data leaving; recorded
  // first, in each file it came from (a trust's mirrors keep their own record).
  if (format != "table")
    for (auto& store : stores)
      if (!cli.log_export(store, "report " + o.what + " as " + format,
                          o.out.empty() ? (o.print.empty() ? "standard output" : "printer " + o.print) : o.out))
        return;
  if (format == "pdf") {
    try {
      send_pdf(cli, o, paper::report_pdf(report, o.all ? "Every school" : s.settings.school_name,
                                         paper::report_when(now)));
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
                  "encryption, exports or conflicts (between desks)")
      ->required()
      ->check(CLI::IsMember({"overdue", "offsite", "pat-due", "uncollected", "confiscations", "handin", "audit",
                             "audit-due", "breach", "leavers", "encryption", "exports", "conflicts"}));
  rep->add_option("--format", opts->format, "table (default), csv or pdf (the default with --print)")
      ->check(CLI::IsMember({"table", "csv", "pdf"}));
  rep->add_option("--out", opts->out, "Write to this file instead of standard output");
  rep->add_option("--print", opts->print, "Send the A4 PDF to this CUPS printer (`lpstat -p` lists them)");
  rep->add_option("--date", opts->date, "Report as of this day (YYYY-MM-DD); default today");
  rep->add_option("--audit", opts->audit, "audit: which finished audit (default: the latest)");
  rep->add_option("--server", opts->server,
                  "The trust's central server (postgresql://USER@HOST/DATABASE, the trust administrator's login): "
                  "report on a school's record there");
  rep->add_option("--school", opts->school, "With --server: the school, by its code");
  rep->add_flag("--all", opts->all, "With --server: every school, as one report with the school first");
  rep->add_option("--mirror", opts->mirror,
                  "With --server: where the local copies of the schools' records are kept (default ~/.cache/tagdesk)");
  rep->callback([&cli, opts] { run_report(cli, *opts); });
}

}  // namespace kiosk
