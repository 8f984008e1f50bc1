// tagdesk pin set PERSON; tagdesk pin reset PERSON --by ADMIN (SE2);
// tagdesk recover-admin PERSON [--first NAME --surname NAME] (docs/SECURITY.md).
//
// PINs are read from standard input, one per line, never from the command line
// (which other users can see in the process list and which shells keep in history).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "core/decide.h"
#include "db/pin.h"
#include "cli/cli.h"

namespace kiosk {
namespace {

const core::Person* staff_member(Cli& cli, const db::Store& store, const std::string& id) {
  const auto* p = store.state().person(id);
  if (!p) cli.fail("there is no person " + id);
  else if (!p->roles.is_staff_like()) cli.fail(id + " is not staff: only staff have PINs");
  else if (!p->active) cli.fail(id + " has left (is deactivated)");
  else return p;
  return nullptr;
}

bool set_new_pin(Cli& cli, db::Store& store, const std::string& person, const std::string& actor,
                 const std::string& authoriser, core::Time now) {
  auto pin = cli.read_secret("New PIN for " + person);
  auto pepper = db::pin_pepper(store);
  if (!pepper) {
    cli.fail(pepper.error());
    return false;
  }
  auto hash = db::hash_pin(pin, *pepper);
  if (!hash) {
    cli.fail(hash.error());  // what is wrong with it, never the PIN itself
    return false;
  }
  store.commit({core::Event{.at = now, .actor = actor, .authoriser = authoriser,
                            .data = core::PinSet{person, std::move(*hash)}}});
  return true;
}

}  // namespace

void add_pin_commands(CLI::App& app, Cli& cli) {
  auto* pin = app.add_subcommand("pin", "Set or reset a member of staff's PIN (read from standard input)");
  pin->require_subcommand(1);

  auto* set = pin->add_subcommand(
      "set", "Set your PIN: reads the current PIN (if one is set), then the new one, a line each");
  auto set_person = std::make_shared<std::string>();
  set->add_option("person", *set_person, "The person's id")->required();
  set->callback([&cli, set_person] {
    auto store = cli.open_store();
    if (!store) return;
    const auto* p = staff_member(cli, *store, *set_person);
    if (!p) return;
    auto now = Cli::now();
    if (!p->pin_hash.empty() && !cli.check_pin(*store, *p, cli.read_secret("Current PIN"), now)) return;
    if (set_new_pin(cli, *store, p->id, p->id, "", now)) cli.out << "PIN set for " << p->id << ".\n";
  });

  auto* reset = pin->add_subcommand(
      "reset", "An administrator sets a new PIN and lifts a lockout: reads the administrator's PIN, then the new one");
  struct ResetOptions { std::string person; std::string by; };
  auto opts = std::make_shared<ResetOptions>();
  reset->add_option("person", opts->person, "Whose PIN to reset")->required();
  reset->add_option("--by", opts->by, "The administrator authorising it (their PIN is asked for)")->required();
  reset->callback([&cli, opts] {
    auto store = cli.open_store();
    if (!store) return;
    const auto* admin = staff_member(cli, *store, opts->by);
    if (!admin) return;
    if (!admin->roles.has(core::Right::Admin)) return cli.fail(opts->by + " is not an administrator");
    if (!staff_member(cli, *store, opts->person)) return;
    auto now = Cli::now();
    if (!cli.check_pin(*store, *admin, cli.read_secret("Administrator's PIN"), now)) return;
    if (set_new_pin(cli, *store, opts->person, admin->id, admin->id, now))
      cli.out << "PIN reset for " << opts->person << " by " << admin->id << "; any lockout is lifted.\n";
  });

  // Item 1: a school left with no active administrator is recovered here, on
  // the machine itself, never at the public screen; recorded as admin.recovered.
  auto* recover = app.add_subcommand(
      "recover-admin", "A school with no active administrator: make a member of staff (or a new person) one, with a "
                       "new PIN read from standard input");
  struct RecoverOptions { std::string person, first, surname; };
  auto ropts = std::make_shared<RecoverOptions>();
  recover->add_option("person", ropts->person, "An existing member of staff's id, or a new person's")->required();
  recover->add_option("--first", ropts->first, "A new person's first name");
  recover->add_option("--surname", ropts->surname, "A new person's surname");
  recover->callback([&cli, ropts] {
    auto store = cli.open_store();
    if (!store) return;
    auto pepper = db::pin_pepper(*store);
    if (!pepper) return cli.fail(pepper.error());
    auto new_pin = cli.read_secret("New PIN for " + ropts->person);
    auto hash = db::hash_pin(new_pin, *pepper);
    core::RecoverAdmin r{.actor = std::string{core::kSystemActor},
                         .person = {.id = ropts->person, .first_name = ropts->first, .surname = ropts->surname},
                         .os_user = Cli::os_user(), .hash = hash ? *hash : std::string{}, .pin_length = new_pin.size(),
                         .pin_all_digits = !new_pin.empty() && new_pin.find_first_not_of("0123456789") == std::string::npos};
    auto d = core::decide(store->state(), r, Cli::now());
    if (!d.allowed()) {
      for (const auto& refusal : d.refusals) cli.fail(refusal.message + " (" + refusal.rule + ")");
      return;
    }
    store->commit(d.events);
    cli.out << d.message << ".\n";
  });
}

}  // namespace kiosk
