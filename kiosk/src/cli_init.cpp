// tagdesk init [--demo]
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "kiosk/cli.h"
#include "kiosk/demo_school.h"

namespace kiosk {
namespace {

void print_try_it(std::ostream& out, const DemoSchool& demo, const db::Store& store) {
  const auto& s = store.state();
  out << "Created " << s.settings.school_name << ": " << s.people.size() << " people, " << s.devices.size()
      << " devices, " << s.slots.size() << " pouches and form boxes.\n\n"
      << "Try it (scan or type these codes at the kiosk):\n"
      << "  Pupil cards:  ";
  int shown = 0;
  for (const auto& [id, p] : s.people) {
    if (!p.roles.has(core::Right::Pupil) || shown == 3) continue;
    out << (shown++ ? ", " : "") << p.card << " (" << p.public_name() << ")";
  }
  out << "\n  Pouches:      PO0001 ... PO1100\n  Devices:      LT001 (staff laptop), IP01 (iPad), CAM01 (camera), "
         "CH013 (charger, failed PAT)\n  Staff badges and demo PINs:\n";
  for (const auto& login : demo.logins) {
    const auto* p = s.person(login.person);
    out << "    " << (p ? p->card : login.person) << "  PIN " << login.pin << "  " << login.name << ", " << login.role
        << "\n";
  }
}

}  // namespace

void add_init_commands(CLI::App& app, Cli& cli) {
  auto* init = app.add_subcommand("init", "Create a database (with --demo, a demo school to try)");
  auto demo = std::make_shared<bool>(false);
  init->add_flag("--demo", *demo, "Fill it with a demo school");
  init->callback([&cli, demo] {
    auto store = cli.open_store(/*create=*/true);
    if (!store) return;
    if (store->event_count() > 0) {
      cli.fail(cli.db_path + " already holds a school; choose another --db to start afresh");
      return;
    }
    if (!*demo) {
      cli.out << "Created an empty tagdesk database at " << cli.db_path
              << ".\nNext: import people and devices (`tagdesk import people FILE`).\n";
      return;
    }
    auto school = make_demo_school(Cli::now());
    store->commit(school.events);
    print_try_it(cli.out, school, *store);
  });
}

}  // namespace kiosk
