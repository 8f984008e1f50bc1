// tagdesk settings [--json] | tagdesk settings set KEY VALUE | tagdesk settings keys [--json]
//
// The same settings as the kiosk's administrator screen, including the ones
// that name something new (kind.WORD for imports, location.NAME for audits),
// which that screen can only change once they exist.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>

#include "core/decide.h"
#include "core/settings.h"
#include "cli/cli.h"

namespace kiosk {

void add_settings_commands(CLI::App& app, Cli& cli) {
  auto* cmd = app.add_subcommand("settings", "List the settings, or change one: settings set KEY VALUE");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "As a JSON object");
  auto* set = cmd->add_subcommand("set", "Change one setting (kind.WORD KIND, location.NAME TEXT, ...; none removes)");
  auto kv = std::make_shared<std::pair<std::string, std::string>>();
  set->add_option("key", kv->first, "The setting, as `tagdesk settings` lists it")->required();
  set->add_option("value", kv->second, "Its new value")->required();
  auto* keys = cmd->add_subcommand("keys", "What each setting means, and the values it takes");
  auto keys_json = std::make_shared<bool>(false);
  keys->add_flag("--json", *keys_json, "As a JSON object of key: help");
  keys->callback([&cli, keys_json] {
    auto all = core::setting_keys();
    if (*keys_json) {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& k : all) j[k.key] = k.description;
      cli.out << j.dump(2) << "\n";
      return;
    }
    for (const auto& k : all) cli.out << k.key << "\n    " << k.description << "\n";
  });
  set->callback([&cli, kv] {
    auto store = cli.open_store();
    if (!store) return;
    auto d = core::decide(store->state(),
                          core::ChangeSetting{.actor = std::string{core::kSystemActor}, .key = kv->first, .value = kv->second},
                          Cli::now());
    if (!d.allowed()) {
      for (const auto& r : d.refusals) cli.fail(r.message);
      return;
    }
    store->commit(d.events);
    cli.out << d.message << "\n";
  });
  cmd->callback([&cli, cmd, json] {
    if (cmd->got_subcommand("set") || cmd->got_subcommand("keys")) return;
    auto store = cli.open_store();
    if (!store) return;
    auto all = core::all_settings(store->state().settings);
    if (*json) {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& [k, v] : all) j[k] = v;
      cli.out << j.dump(2) << "\n";
      return;
    }
    for (const auto& [k, v] : all) cli.out << k << " = " << v << "\n";
  });
}

}  // namespace kiosk
