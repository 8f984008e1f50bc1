// tagdesk list devices|people [--json]; tagdesk history CODE [--json]
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <memory>
#include <ostream>

#include "core/limits.h"
#include "db/json.h"
#include "cli/cli.h"
#include "desk/lookup.h"

namespace kiosk {
namespace {

std::string device_state(const core::State& s, const core::Device& d) {
  if (const auto* loan = s.loan_of(d.id)) return "on loan to " + loan->borrower + " until " + core::format_time(loan->due_at);
  return std::string{core::to_string(d.status)};
}

void list_devices(Cli& cli, const core::State& s, bool json) {
  if (json) {
    auto rows = nlohmann::json::array();
    s.each_device([&](const core::Device& d) { rows.push_back(db::to_json_value(d)); });
    cli.out << rows.dump(2) << "\n";
    return;
  }
  cli.out << fmt::format("{:<8} {:<10} {:<14} {:<28} {}\n", "ID", "TAG", "KIND", "NAME", "STATE");
  s.each_device([&](const core::Device& d) {
    cli.out << fmt::format("{:<8} {:<10} {:<14} {:<28} {}\n", core::printable(d.id), core::printable(d.asset_tag),
                           core::to_string(d.kind), core::printable(d.name), device_state(s, d));
  });
}

void list_people(Cli& cli, const core::State& s, bool json) {
  if (json) {
    auto rows = nlohmann::json::array();
    s.each_person([&](const core::Person& p) {
      auto row = db::to_json_value(p);
      row.erase("pin_hash");  // SE2: no secret in any output
      row.erase("pin_failures");
      rows.push_back(row);
    });
    cli.out << rows.dump(2) << "\n";
    return;
  }
  cli.out << fmt::format("{:<6} {:<24} {:<24} {:<5} {:<18} {}\n", "ID", "FIRST NAME", "SURNAME", "FORM", "ROLES", "ACTIVE");
  s.each_person([&](const core::Person& p) {
    cli.out << fmt::format("{:<6} {:<24} {:<24} {:<5} {:<18} {}\n", core::printable(p.id), core::printable(p.first_name),
                           core::printable(p.surname), core::printable(p.form), core::format_roles(p.roles),
                           p.active ? "yes" : "no");
  });
}

}  // namespace

void add_list_commands(CLI::App& app, Cli& cli) {
  auto* list = app.add_subcommand("list", "List the register: devices or people");
  struct ListOptions { std::string what; bool json = false; };
  auto opts = std::make_shared<ListOptions>();
  list->add_option("what", opts->what, "devices or people")->required()->check(CLI::IsMember({"devices", "people"}));
  list->add_flag("--json", opts->json, "Machine-readable output");
  list->callback([&cli, opts] {
    auto store = cli.open_store();
    if (!store) return;
    if (opts->what == "devices") return list_devices(cli, store->state(), opts->json);
    if (cli.log_export(*store, "list people", "standard output")) list_people(cli, store->state(), opts->json);  // DP4
  });

  auto* history = app.add_subcommand("history", "Every event about a device, person or slot, oldest first");
  struct HistoryOptions { std::string code; bool json = false; };
  auto hopts = std::make_shared<HistoryOptions>();
  history->add_option("code", hopts->code, "A tag, asset tag, serial or card number")->required();
  history->add_flag("--json", hopts->json, "One JSON event per line");
  history->callback([&cli, hopts] {
    auto store = cli.open_store();
    if (!store) return;
    auto found = resolve_code(store->state(), hopts->code);
    db::EventFilter filter;
    switch (found.kind) {
      case CodeKind::Person: filter.person = found.id; break;
      case CodeKind::Device: filter.device = found.id; break;
      case CodeKind::Slot: filter.slot = found.id; break;
      default:
        cli.fail("'" + hopts->code + "': " + found.problem);
        return;
    }
    // DP4: a person's history, or anyone's as JSON, is personal data leaving.
    if ((hopts->json || found.kind == CodeKind::Person) &&
        !cli.log_export(*store, "history " + found.id + (hopts->json ? " as JSON" : ""), "standard output"))
      return;
    store->for_each_event(filter, [&](const core::Event& e) {
      if (hopts->json) {
        cli.out << db::event_to_export_json(e).dump() << "\n";
        return;
      }
      cli.out << fmt::format("{:>6}  {}  {:<28} by {}{}\n", e.seq, core::format_time(e.at), core::event_type(e.data),
                             e.actor, e.authoriser.empty() ? "" : " (authorised by " + e.authoriser + ")");
    });
  });
}

}  // namespace kiosk
