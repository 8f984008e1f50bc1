// tagdesk audit start [LOCATION] | audit scan AUDIT [FILE|-] | audit finish AUDIT   (AR2)
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>

#include "core/decide.h"
#include "core/reports.h"
#include "cli/cli.h"
#include "desk/lookup.h"
#include "paper/report_pdf.h"

namespace kiosk {
namespace {

const std::string kActor{core::kSystemActor};

bool refused(Cli& cli, const core::Decision& d, const std::string& where = "") {
  if (d.allowed()) return false;
  for (const auto& r : d.refusals) cli.fail(where + r.message + " (" + r.rule + ")");
  return true;
}

// Scans one per line; all are checked before any is written.
void scan(Cli& cli, const std::string& audit, const std::string& file) {
  std::ifstream in;
  if (file != "-") {
    in.open(file);
    if (!in) {
      cli.fail(file + ": cannot be read (does it exist?)");
      return;
    }
  }
  std::istream& lines = file == "-" ? std::cin : in;
  auto store = cli.open_store();
  if (!store) return;
  core::State state = store->state();  // advanced scan by scan, so a repeat is seen as one
  auto now = Cli::now();
  std::vector<core::Event> events;
  int problems = 0, scanned = 0, line_no = 0;
  std::string line;
  while (std::getline(lines, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto found = resolve_code(state, line);
    std::string where = (file == "-" ? "stdin" : file) + ": line " + std::to_string(line_no) + ": ";
    if (found.kind != CodeKind::Device) {
      ++problems;
      cli.err << where << "'" << line << "' is not a device in the register"
              << (found.problem.empty() ? "" : " (" + found.problem + ")") << "\n";
      continue;
    }
    auto d = core::decide(state, core::AuditScan{.actor = kActor, .audit = audit, .device = found.id}, now);
    if (!d.allowed()) {
      ++problems;
      for (const auto& r : d.refusals) cli.err << where << r.message << " (" << r.rule << ")\n";
      continue;
    }
    for (const auto& n : d.notices) cli.out << found.id << ": " << n << "\n";
    for (auto& e : d.events) {
      (void)core::apply(state, e);
      events.push_back(std::move(e));
      ++scanned;
    }
  }
  if (problems) {
    cli.fail(std::to_string(problems) + " scan(s) could not be recorded; nothing was written");
    return;
  }
  store->commit(events);
  cli.out << "Recorded " << scanned << " scan" << (scanned == 1 ? "" : "s") << " in audit " << audit << ".\n";
}

}  // namespace

void add_audit_commands(CLI::App& app, Cli& cli) {
  auto* audit = app.add_subcommand("audit", "Audit a location: start, scan what is there, finish (AR2)");
  audit->require_subcommand(1);

  auto* start = audit->add_subcommand("start", "Start an audit of a location (none = the whole site)");
  auto location = std::make_shared<std::string>();
  start->add_option("location", *location, "The home location to audit, e.g. \"Library\"");
  start->callback([&cli, location] {
    auto store = cli.open_store();
    if (!store) return;
    auto d = core::decide(store->state(), core::StartAudit{.actor = kActor, .location = *location}, Cli::now());
    if (refused(cli, d)) return;
    auto written = store->commit(d.events);
    for (const auto& e : written)
      if (const auto* a = std::get_if<core::AuditStarted>(&e.data)) cli.out << a->audit << "\n";
    cli.err << d.message << "\n";
  });

  auto* scan_cmd = audit->add_subcommand("scan", "Record scans, one code per line, from a file or - (standard input)");
  struct ScanOptions { std::string audit; std::string file = "-"; };
  auto so = std::make_shared<ScanOptions>();
  scan_cmd->add_option("audit", so->audit, "The audit id that `audit start` printed")->required();
  scan_cmd->add_option("file", so->file, "A file of scanned codes, or - for standard input");
  scan_cmd->callback([&cli, so] { scan(cli, so->audit, so->file); });

  auto* finish = audit->add_subcommand("finish", "Finish an audit: found, missing and unexpected devices");
  auto id = std::make_shared<std::string>();
  finish->add_option("audit", *id, "The audit id")->required();
  finish->callback([&cli, id] {
    auto store = cli.open_store();
    if (!store) return;
    auto d = core::decide(store->state(), core::FinishAudit{.actor = kActor, .audit = *id}, Cli::now());
    if (refused(cli, d)) return;
    auto written = store->commit(d.events);
    for (const auto& e : written)
      if (std::holds_alternative<core::AuditFinished>(e.data)) cli.out << paper::report_table(core::audit_report(store->state(), e));
  });
}

}  // namespace kiosk
