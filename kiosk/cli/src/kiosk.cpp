// tagdesk [kiosk] [--fullscreen] [--windowed WxH] [--camera /dev/videoN]
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <future>
#include <memory>
#include <ostream>

#include "window/app.h"
#include "cli/cli.h"
#include "desk/controller.h"
#include "db/backup.h"
#include "cli/backup_schedule.h"
#include "cli/machine_config.h"
#include "desk_sync.h"
#include "report_printer.h"

namespace kiosk {
namespace {

struct KioskOptions {
  bool fullscreen = false;
  std::string windowed = "1280x800";
  std::string camera;
  std::string config;
};

void run_kiosk(Cli& cli, const KioskOptions& opts) {
  // The machine's settings file, if named; the command line wins over it.
  auto loaded = cli.machine_config(opts.config);
  if (!loaded) return;
  const MachineConfig& machine = *loaded;
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
  if (const char* frames = std::getenv("TAGDESK_FRAME_LOG")) window.frame_log = frames;
  // The kiosk checks the file once at start (a quick_check); on a damaged
  // file it names the newest backup that still verifies. The window opens
  // meanwhile (GLFW wants the main thread): a large school loads in the time
  // the GL driver and fonts take, not after it. The check goes on after the
  // load, with the first screen up; inputs wait for it (App's gate).
  auto loading = std::async(std::launch::async,
                            [&] { return cli.open_store(false, machine.kiosk_name, Cli::Use::Kiosk); });
  auto app = App::open(window);
  auto store = loading.get();
  auto name_good_backup = [&] {
    if (!machine.backup_folder.empty())
      for (const auto& backup : db::list_backups(machine.backup_folder))
        if (db::verify_backup(backup).ok) {
          cli.err << "tagdesk: the latest good backup is " << backup.string() << "; to put it back: tagdesk restore "
                  << backup.string() << " --db " << cli.db_path << "\n";
          break;
        }
  };
  auto refuse_damaged = [&](const std::string& problem) {
    cli.fail(problem);
    name_good_backup();
  };
  if (!store) {
    name_good_backup();  // open_store has said why
    return;
  }
  // Not valid() when open() checked the file itself, before a migration.
  auto check = store->integrity_check();
  if (!app) {
    if (check.valid() && !check.get().empty()) return refuse_damaged(check.get());
    cli.fail(app.error());
    return;
  }
  // [sync]: a thread of its own pushes and pulls; the controller takes in
  // what it pulled on ticks (one a second, and at once while events wait).
  auto clock = Cli::desk_clock();
  auto sync = start_desk_sync(opts.config, machine, cli.db_path, clock);
  if (!sync) return cli.fail(sync.error());
  Controller desk{*store,
                  {.kiosk = machine.kiosk_name,
                   .print_report = machine.printer.empty() ? PrintReport{} : report_printer(machine.printer, *store),
                   .sync = *sync ? sync_hooks(**sync) : SyncHooks{}}};
  BackupSchedule backups{machine.backup_folder, machine.backup_keep, std::chrono::hours{machine.backup_interval_hours}};
  auto gate = [&check] {
    if (!check.valid()) return Gate::Open;
    if (check.wait_for(std::chrono::seconds{0}) != std::future_status::ready) return Gate::Hold;
    return check.get().empty() ? Gate::Open : Gate::Close;
  };
  if (*sync) (*app)->tick_while([worker = sync->get()] { return worker->holding(); });
  cli.exit_code = (*app)->run(
      [&](const Input& in, core::Time now) {
        if (std::holds_alternative<Tick>(in)) {
          if (auto line = backups.tick(*store, now)) cli.err << "tagdesk: " << *line << std::endl;
          if (auto problem = store->checkpoint_if_due(); !problem.empty()) cli.err << "tagdesk: " << problem << std::endl;
        }
        return desk.handle(in, now);
      },
      clock, desk.screen(clock()), gate);
  if (check.valid())
    if (auto problem = check.get(); !problem.empty()) refuse_damaged(problem);
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
