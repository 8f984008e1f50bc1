// tagdesk [kiosk] [--fullscreen] [--windowed WxH] [--camera /dev/videoN]
#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <ostream>

#include "kiosk/app.h"
#include "kiosk/cli.h"
#include "kiosk/lookup.h"
#include "kiosk/machine_config.h"

namespace kiosk {
namespace {

// STAND-IN until the controller (branch `controller`) is on main: enough
// screens to see every view, and it records nothing. Delete it then.
class StandIn {
 public:
  explicit StandIn(const db::Store& store) : store_(store) {}

  ScreenModel handle(const Input& input, core::Time now) {
    const auto& s = store_.state();
    if (auto* choose = std::get_if<Choose>(&input)) {
      if (choose->id == "staff") screen_ = pin();
      else if (choose->id == "search") screen_ = search();
      else if (choose->id == "people") screen_ = people(s);
      else if (choose->id != "signout" && choose->id != "reports") screen_ = home(s);
    } else if (std::holds_alternative<Pin>(input)) {
      screen_ = menu();
    } else if (auto* scan = std::get_if<Scan>(&input)) {
      auto found = resolve_code(s, scan->code);
      screen_ = home(s);
      screen_.screen = "result";
      screen_.feedback = found.kind == CodeKind::Unknown ? Feedback::Refused : Feedback::Notice;
      screen_.message = found.kind == CodeKind::Unknown ? found.problem : "Scanned " + found.id;
      screen_.choices = {{"cancel", "OK", true}};
    } else if (std::holds_alternative<Text>(input)) {
      screen_ = people(s);
    }
    if (std::holds_alternative<Tick>(input)) screen_.feedback = Feedback::None;
    if (screen_.screen.empty()) screen_ = home(s);
    screen_.clock = fmt::format("{:%a %d %b %H:%M}", std::chrono::sys_seconds{now.time_since_epoch()});
    return screen_;
  }

 private:
  static ScreenModel home(const core::State& s) {
    return {.screen = "home", .title = s.settings.school_name, .prompt = "Scan your card",
            .lines = {"(stand-in screens: the controller is not on main yet)"}, .choices = {{"staff", "Staff"}}};
  }
  static ScreenModel pin() {
    return {.screen = "pin", .title = "Staff sign-in", .prompt = "Enter your PIN", .choices = {{"cancel", "Cancel"}},
            .wants_pin = true};
  }
  static ScreenModel menu() {
    return {.screen = "staff.menu", .title = "Staff", .prompt = "What would you like to do?",
            .choices = {{"signout", "Sign out a device"}, {"people", "People"}, {"search", "Find a pupil"},
                        {"reports", "Reports"}, {"back", "Sign out of the kiosk"}},
            .signed_in = "Stand-in"};
  }
  static ScreenModel search() {
    return {.screen = "search", .title = "Find a pupil", .prompt = "Type part of a name",
            .choices = {{"back", "Back"}}, .wants_text = true, .text_label = "Name"};
  }
  static ScreenModel people(const core::State& s) {
    ScreenModel m{.screen = "people", .title = "People", .choices = {{"back", "Back"}}, .columns = {"Name", "Form"}};
    for (const auto& [id, p] : s.people) {
      if (m.rows.size() == 40) break;
      m.rows.push_back({{p.public_name(), p.form}, "person:" + id, m.rows.size() % 3 == 0 ? "handed-in" : ""});
    }
    return m;
  }

  const db::Store& store_;
  ScreenModel screen_;
};

struct KioskOptions {
  bool fullscreen = false;
  std::string windowed = "1280x800";
  std::string camera;
  std::string config;
};

void run_kiosk(Cli& cli, const KioskOptions& opts) {
  // The machine's settings file, if named; the command line wins over it.
  MachineConfig machine;
  if (!opts.config.empty()) {
    auto loaded = load_machine_config(opts.config);
    if (!loaded) {
      for (const auto& problem : loaded.error()) cli.err << "tagdesk: " << problem.text() << "\n";
      cli.exit_code = kExitRefused;
      return;
    }
    machine = *loaded;
    if (!machine.database.empty() && cli.db_path == default_db_path()) cli.db_path = machine.database;
  }
  WindowOptions window{.fullscreen = opts.fullscreen || machine.fullscreen,
                       .scale = static_cast<float>(machine.screen_scale),
                       .camera = opts.camera.empty() ? machine.camera : opts.camera,
                       .wedge = {.prefix = machine.scanner_prefix, .suffix = machine.scanner_suffix}};
  if (std::sscanf(opts.windowed.c_str(), "%dx%d", &window.width, &window.height) != 2 || window.width < 320 ||
      window.height < 240) {
    cli.fail("--windowed wants a size like 1280x800, not '" + opts.windowed + "'", kExitUsage);
    return;
  }
  if (const char* layout = std::getenv("TAGDESK_LAYOUT_FILE")) window.layout_file = layout;
  auto store = cli.open_store(false, machine.kiosk_name);
  if (!store) return;
  auto app = App::open(window);
  if (!app) {
    cli.fail(app.error());
    return;
  }
  StandIn controller(*store);
  cli.exit_code = (*app)->run([&](const Input& in, core::Time now) { return controller.handle(in, now); }, &Cli::now);
}

}  // namespace

void add_kiosk_commands(CLI::App& app, Cli& cli) {
  auto* kiosk = app.add_subcommand("kiosk", "The touchscreen kiosk (the default)");
  auto opts = std::make_shared<KioskOptions>();
  kiosk->add_flag("--fullscreen", opts->fullscreen, "Fill the screen (a kiosk); otherwise a window");
  kiosk->add_option("--windowed", opts->windowed, "The window's size, WxH");
  kiosk->add_option("--camera", opts->camera, "Read codes from this camera too, e.g. /dev/video0");
  kiosk->add_option("--config", opts->config, "The machine's settings file, e.g. /etc/tagdesk/tagdesk.toml");
  kiosk->callback([&cli, opts] { run_kiosk(cli, *opts); });
}

}  // namespace kiosk
