// tagdesk export events [--out FILE]
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <memory>

#include "db/json.h"
#include "kiosk/cli.h"

namespace kiosk {

void add_export_commands(CLI::App& app, Cli& cli) {
  auto* exp = app.add_subcommand("export", "Export the event log (JSON lines)");
  struct ExportOptions { std::string what; std::string out; };
  auto opts = std::make_shared<ExportOptions>();
  exp->add_option("what", opts->what, "events")->required()->check(CLI::IsMember({"events"}));
  exp->add_option("--out", opts->out, "Write to this file instead of standard output");
  exp->callback([&cli, opts] {
    auto store = cli.open_store();
    if (!store) return;
    std::ofstream file;
    std::string tmp;
    if (!opts->out.empty()) {
      // Written beside the target and renamed, so a failed export leaves no half file.
      tmp = opts->out + ".part";
      file.open(tmp, std::ios::binary | std::ios::trunc);
      if (!file) {
        cli.fail("cannot write " + opts->out);
        return;
      }
    }
    std::ostream& out = opts->out.empty() ? cli.out : file;
    store->for_each_event({}, [&](const core::Event& e) { out << db::event_to_export_json(e).dump() << "\n"; });
    if (!opts->out.empty()) {
      file.close();
      std::error_code ec;
      if (!file || (std::filesystem::rename(tmp, opts->out, ec), ec)) {
        std::filesystem::remove(tmp, ec);
        cli.fail("could not finish writing " + opts->out);
      }
    }
  });
}

}  // namespace kiosk
