// tagdesk pat record --device ID --date D --result pass|fail --inspection visual|combined ...
// tagdesk pat record --csv FILE [--date-format DMY|MDY|YMD]   (a day's tests, all-or-nothing;
//                                    the same as tagdesk import pat FILE)
// tagdesk pat due [--format table|csv] [--date D]
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "core/decide.h"
#include "core/enum_names.h"
#include "core/reports.h"
#include "exchange/csv.h"
#include "exchange/import.h"
#include "cli/cli.h"
#include "desk/lookup.h"
#include "paper/report_pdf.h"

namespace kiosk {
namespace {

struct PatOptions {
  std::string csv, device, date, result, inspection, cls, type, tester, instrument, notes, date_format;
  bool label = false;
};

template <class E>
bool parse_option(Cli& cli, const char* name, const std::string& text, E& out) {
  if (text.empty()) return true;
  auto v = core::parse_enum<E>(text);
  if (!v) {
    cli.fail(std::string{name} + " '" + text + "' is not one of " + core::enum_choices<E>(), kExitUsage);
    return false;
  }
  out = *v;
  return true;
}

void record_csv(Cli& cli, const PatOptions& o) {
  auto table = exchange::csv::open_file(o.csv);
  if (!table) {
    cli.fail(table.error() + "; nothing was recorded");
    return;
  }
  auto store = cli.open_store();
  if (!store) return;
  exchange::ImportOptions options;
  if (!o.date_format.empty()) options.date_order = core::parse_enum<core::DateOrder>(o.date_format);
  auto plan = exchange::plan_pat_import(*table, store->state(), Cli::now(), options);
  if (!plan.ok()) {
    for (const auto& p : plan.problems) cli.err << o.csv << ": " << exchange::to_string(p) << "\n";
    cli.fail(o.csv + " has " + std::to_string(plan.problems.size()) + " problem(s); nothing was recorded");
    return;
  }
  store->commit(std::move(plan.events));
  cli.out << "Recorded " << plan.added << " PAT test" << (plan.added == 1 ? "" : "s") << " from " << o.csv << ".\n";
}

void record_one(Cli& cli, const PatOptions& o) {
  if (o.device.empty() || o.date.empty() || o.result.empty() || o.inspection.empty()) {
    cli.fail("pat record needs --device, --date, --result and --inspection (or --csv FILE)", kExitUsage);
    return;
  }
  auto store = cli.open_store();
  if (!store) return;
  const auto& s = store->state();
  auto found = resolve_code(s, o.device);
  if (found.kind != CodeKind::Device) {
    cli.fail("'" + o.device + "' is not a device in the register");
    return;
  }
  core::PatRecord rec{.device = found.id};
  rec.equipment_class = s.device(found.id)->equipment_class;
  rec.equipment_type = s.device(found.id)->equipment_type;
  auto date = core::parse_date(o.date);
  if (!date) {
    cli.fail("--date '" + o.date + "' is not a date (write YYYY-MM-DD)", kExitUsage);
    return;
  }
  rec.date = *date;
  rec.passed = o.result == "pass";
  if (!parse_option(cli, "--inspection", o.inspection, rec.inspection) ||
      !parse_option(cli, "--class", o.cls, rec.equipment_class) || !parse_option(cli, "--type", o.type, rec.equipment_type))
    return;
  rec.tester = o.tester;
  rec.instrument = o.instrument;
  rec.notes = o.notes;
  rec.label_applied = o.label;
  (void)cli.settle(*store, core::decide(s, core::RecordPat{.actor = std::string{core::kSystemActor}, .record = rec},
                                        Cli::now()));
}

}  // namespace

void add_pat_commands(CLI::App& app, Cli& cli) {
  auto* pat = app.add_subcommand("pat", "Portable appliance testing: record tests, list what is due");
  pat->require_subcommand(1);
  auto* record = pat->add_subcommand("record", "Record a PAT test (or a day's tests with --csv FILE)");
  auto o = std::make_shared<PatOptions>();
  record->add_option("--csv", o->csv, "A CSV of tests: device,date,result,inspection[,class,type,tester,instrument,notes,label]");
  record->add_option("--device", o->device, "The device: id, asset tag or serial");
  record->add_option("--date", o->date, "The date of the test (YYYY-MM-DD)");
  record->add_option("--result", o->result, "pass or fail")->check(CLI::IsMember({"pass", "fail"}));
  record->add_option("--inspection", o->inspection, "visual or combined");
  record->add_option("--class", o->cls, "Equipment class: I, II or battery (default: the register's)");
  record->add_option("--type", o->type, "Equipment type: it, portable, hand-held, movable, stationary, extension-lead");
  record->add_option("--tester", o->tester, "Who did the test");
  record->add_option("--instrument", o->instrument, "The tester instrument used");
  record->add_option("--notes", o->notes, "Notes");
  record->add_flag("--label", o->label, "A PAT label was applied");
  record->add_option("--date-format", o->date_format,
                     "--csv: the order of the dates where every one reads either way: DMY, MDY or YMD")
      ->check(CLI::IsMember({"DMY", "MDY", "YMD"}, CLI::ignore_case));
  record->callback([&cli, o] {
    if (!o->csv.empty()) record_csv(cli, *o);
    else record_one(cli, *o);
  });

  auto* due = pat->add_subcommand("due", "Items due for PAT within the window, overdue or failed (PT4)");
  struct DueOptions { std::string format = "table"; std::string date; };
  auto d = std::make_shared<DueOptions>();
  due->add_option("--format", d->format, "table or csv")->check(CLI::IsMember({"table", "csv"}));
  due->add_option("--date", d->date, "As of this day (YYYY-MM-DD)");
  due->callback([&cli, d] {
    auto today = core::date_of(Cli::now());
    if (!d->date.empty()) {
      auto parsed = core::parse_date(d->date);
      if (!parsed) {
        cli.fail("--date '" + d->date + "' is not a date (write YYYY-MM-DD)", kExitUsage);
        return;
      }
      today = *parsed;
    }
    auto store = cli.open_store();
    if (!store) return;
    auto report = core::pat_due_report(store->state(), today);
    cli.out << (d->format == "csv" ? paper::report_csv(report) : paper::report_table(report));
  });
}

}  // namespace kiosk
