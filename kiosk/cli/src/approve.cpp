// tagdesk approve PERSON --until DATE --by ADMIN [--device CODE | --kind KIND]   (LN2, in advance)
//
// An administrator's approval to take equipment home, recorded before the
// borrower comes to the desk (after 16:00 no administrator need be there).
#include <CLI/CLI.hpp>

#include <memory>

#include "core/decide.h"
#include "core/desk_rules.h"
#include "core/queries.h"
#include "cli/cli.h"
#include "desk/lookup.h"

namespace kiosk {

void add_approve_commands(CLI::App& app, Cli& cli) {
  struct Options { std::string person, until, by, device, kind; };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("approve", "Approve a person to take equipment home until a date (LN2)");
  cmd->add_option("person", o->person, "Their card, badge or id")->required();
  cmd->add_option("--until", o->until, "The last day the approval covers, YYYY-MM-DD")->required();
  cmd->add_option("--by", o->by, "The administrator approving (their id or badge)")->required();
  auto* device = cmd->add_option("--device", o->device, "Only this device (tag, asset tag or serial); default: any");
  cmd->add_option("--kind", o->kind, "Any device of this kind, e.g. staff-laptop")->excludes(device);
  cmd->callback([&cli, o] {
    auto store = cli.open_store();
    if (!store) return;
    const core::State& s = store->state();
    auto person = [&](const std::string& code, const std::string& what) -> std::optional<std::string> {
      Resolved r = resolve_code(s, code);
      if (r.kind == CodeKind::Person) return r.id;
      cli.fail(what + " '" + code + "' is not a person on record" + (r.problem.empty() ? "" : " (" + r.problem + ")"));
      return std::nullopt;
    };
    auto who = person(o->person, "person");
    auto by = who ? person(o->by, "--by") : std::nullopt;
    if (!by) return;
    const core::Person* admin = s.person(*by);
    if (!admin->active || !admin->roles.has(core::Right::Admin)) {
      cli.fail("--by " + o->by + ": only an administrator can approve taking equipment off site (LN2)");
      return;
    }
    auto until = core::parse_date(o->until);
    if (!until) {
      cli.fail("--until '" + o->until + "': expected a date such as 2026-12-18");
      return;
    }
    std::string covers;
    if (!o->device.empty()) {
      Resolved d = resolve_code(s, o->device);
      if (d.kind != CodeKind::Device) {
        cli.fail("--device '" + o->device + "' is not a device in the register");
        return;
      }
      covers = d.id;
    } else if (!o->kind.empty()) {
      covers = std::string{core::kApprovalKindPrefix} + o->kind;
    }
    auto d = core::decide(s, core::RecordApproval{.actor = std::string{core::kSystemActor},
                                                  .approval = {.person = *who, .device = covers, .until = *until,
                                                               .approved_by = *by}},
                          Cli::now());
    (void)cli.settle(*store, d);
  });
}

}  // namespace kiosk
