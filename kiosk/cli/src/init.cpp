// tagdesk init [--demo]
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "cli/cli.h"
#include "db/pin.h"
#include "fixtures/demo_school.h"
#include "fixtures/synthetic_school.h"

namespace kiosk {
namespace {

// How many people, devices, and pouches and form boxes the register holds.
struct Counts {
  int people = 0, devices = 0, slots = 0;
};
Counts count(const core::State& s) {
  Counts n;
  s.each_person([&](const core::Person&) { ++n.people; }, {.fields = {"id"}});
  s.each_device([&](const core::Device&) { ++n.devices; }, {.fields = {"id"}});
  s.each_slot([&](const core::Slot&) { ++n.slots; });
  return n;
}

void print_try_it(std::ostream& out, const fixtures::DemoSchool& demo, const db::Store& store) {
  const auto& s = store.state();
  Counts n = count(s);
  out << "Created " << s.settings.school_name << ": " << n.people << " people, " << n.devices << " devices, "
      << n.slots << " pouches and form boxes.\n\n"
      << "Try it (scan or type these codes at the kiosk):\n"
      << "  Pupil cards:  ";
  int shown = 0;
  s.each_person([&](const core::Person& p) {
    if (!p.roles.has(core::Right::Pupil)) return true;
    out << (shown++ ? ", " : "") << p.card << " (" << p.public_name() << ")";
    return shown < 3;
  });
  out << "\n  Pouches:      PO0001 ... PO1100\n  Devices:      LT001 (staff laptop), IP01 (iPad), CAM01 (camera), "
         "CH013 (charger, failed PAT)\n  Staff badges and demo PINs:\n";
  for (const auto& login : demo.logins) {
    const auto* p = s.person(login.person);
    out << "    " << (p ? p->card.str() : login.person) << "  PIN " << login.pin << "  " << login.name << ", " << login.role
        << "\n";
  }
}

}  // namespace

void add_init_commands(CLI::App& app, Cli& cli) {
  auto* init = app.add_subcommand("init", "Create a database (with --demo, a demo school to try)");
  struct InitOptions { bool demo = false; int synthetic = 0; std::int64_t events = 0; };
  auto opts = std::make_shared<InitOptions>();
  init->add_flag("--demo", opts->demo, "Fill it with a demo school");
  init->add_option("--synthetic", opts->synthetic, "For benchmarks: N people, N devices, N pouches and a long history")
      ->check(CLI::Range(1, 10'000'000));
  init->add_option("--events", opts->events, "With --synthetic: how many events in all (default 10 x N)");
  init->callback([&cli, opts] {
    auto store = cli.open_store(/*create=*/true);
    if (!store) return;
    if (store->event_count() > 0) {
      cli.fail(cli.db_path + " already holds a school; choose another --db to start afresh");
      return;
    }
    if (opts->synthetic > 0) {
      auto total = opts->events > 0 ? opts->events : std::int64_t{10} * opts->synthetic;
      fixtures::make_synthetic_school(opts->synthetic, total, Cli::now() - std::chrono::days{400},
                            [&](std::vector<core::Event>&& batch) { store->commit(std::move(batch)); });
      Counts n = count(store->state());
      cli.out << "Created a synthetic school: " << n.people << " people, " << n.devices << " devices, "
              << store->event_count() << " events.\n";
      return;
    }
    if (!opts->demo) {
      cli.out << "Created an empty tagdesk database at " << cli.db_path
              << ".\nNext: import people and devices (`tagdesk import people FILE`).\n";
      return;
    }
    auto pepper = db::pin_pepper(*store);
    if (!pepper) return cli.fail(pepper.error());
    auto school = fixtures::make_demo_school(Cli::now(), *pepper);
    store->commit(school.events);
    print_try_it(cli.out, school, *store);
  });
}

}  // namespace kiosk
