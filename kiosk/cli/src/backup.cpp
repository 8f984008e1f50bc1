// tagdesk verify [--backups DIR], backup DIR [--keep N], restore FILE, purge --preview|--apply.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>

#include "core/request.h"
#include "db/backup.h"
#include "db/keys.h"
#include "db/purge.h"
#include "cli/cli.h"

namespace kiosk {
namespace {

// Who ran the command: the machine's user name, else the uid.
std::string machine_user() {
  if (const auto* pw = ::getpwuid(::getuid()); pw && pw->pw_name) return pw->pw_name;
  return "uid " + std::to_string(::getuid());
}

// Whether the log's key is this machine's (when this machine has a key file):
// a log rewritten whole elsewhere is signed with another key. Empty when it
// is, or cannot be told; `note` says which.
std::string key_problem(const std::string& public_key, std::string& note) {
  auto file = db::default_key_path();
  std::error_code ec;
  if (public_key.empty()) return {};
  if (!std::filesystem::exists(file, ec)) {
    note = "(no key file here: compare it with the key noted down when the database was made)";
    return {};
  }
  auto keys = db::load_or_create_keys(file);
  if (!keys) return keys.error();
  auto mine = db::hex(keys->public_key());
  if (mine != public_key)
    return "the log is signed with the key " + public_key + ", not this machine's key " + mine + " (" + file.string() +
           "): it was written, or rewritten whole, with another key";
  note = "(this machine's key, " + file.string() + ")";
  return {};
}

void add_verify(CLI::App& app, Cli& cli) {
  auto* verify = app.add_subcommand(
      "verify", "Check the database file, the event log's hash chain and signature, and that every table the kiosk "
                "reads is what the log says (SE1); writes nothing, so a backup on a write-protected stick can be checked");
  struct VerifyOptions { bool json = false; std::string backups; };
  auto opts = std::make_shared<VerifyOptions>();
  verify->add_flag("--json", opts->json, "Machine-readable output");
  verify->add_option("--backups", opts->backups,
                     "Also check that the log still contains the head of every backup in this folder "
                     "(catches a log rewritten with its chain recomputed)");
  verify->callback([&cli, opts] {
    auto store = cli.open_store(/*create=*/false, "cli", Cli::Use::ReadOnly);
    if (!store) return;
    auto damage = store->integrity_problem(/*full=*/true);
    auto check = damage.empty() ? store->verify_chain()
                                : db::ChainCheck{.ok = false, .problem = db::damaged_message(store->path(), damage)};
    auto tables = damage.empty() ? store->projection_problems() : std::vector<std::string>{};
    std::string key_note;
    if (check.ok)
      if (auto problem = key_problem(check.public_key, key_note); !problem.empty())
        check = db::ChainCheck{.ok = false, .first_bad_seq = check.head_seq, .problem = problem};
    if (check.ok && !opts->backups.empty()) {
      auto backups = db::list_backups(opts->backups);
      for (const auto& b : backups)
        if (auto problem = db::compare_with_backup(*store, b); !problem.empty()) {
          check = db::ChainCheck{.ok = false, .first_bad_seq = 0, .problem = "the log does not match a backup: " + problem};
          break;
        }
      if (check.ok && !opts->json) cli.out << "Checked against " << backups.size() << " backup(s) in " << opts->backups << ".\n";
    }
    if (opts->json) {
      cli.out << nlohmann::json{{"ok", check.ok && tables.empty()},
                                {"events", check.events},
                                {"first_bad_seq", check.first_bad_seq},
                                {"problem", check.problem},
                                {"tables", tables},
                                {"head_seq", check.head_seq},
                                {"head_hash", check.head_hash},
                                {"public_key", check.public_key},
                                {"purged", check.purged}}
                     .dump()
              << "\n";
      if (!check.ok || !tables.empty()) cli.exit_code = kExitRefused;
      return;
    }
    if (!check.ok && check.first_bad_seq == 0) {  // the file itself is damaged
      cli.fail(check.problem);
      return;
    }
    if (!check.ok) {
      cli.fail("the event log has been tampered with or damaged: " + check.problem + " (first broken link: event " +
               std::to_string(check.first_bad_seq) + ")");
      return;
    }
    if (!tables.empty()) {
      std::string list;
      for (const auto& t : tables) list += "\n  " + t;
      cli.fail("the tables the kiosk reads do not match the event log (changed outside tagdesk):" + list +
               "\nThe log itself is intact: rebuild the tables from it with `tagdesk rebuild --db " + cli.db_path +
               "` (recorded in the log), or restore a backup with `tagdesk restore BACKUP.sqlite --db " + cli.db_path +
               "`.");
      return;
    }
    cli.out << "OK: " << check.events << " events, hash chain intact";
    if (check.purged > 0) cli.out << " (" << check.purged << " removed by retention purges, as recorded)";
    cli.out << "; every table the kiosk reads matches the log.\n";
    if (check.head_seq > 0)
      cli.out << "Head: event " << check.head_seq << ", hash " << check.head_hash
              << "\n(Note this down, or keep backups elsewhere: a later verify against it proves nothing was "
                 "rewritten.)\n";
    if (!check.public_key.empty()) cli.out << "Signed with key " << check.public_key << " " << key_note << "\n";
  });
}

// rebuild and purge --apply write in one transaction that may hold the
// write lock longer than a desk waits for it (5 s), which would fail a
// pupil's hand-in: they take the desk's lock for their run, as restore does,
// and are refused while a desk runs (docs/RELIABILITY.md).
std::optional<db::DeskLock> hold_file_alone(Cli& cli, const char* what) {
  auto lock = db::DeskLock::take(cli.db_path, std::string{"tagdesk "} + what);
  if (lock) return std::move(*lock);
  cli.fail(std::string{what} + " refused: " + lock.error());
  return std::nullopt;
}

void add_rebuild(CLI::App& app, Cli& cli) {
  auto* rebuild = app.add_subcommand(
      "rebuild", "Replace every table the kiosk reads with a replay of the event log, once the log verifies; "
                 "recorded in the log with what differed (SE1)");
  rebuild->callback([&cli] {
    auto store = cli.open_store();
    if (!store) return;
    auto lock = hold_file_alone(cli, "rebuild");
    if (!lock) return;
    auto check = store->verify_chain();
    if (!check.ok)
      return cli.fail("the event log itself does not verify (" + check.problem +
                      "), so a rebuild from it would not be the truth: restore a backup with `tagdesk restore "
                      "BACKUP.sqlite --db " + cli.db_path + "`");
    auto differences = store->projection_problems();
    store->rebuild_projections();
    core::Event e{.at = Cli::now(), .actor = std::string{core::kSystemActor},
                  .data = core::ProjectionsRebuilt{.user = machine_user(), .differences = differences}};
    auto written = store->commit({std::move(e)});
    cli.out << "Rebuilt every table the kiosk reads from " << check.events << " events; " << differences.size()
            << " row(s) differed";
    for (const auto& d : differences) cli.out << "\n  " << d;
    cli.out << "\nRecorded as event " << written.front().seq << " (records.rebuilt).\n";
  });
}

void add_backup(CLI::App& app, Cli& cli) {
  auto* backup = app.add_subcommand("backup", "Copy the database into a folder, verify the copy, keep the newest N");
  struct BackupOptions { std::string dir; int keep = db::kDefaultBackupsKept; };
  auto opts = std::make_shared<BackupOptions>();
  backup->add_option("dir", opts->dir, "The folder for backups (best on another disk)")->required();
  backup->add_option("--keep", opts->keep, "How many backups to keep")->check(CLI::Range(1, 100000));
  backup->callback([&cli, opts] {
    auto store = cli.open_store();
    if (!store) return;
    auto result = db::backup_now(*store, opts->dir, opts->keep);
    if (!result.ok) return cli.fail(result.message);
    cli.out << "Backed up " << result.events << " events to " << result.file.string() << " (verified).\n"
            << "Head: event " << result.head_seq << ", hash " << result.head_hash << "\n";
    for (const auto& old : result.removed) cli.out << "Removed old backup " << old.string() << "\n";
  });
}

void add_restore(CLI::App& app, Cli& cli) {
  auto* restore = app.add_subcommand(
      "restore", "Replace the database with a backup, after verifying it; the current file is kept as .before-restore");
  auto file = std::make_shared<std::string>();
  restore->add_option("file", *file, "The backup file (tagdesk-YYYYMMDD-HHMMSS.sqlite)")->required();
  restore->callback([&cli, file] {
    auto result = db::restore_backup(*file, cli.db_path);
    if (!result.ok) return cli.fail(result.message);
    cli.out << "Restored " << result.events << " events from " << *file << " (verified) into " << cli.db_path << ".\n";
    if (!result.kept_aside.empty())
      cli.out << "The database it replaced is kept as " << result.kept_aside.string() << ".\n";
  });
}

void add_purge(CLI::App& app, Cli& cli) {
  auto* purge = app.add_subcommand(
      "purge", "DP3: delete routine hand-in records past retention (and old confiscation records); preview first");
  struct PurgeOptions { bool preview = false; bool apply = false; };
  auto opts = std::make_shared<PurgeOptions>();
  auto* preview = purge->add_flag("--preview", opts->preview, "Show what would be deleted, change nothing");
  purge->add_flag("--apply", opts->apply, "Delete them (the command line acts as the administrator, \"system\")")
      ->excludes(preview);
  purge->callback([&cli, opts] {
    if (!opts->preview && !opts->apply) return cli.fail("say --preview or --apply", kExitUsage);
    auto store = cli.open_store();
    if (!store) return;
    auto now = Cli::now();
    auto plan = db::plan_purge(*store, core::date_of(now));
    const auto& settings = store->state().settings;
    cli.out << "Retention (DP3): hand-in records dated before " << core::format_date(plan.handin_before)
            << " (kept to the end of the academic year " << settings.handin_retention_academic_years
            << " after their own); confiscation and evidence records dated before "
            << core::format_date(plan.records_before) << " (" << settings.record_retention_years << " years).\n";
    if (plan.seqs.empty()) {
      cli.out << "Nothing is old enough to delete.\n";
      return;
    }
    cli.out << (opts->apply ? "Deleting:\n" : "Would delete:\n");
    for (const auto& [type, n] : plan.by_type) cli.out << fmt::format("  {:<30} {:>8}\n", type, n);
    cli.out << fmt::format("  {:<30} {:>8}\n", "total", plan.seqs.size());
    if (plan.kept_still_held > 0)
      cli.out << "Kept: " << plan.kept_still_held << " old item(s) still in the school's keeping.\n";
    cli.out << "Loss and theft reports, loans and the register are kept.\n";
    if (opts->preview) {
      cli.out << "Run `tagdesk purge --apply` to delete them.\n";
      return;
    }
    auto lock = hold_file_alone(cli, "purge");
    if (!lock) return;
    auto done = db::apply_purge(*store, plan, now, "system");
    if (!done) return cli.fail(done.error());
    cli.out << "Deleted " << plan.seqs.size() << " events; recorded as event " << done->seq
            << " (records.purged), so the hash chain still verifies.\n";
  });
}

}  // namespace

void add_backup_commands(CLI::App& app, Cli& cli) {
  add_purge(app, cli);
  add_verify(app, cli);
  add_rebuild(app, cli);
  add_backup(app, cli);
  add_restore(app, cli);
}

}  // namespace kiosk
