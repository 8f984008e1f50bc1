// tagdesk pin set PERSON; tagdesk pin reset PERSON --by ADMIN (SE2).
//
// PINs are read from standard input, one per line, never from the command line
// (which other users can see in the process list and which shells keep in history).
#include <CLI/CLI.hpp>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "db/pin.h"
#include "cli/cli.h"

namespace kiosk {
namespace {

// One line of standard input; on a terminal, asked for with the echo off.
std::string read_pin(Cli& cli, const std::string& prompt) {
  bool tty = ::isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    (void)::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    cli.err << prompt << ": " << std::flush;
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    (void)::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    cli.err << "\n";
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::string until_text(core::Time t) { return core::format_time(t).substr(11, 5); }

// Checks `pin` against the person's; a wrong one is recorded (the SE2 lockout
// counts them in core). Returns false, having said why, when it may not be used.
bool check_pin(Cli& cli, db::Store& store, const core::Person& p, const std::string& pin, core::Time now) {
  if (p.locked_until && *p.locked_until > now) {
    cli.fail(p.id + "'s badge is locked after too many wrong PINs until " + until_text(*p.locked_until) +
             "; an administrator can reset the PIN (`tagdesk pin reset " + p.id + " --by ADMIN`)");
    return false;
  }
  if (p.pin_hash.empty()) {
    cli.fail(p.id + " has no PIN yet");
    return false;
  }
  if (db::verify_pin(p.pin_hash, pin)) return true;
  store.commit({core::Event{.at = now, .actor = p.id, .data = core::PinFailed{p.id}}});
  const auto* after = store.state().person(p.id);
  if (after && after->locked_until && *after->locked_until > now)
    cli.fail("wrong PIN for " + p.id + "; the badge is now locked until " + until_text(*after->locked_until));
  else
    cli.fail("wrong PIN for " + p.id);
  return false;
}

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
  auto pin = read_pin(cli, "New PIN for " + person);
  auto hash = db::hash_pin(pin);
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
    if (!p->pin_hash.empty() && !check_pin(cli, *store, *p, read_pin(cli, "Current PIN"), now)) return;
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
    if (!check_pin(cli, *store, *admin, read_pin(cli, "Administrator's PIN"), now)) return;
    if (set_new_pin(cli, *store, opts->person, admin->id, admin->id, now))
      cli.out << "PIN reset for " << opts->person << " by " << admin->id << "; any lockout is lifted.\n";
  });
}

}  // namespace kiosk
