// tagdesk decode IMAGE...; tagdesk labels assets|people|slots|commands --out FILE [--print PRINTER]
#include <CLI/CLI.hpp>

#include <memory>

#include "cli/cli.h"
#include "paper/printing.h"
#include "scanner/decode.h"
#include "scanner/labels.h"
#include "scanner/tag.h"

namespace kiosk {
namespace {

struct LabelOptions {
  std::string what;
  std::string layout = "L7160";
  std::string out;
  std::vector<std::string> only;  // ids; empty = all
  std::string form;               // people: one form only
  std::string print;
};

bool wanted(const LabelOptions& o, const std::string& id) {
  return o.only.empty() || std::find(o.only.begin(), o.only.end(), id) != o.only.end();
}

std::vector<scanner::LabelSpec> labels_for(const core::State& s, const LabelOptions& o) {
  const auto& prefix = s.settings.school_prefix;
  const auto& school = s.settings.school_name;
  std::vector<scanner::LabelSpec> out;
  if (o.what == "assets") {
    s.each_device([&](const core::Device& d) {
      if (wanted(o, d.id))
        out.push_back({scanner::LabelKind::Asset, scanner::encode_tag(prefix, scanner::TagKind::Asset, d.id),
                       d.name.empty() ? d.id.str() : d.name.str(), school});
    });
  } else if (o.what == "people") {
    s.each_person([&](const core::Person& p) {
      if (p.active && wanted(o, p.id) && (o.form.empty() || p.form == o.form))
        out.push_back({scanner::LabelKind::Person, scanner::encode_tag(prefix, scanner::TagKind::Person, p.id),
                       (p.preferred_name.empty() ? p.first_name : p.preferred_name) + " " + p.surname +
                           (p.form.empty() ? "" : " " + p.form),
                       school});
    });
  } else if (o.what == "slots") {
    s.each_slot([&](const core::Slot& slot) {
      if (wanted(o, slot.id))
        out.push_back({scanner::LabelKind::Slot, scanner::encode_tag(prefix, scanner::TagKind::Slot, slot.id),
                       slot.label.empty() ? slot.id.str() : slot.label.str(), school});
    });
  } else {
    out = scanner::command_card_labels(prefix, school);
  }
  return out;
}

}  // namespace

void add_scan_commands(CLI::App& app, Cli& cli) {
  auto* decode = app.add_subcommand("decode", "Print the codes found in image files (PNG, JPEG), one per line");
  auto files = std::make_shared<std::vector<std::string>>();
  decode->add_option("images", *files, "Image files")->required();
  decode->callback([&cli, files] { cli.exit_code = scanner::run_decode_command(*files, cli.out, cli.err); });

  auto* labels = app.add_subcommand("labels", "Print QR labels: asset tags, person cards, pouches and boxes, command cards");
  auto opts = std::make_shared<LabelOptions>();
  labels->add_option("what", opts->what, "assets, people, slots or commands")
      ->required()
      ->check(CLI::IsMember({"assets", "people", "slots", "commands"}));
  labels->add_option("--layout", opts->layout, "L7651 (65 a sheet), L7160 (21 a sheet) or 62x29 (thermal roll)")
      ->check(CLI::IsMember(scanner::layout_names()));
  labels->add_option("--out", opts->out, "FILE.pdf, .png or .svg")->required();
  labels->add_option("--only", opts->only, "Only these ids (repeat or separate with commas)")->delimiter(',');
  labels->add_option("--form", opts->form, "People: only this form, e.g. 7A");
  labels->add_option("--print", opts->print, "Also send the PDF to this CUPS printer");
  labels->callback([&cli, opts] {
    auto store = cli.open_store();
    if (!store) return;
    auto specs = labels_for(store->state(), *opts);
    if (specs.empty()) {
      cli.fail("no " + opts->what + " match; nothing to print");
      return;
    }
    if (auto done = scanner::render_labels(specs, opts->layout, opts->out); !done) {
      cli.fail(done.error());
      return;
    }
    cli.out << "Wrote " << specs.size() << " labels to " << opts->out << " (" << opts->layout << ").\n";
    if (!opts->print.empty()) {
      auto job = paper::print_file(opts->print, opts->out, "tagdesk " + opts->what + " labels");
      if (!job) cli.fail(job.error());
      else cli.out << "Sent to " << opts->print << " as job " << *job << ".\n";
    }
  });
}

}  // namespace kiosk
