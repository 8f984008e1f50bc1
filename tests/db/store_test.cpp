#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

#include "db/store.h"
#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;

core::Time t(const char* iso) { return *core::parse_time(iso); }

core::Event ev(core::Time at, core::EventData data, std::string actor = "system") {
  return core::Event{.at = at, .actor = std::move(actor), .data = std::move(data)};
}

core::Person pupil(std::string id, std::string first, std::string surname, std::string form) {
  core::Person p{.id = std::move(id), .first_name = std::move(first), .surname = std::move(surname)};
  p.roles.add(core::Right::Pupil);
  p.form = std::move(form);
  return p;
}

core::Device laptop(std::string id) {
  return core::Device{.id = id, .asset_tag = "SCH-" + id, .name = "Laptop " + id,
                      .kind = core::DeviceKind::StaffLaptop};
}

// A mixed history touching every projection table.
std::vector<core::Event> mixed_history() {
  using namespace core;
  Person teacher{.id = "S1", .first_name = "Siobhán", .surname = "Ní Bhriain"};
  teacher.roles.add(Right::Staff).add(Right::Confiscate);
  std::vector<Event> h;
  auto d = t("2026-11-23T08:00:00");
  h.push_back(ev(d, SettingChanged{"school.name", "Demo Academy"}));
  h.push_back(ev(d, PersonRecorded{pupil("P1", "Zoë", "Kowalska", "7A")}));
  h.push_back(ev(d, PersonRecorded{pupil("P2", "Łukasz", "Nguyễn", "8B")}));
  h.push_back(ev(d, PersonRecorded{teacher}));
  h.push_back(ev(d, DeviceRecorded{laptop("LT1")}));
  h.push_back(ev(d, DeviceRecorded{laptop("LT2")}));
  h.push_back(ev(d, SlotRecorded{Slot{.id = "PO1", .kind = SlotKind::Pouch, .label = "Pouch 1"}}));
  h.push_back(ev(d + 20min, HandedIn{HeldItem{.id = "H1", .pupil = "P1", .slot = "PO1", .at = d + 20min}}));
  h.push_back(ev(d + 21min, HandedIn{HeldItem{.id = "H2", .pupil = "P2", .slot = "PO1", .at = d + 21min}}));
  h.push_back(ev(d + 7h, Collected{.held = "H1", .pupil = "P1"}));
  h.push_back(ev(d + 8h, SignedOut{Loan{.id = "L1", .device = "LT1", .borrower = "S1", .out_at = d + 8h,
                                        .due_at = d + 9h}}, "S1"));
  h.push_back(ev(d + 8h, SignedOut{Loan{.id = "L2", .device = "LT2", .borrower = "S1", .out_at = d + 8h,
                                        .due_at = d + 9h}}, "S1"));
  h.push_back(ev(d + 9h, Returned{.loan = "L1", .device = "LT1", .borrower = "S1", .condition = Condition::Damaged}));
  h.push_back(ev(d + 9h, PatTested{PatRecord{.device = "LT2", .date = date_of(d), .passed = false}}));
  h.push_back(ev(d + 9h, Confiscated{HeldItem{.id = "C1", .pupil = "P2", .at = d + 9h,
                                              .confiscation = Confiscation{.reason = "used in class"}}}, "S1"));
  h.push_back(ev(d + 9h, ApprovalRecorded{Approval{.person = "S1", .device = "LT2", .until = date_of(d) + std::chrono::days{7}}}));
  h.push_back(ev(d + 9h, AuditStarted{.audit = "A1", .location = "Library"}));
  h.push_back(ev(d + 9h, AuditScanned{.audit = "A1", .device = "LT1"}));
  h.push_back(ev(d + 9h, ExemptionRecorded{Exemption{.pupil = "P1", .category = ExemptionCategory::Medical,
                                                     .start = date_of(d), .end = date_of(d), .review = date_of(d)}}));
  h.push_back(ev(d + 9h, PersonDeactivated{"P2"}));
  return h;
}

TEST(Store, MigratesAnEmptyFileToTheCurrentSchema) {
  TempDir dir;
  auto store = db::Store::open(dir / "new.sqlite");
  ASSERT_TRUE(store) << store.error();
  SQLite::Database raw{(dir / "new.sqlite").string()};
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), db::kSchemaVersion);
  EXPECT_EQ(raw.execAndGet("PRAGMA application_id").getInt(), db::kApplicationId);
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_TRUE(raw.tableExists("events"));
  EXPECT_TRUE(raw.tableExists("devices"));
}

TEST(Store, SetsDurablePragmasOnItsConnection) {
  TempDir dir;
  auto store = db::Store::open(dir / "s.sqlite");
  ASSERT_TRUE(store);
  auto& db = store->database();
  EXPECT_EQ(db.execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
  EXPECT_EQ(db.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(db.execAndGet("PRAGMA busy_timeout").getInt(), 5000);
}

TEST(Store, RefusesAFileFromANewerProgram) {
  TempDir dir;
  { ASSERT_TRUE(db::Store::open(dir / "s.sqlite")); }
  {
    SQLite::Database raw{(dir / "s.sqlite").string(), SQLite::OPEN_READWRITE};
    raw.exec("PRAGMA user_version = 99");
  }
  auto store = db::Store::open(dir / "s.sqlite");
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().find("newer tagdesk"), std::string::npos) << store.error();
}

TEST(Store, RefusesAnotherProgramsSqliteFile) {
  TempDir dir;
  {
    SQLite::Database raw{(dir / "other.sqlite").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
    raw.exec("CREATE TABLE photos (id INTEGER)");
  }
  auto store = db::Store::open(dir / "other.sqlite");
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().find("another program"), std::string::npos) << store.error();
}

TEST(Store, RefusesAFileThatIsNotSqlite) {
  TempDir dir;
  std::ofstream{dir / "notes.txt"} << "Dear parents, the trip is on Friday.\n";
  auto store = db::Store::open(dir / "notes.txt");
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().find("not a SQLite file"), std::string::npos) << store.error();
}

TEST(Store, ExplainsAReadOnlyFolder) {
  TempDir dir;
  std::filesystem::create_directory(dir / "ro");
  std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                                               std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
  std::filesystem::permissions(dir.path, std::filesystem::perms::others_read | std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  // Root ignores folder permissions, so the child drops to nobody first.
  EXPECT_EXIT(
      {
        if (geteuid() == 0 && setuid(65534) != 0) std::_Exit(3);
        auto store = db::Store::open(dir / "ro" / "s.sqlite");
        std::_Exit(!store && store.error().find("writable") != std::string::npos ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

TEST(Store, TheDatabaseRefusesToChangeOrDeleteEvents) {
  TempDir dir;
  auto store = db::Store::open(dir / "s.sqlite");
  ASSERT_TRUE(store);
  store->commit(mixed_history());
  auto& db = store->database();
  EXPECT_THROW(db.exec("UPDATE events SET actor = 'someone else' WHERE seq = 2"), SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM events WHERE seq = 2"), SQLite::Exception);
  EXPECT_EQ(store->event_count(), static_cast<std::int64_t>(mixed_history().size()));
}

TEST(Store, CommitAssignsSequenceIdsAndKiosk) {
  TempDir dir;
  auto store = db::Store::open(dir / "s.sqlite", {.kiosk = "reception-1"});
  ASSERT_TRUE(store);
  auto written = store->commit(mixed_history());
  ASSERT_EQ(written.size(), mixed_history().size());
  EXPECT_EQ(written.front().seq, 1);
  EXPECT_EQ(written.back().seq, static_cast<std::int64_t>(written.size()));
  EXPECT_EQ(written.front().kiosk, "reception-1");
  EXPECT_EQ(written.front().id.size(), 32u);
  EXPECT_NE(written.front().id, written.back().id);
}

TEST(Store, StateSurvivesReopening) {
  TempDir dir;
  core::State live;
  {
    auto store = db::Store::open(dir / "s.sqlite");
    ASSERT_TRUE(store);
    store->commit(mixed_history());
    live = store->state();
  }
  auto again = db::Store::open(dir / "s.sqlite");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->state() == live);
  EXPECT_EQ(again->state().settings.school_name, "Demo Academy");
  EXPECT_EQ(again->state().held.count("H2"), 1u);
  EXPECT_EQ(again->state().held.count("H1"), 0u);
  ASSERT_NE(again->state().loan_of("LT2"), nullptr);
  EXPECT_EQ(again->state().loan_of("LT1"), nullptr);
  EXPECT_EQ(again->state().devices.at("LT1").status, core::DeviceStatus::AwaitingRepair);
  EXPECT_FALSE(again->state().people.at("P2").active);
  EXPECT_EQ(again->state().device_by_code.at("SCH-LT1"), "LT1");
}

TEST(Store, ProjectionsRebuiltFromEventsEqualTheLiveOnes) {
  TempDir dir;
  auto store = db::Store::open(dir / "s.sqlite");
  ASSERT_TRUE(store);
  // Committed in several transactions, as the kiosk would.
  auto history = mixed_history();
  for (std::size_t i = 0; i < history.size(); i += 3)
    store->commit({history.begin() + i, history.begin() + std::min(i + 3, history.size())});
  auto live = store->dump_projections();
  auto live_state = store->state();
  ASSERT_FALSE(live["people"].empty());
  ASSERT_FALSE(live["held"].empty());
  ASSERT_FALSE(live["loans"].empty());
  store->rebuild_projections();
  EXPECT_EQ(store->dump_projections(), live);
  EXPECT_TRUE(store->state() == live_state);
}

// The load reads people and devices on connections of their own, beside the
// rest: all of it must be one snapshot, even while another connection commits.
TEST(Store, LoadsOneSnapshotWhileAnotherConnectionCommits) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  // Version n of a person, a device and a slot, committed together.
  auto version = [](int n) {
    auto v = "v" + std::to_string(n);
    auto d = t("2026-11-23T08:00:00");
    return std::vector<core::Event>{ev(d, core::PersonRecorded{pupil("P1", v, "Kowalska", "7A")}),
                                    ev(d, core::DeviceRecorded{core::Device{.id = "LT1", .name = v}}),
                                    ev(d, core::SlotRecorded{core::Slot{.id = "PO1", .label = v}})};
  };
  auto writer = db::Store::open(path);
  ASSERT_TRUE(writer) << writer.error();
  writer->commit(mixed_history());
  writer->commit(version(0));
  std::atomic<bool> stop = false;
  std::atomic<int> commits = 0;
  std::thread writes{[&] {
    for (int n = 1; !stop; ++n, ++commits) writer->commit(version(n));
  }};
  int opened = 0;
  for (; opened < 200 && (opened < 20 || commits < 20); ++opened) {
    auto reader = db::Store::open(path);
    if (!reader) {
      ADD_FAILURE() << reader.error();
      break;
    }
    const auto& s = reader->state();
    EXPECT_EQ(s.people.at("P1").first_name, s.devices.at("LT1").name);
    EXPECT_EQ(s.slots.at("PO1").label, s.devices.at("LT1").name);
  }
  stop = true;
  writes.join();
  EXPECT_GE(commits, 20) << "the writer hardly ran beside the " << opened << " loads";

  // Loaded equals rebuilt from the log, and the head it keeps is the log's own.
  auto reader = db::Store::open(path);
  ASSERT_TRUE(reader) << reader.error();
  auto loaded = reader->state();
  reader->rebuild_projections();
  EXPECT_TRUE(reader->state() == loaded);
  reader->commit(version(-1));
  auto check = reader->verify_chain();
  EXPECT_TRUE(check.ok) << check.problem;
}

// The kiosk's way: the check goes on after open() returns. A damaged file is
// loaded (the damage is where the load does not read) but never written to:
// not by a commit, not by the checkpoint SQLite does as the connection closes.
TEST(Store, AFailedBackgroundCheckLeavesTheFileUntouched) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  auto wal = dir / "s.sqlite-wal";
  {
    auto store = db::Store::open(path);
    ASSERT_TRUE(store) << store.error();
    store->commit(mixed_history());
  }
  int index_page = 0, page_size = 0;
  {
    SQLite::Database raw{path.string(), SQLite::OPEN_READONLY};
    index_page = raw.execAndGet("SELECT rootpage FROM sqlite_master WHERE name = 'events_type_at'").getInt();
    page_size = raw.execAndGet("PRAGMA page_size").getInt();
  }
  {
    // A failing disk: garbage over an index of the log, which only the check reads.
    std::fstream f{path, std::ios::in | std::ios::out | std::ios::binary};
    f.seekp(static_cast<std::streamoff>(index_page - 1) * page_size);
    std::string garbage(static_cast<std::size_t>(page_size), '\xA5');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  {
    // And a write still in the WAL, as after a power cut: closing must not copy it back.
    SQLite::Database raw{path.string(), SQLite::OPEN_READWRITE};
    raw.exec("PRAGMA wal_autocheckpoint = 0");
    raw.exec("UPDATE settings SET value = 'Demo Academy 2' WHERE key = 'school.name'");
    sqlite3_db_config(raw.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  }
  ASSERT_TRUE(std::filesystem::exists(wal));
  auto bytes = [](const std::filesystem::path& p) {
    std::ifstream in{p, std::ios::binary};
    return std::string{std::istreambuf_iterator<char>{in}, {}};
  };
  auto file_before = bytes(path), wal_before = bytes(wal);
  {
    auto store = db::Store::open(path, {.quick_check = true, .check_in_background = true, .idle_checkpoints = true});
    ASSERT_TRUE(store) << store.error();
    EXPECT_EQ(store->state().settings.school_name, "Demo Academy 2");  // loaded, WAL and all
    auto check = store->integrity_check();
    ASSERT_TRUE(check.valid());
    EXPECT_NE(check.get().find("is damaged"), std::string::npos) << check.get();
    EXPECT_THROW(store->commit({ev(t("2026-11-24T08:00:00"), core::SettingChanged{"school.name", "X"})}), db::Error);
    EXPECT_THROW(store->rebuild_projections(), db::Error);
  }
  EXPECT_TRUE(bytes(path) == file_before) << "the damaged file was written to";
  EXPECT_TRUE(bytes(wal) == wal_before) << "its WAL was changed";
}

TEST(Store, ABackgroundCheckThatPassesLetsCommitsThrough) {
  TempDir dir;
  auto path = dir / "s.sqlite";
  {
    auto first = db::Store::open(path);
    ASSERT_TRUE(first) << first.error();
    first->commit(mixed_history());
  }
  auto store = db::Store::open(path, {.quick_check = true, .check_in_background = true});
  ASSERT_TRUE(store) << store.error();
  store->commit({ev(t("2026-11-24T08:00:00"), core::SettingChanged{"school.name", "Later Academy"})});
  EXPECT_EQ(store->integrity_check().get(), "");
  EXPECT_EQ(store->state().settings.school_name, "Later Academy");
}

TEST(Store, HistoryFindsEveryEventAboutASubject) {
  TempDir dir;
  auto store = db::Store::open(dir / "s.sqlite");
  ASSERT_TRUE(store);
  store->commit(mixed_history());
  auto about = store->events({.device = "LT1"});
  std::vector<std::string> types;
  for (const auto& e : about) types.emplace_back(core::event_type(e.data));
  EXPECT_EQ(types, (std::vector<std::string>{"device.recorded", "loan.signed-out", "loan.returned", "audit.scanned"}));
  EXPECT_TRUE(store->events({.person = "nobody"}).empty());
}

TEST(Store, HeadsAreTheEventsWithoutTheirDataForEveryFilter) {
  TempDir dir;
  auto store = db::Store::open(dir / "s.sqlite");
  ASSERT_TRUE(store);
  store->commit(mixed_history());
  auto same = [](const std::vector<core::EventHead>& heads, const std::vector<core::Event>& events) {
    if (heads.size() != events.size()) return false;
    for (std::size_t i = 0; i < heads.size(); ++i) {
      auto h = core::head_of(events[i]);
      if (heads[i].type != h.type || heads[i].at != h.at || heads[i].subjects.person != h.subjects.person ||
          heads[i].subjects.device != h.subjects.device || heads[i].subjects.slot != h.subjects.slot)
        return false;
    }
    return true;
  };
  std::vector<db::EventFilter> filters{{},
                                       {.device = "LT1"},
                                       {.types = {"handin.recorded", "loan.signed-out"}},
                                       {.types = {"handin.recorded"}, .from = t("2026-11-23T08:00:00")}};
  for (const auto& f : filters) {
    auto events = store->events(f);
    EXPECT_FALSE(events.empty());
    EXPECT_TRUE(same(store->heads(f), events));
  }
  // Several types: any of them, in the log's order.
  auto two = store->heads({.types = {"handin.recorded", "loan.signed-out"}});
  EXPECT_TRUE(std::ranges::any_of(two, [](const auto& h) { return h.type == "loan.signed-out"; }));
  EXPECT_TRUE(std::ranges::any_of(two, [](const auto& h) { return h.type == "handin.recorded"; }));
  EXPECT_FALSE(std::ranges::any_of(two, [](const auto& h) { return h.type == "device.recorded"; }));
}

TEST(Store, VerifiesAnIntactChain) {
  TempDir dir;
  auto store = db::Store::open(dir / "s.sqlite");
  ASSERT_TRUE(store);
  store->commit(mixed_history());
  auto check = store->verify_chain();
  EXPECT_TRUE(check.ok) << check.problem;
  EXPECT_EQ(check.events, static_cast<std::int64_t>(mixed_history().size()));
}

TEST(Store, ChainNamesTheFirstEditedEvent) {
  TempDir dir;
  {
    auto store = db::Store::open(dir / "s.sqlite");
    ASSERT_TRUE(store);
    store->commit(mixed_history());
  }
  {
    // Someone with the file and a SQLite shell drops the trigger and edits an event.
    SQLite::Database raw{(dir / "s.sqlite").string(), SQLite::OPEN_READWRITE};
    raw.exec("DROP TRIGGER events_no_update");
    raw.exec("UPDATE events SET actor = 'S9' WHERE seq = 5");
  }
  auto store = db::Store::open(dir / "s.sqlite");
  ASSERT_TRUE(store);
  auto check = store->verify_chain();
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_seq, 5);
}

}  // namespace
