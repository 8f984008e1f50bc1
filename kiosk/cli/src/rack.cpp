// tagdesk rack move RACK --to DESK [--pouches FIRST-LAST]; tagdesk rack list   (issue 21, PH2)
//
// Each rack of pouches is at one desk, which alone gives out its free pouches,
// so two desks of a school never give out the same one. A move is an event,
// sent to the other desks like any other.
#include <CLI/CLI.hpp>

#include <memory>

#include "core/decide.h"
#include "cli/cli.h"

namespace kiosk {

void add_rack_commands(CLI::App& app, Cli& cli) {
  auto* rack = app.add_subcommand("rack", "Racks of pouches: which desk gives out which pouches (PH2)");
  rack->require_subcommand(1);

  struct Options { std::string rack, to, pouches; };
  auto o = std::make_shared<Options>();
  auto* move = rack->add_subcommand("move", "Move a rack of pouches to a desk (a new rack: with --pouches)");
  move->add_option("rack", o->rack, "The rack's name, as its label says (\"\": the pouches on no other rack)")
      ->required();
  move->add_option("--to", o->to, "The desk's name (its [kiosk] name)")->required();
  move->add_option("--pouches", o->pouches, "The rack's first and last pouch, e.g. PO0601-PO1100");
  move->callback([&cli, o] {
    std::string first, last;
    if (!o->pouches.empty()) {
      auto dash = o->pouches.find('-');
      if (dash == std::string::npos || dash == 0 || dash + 1 == o->pouches.size() ||
          o->pouches.find('-', dash + 1) != std::string::npos) {
        cli.fail("--pouches '" + o->pouches + "': expected the first and the last pouch, e.g. PO0601-PO1100");
        return;
      }
      first = o->pouches.substr(0, dash);
      last = o->pouches.substr(dash + 1);
    }
    auto store = cli.open_store();
    if (!store) return;
    (void)cli.settle(*store, core::decide(store->state(),
                                          core::MoveRack{.actor = std::string{core::kSystemActor}, .rack = o->rack,
                                                         .first = first, .last = last, .to = o->to},
                                          Cli::now()));
  });

  rack->add_subcommand("list", "Every rack, its pouches and its desk")->callback([&cli] {
    auto store = cli.open_store();
    if (!store) return;
    const auto& racks = store->state().racks;
    if (racks.empty()) cli.out << "No racks: every desk gives out every pouch.\n";
    for (const auto& [id, r] : racks)
      cli.out << (id.empty() ? "The pouches on no other rack" : "Rack " + id + " (" + r.first + " to " + r.last + ")")
              << ": desk " << r.desk << "\n";
  });
}

}  // namespace kiosk
