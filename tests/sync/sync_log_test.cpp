// The desk's sync bookkeeping in its SQLite file (db/sync_log.h): which
// events are its own and wait to be sent, and other desks' events applied
// through core::apply with the cursor moved in the same transaction.
#include <gtest/gtest.h>

#include "../db/temp_dir.h"
#include "db/sync_log.h"

namespace {

core::Event setting(const std::string& key, const std::string& value, std::string id = "",
                    const char* at = "2026-11-24T08:00:00") {
  return core::Event{.id = std::move(id), .at = *core::parse_time(at), .actor = "system",
                     .data = core::SettingChanged{key, value}};
}

std::vector<std::string> ids(const std::vector<db::OwnEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.id);
  return out;
}

TEST(SyncLog, OwnEventsWaitUntilAcknowledgedAndOthersNeverDo) {
  TempDir dir;
  auto store = db::Store::open(dir / "desk.sqlite", {.kiosk = "reception"});
  ASSERT_TRUE(store) << store.error();
  store->commit({setting("school.name", "Ash", "a1"), setting("school.prefix", "ASH", "a2")});
  EXPECT_TRUE(db::sync_state(*store).school.empty());
  db::sync_join(*store, "S1", "reception", 0, std::string(64, '0'));
  EXPECT_EQ(db::sync_state(*store).school, "S1");
  EXPECT_EQ(ids(db::sync_unsent(*store, 1)), std::vector<std::string>{"a1"});
  ASSERT_EQ(db::sync_unsent_count(*store), 2);

  db::sync_sent(*store, {{.seq = 1, .desk_seq = 1, .pos = 1, .link = "l1"}}, "h1");
  EXPECT_EQ(ids(db::sync_unsent(*store, 10)), std::vector<std::string>{"a2"});
  EXPECT_EQ(db::sync_state(*store).desk_seq, 1);
  EXPECT_EQ(db::sync_state(*store).desk_head, "h1");

  // The library's event, and reception's own a1 coming back in the school's order.
  auto pulled = db::sync_pulled(*store,
                                {{setting("school.name", "Ash Academy", "b1"), 2},
                                 {setting("school.name", "Ash", "a1"), 1}},
                                3);
  EXPECT_EQ(pulled, 1);
  EXPECT_EQ(store->state().settings.school_name, "Ash Academy");  // applied, through core::apply
  EXPECT_EQ(db::sync_state(*store).cursor, 3);
  EXPECT_EQ(store->event_count(), 3);
  EXPECT_EQ(ids(db::sync_unsent(*store, 10)), std::vector<std::string>{"a2"});

  store->commit({setting("school.prefix", "ASA", "a3")});
  EXPECT_EQ(ids(db::sync_unsent(*store, 10)), (std::vector<std::string>{"a2", "a3"}));
  EXPECT_EQ(db::sync_pulled(*store, {}, 4), 0);
  EXPECT_EQ(db::sync_state(*store).cursor, 4);
}

TEST(SyncLog, APulledEventKeepsItsDesksIdAndLabel) {
  TempDir dir;
  auto store = db::Store::open(dir / "desk.sqlite", {.kiosk = "reception"});
  ASSERT_TRUE(store) << store.error();
  db::sync_join(*store, "S1", "reception", 0, std::string(64, '0'));
  auto e = setting("school.name", "Ash", "b1");
  e.kiosk = "library";
  ASSERT_EQ(db::sync_pulled(*store, {{e, 1}}, 1), 1);
  auto got = store->events();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "b1");
  EXPECT_EQ(got[0].kiosk, "library");
  EXPECT_EQ(db::sync_unsent_count(*store), 0);
  EXPECT_TRUE(store->verify_chain().ok);
}

// Item 5 of docs/SECURITY.md is about this machine's clock: another desk's
// events carry that desk's times, earlier or later than this one's, and are
// neither flagged nor the time this desk's own are compared with.
TEST(SyncLog, OnlyThisDesksOwnClockGoingBackIsFlagged) {
  TempDir dir;
  auto store = db::Store::open(dir / "desk.sqlite", {.kiosk = "reception"});
  ASSERT_TRUE(store) << store.error();
  db::sync_join(*store, "S1", "reception", 0, std::string(64, '0'));
  auto flags = [&] { return store->events({.types = {"clock.went-back"}}).size(); };
  store->commit({setting("school.name", "Ash", "a1", "2026-11-24T09:00:00")});
  // The library's event of an hour before, pulled after.
  ASSERT_EQ(db::sync_pulled(*store, {{setting("school.name", "Ash Academy", "b1", "2026-11-24T08:00:00"), 1}}, 1), 1);
  EXPECT_EQ(flags(), 0u);
  // A desk whose clock runs an hour ahead: this desk's next event is not flagged for it.
  ASSERT_EQ(db::sync_pulled(*store, {{setting("school.prefix", "ASA", "c1", "2026-11-24T10:00:00"), 2}}, 2), 1);
  store->commit({setting("school.prefix", "ASH", "a2", "2026-11-24T09:05:00")});
  EXPECT_EQ(flags(), 0u);
  // This desk's own clock going back still is.
  store->commit({setting("school.prefix", "ASB", "a3", "2026-11-24T08:30:00")});
  auto flagged = store->events({.types = {"clock.went-back"}});
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(std::get<core::ClockWentBack>(flagged[0].data).last, *core::parse_time("2026-11-24T09:05:00"));
}

core::Event sign_out(std::string id, std::string kiosk, std::string borrower) {
  return core::Event{.id = id, .kiosk = std::move(kiosk), .at = *core::parse_time("2026-11-24T08:30:00"),
                     .actor = "S1",
                     .data = core::SignedOut{.loan = {.id = "L-" + id, .device = "LT1", .borrower = std::move(borrower)}}};
}

// LN1: the library signed LT1 out before it heard of reception's sign-out.
// Both stand; the library (whose own came later in the server's order)
// records one conflict, in the transaction that takes reception's in, and a
// retry of the same pull records no second.
TEST(SyncLog, LN1_APulledSignOutOfADeviceThisDeskSignedOutLaterIsOneConflict) {
  TempDir dir;
  auto store = db::Store::open(dir / "desk.sqlite", {.kiosk = "library"});
  ASSERT_TRUE(store) << store.error();
  db::sync_join(*store, "S1", "library", 0, std::string(64, '0'));
  store->commit({sign_out("b1", "", "P2")});
  db::sync_sent(*store, {{.seq = 1, .desk_seq = 1, .pos = 11, .link = "l11"}}, "h1");
  auto conflicts = [&] { return store->events({.types = {"conflict.recorded"}}); };

  ASSERT_EQ(db::sync_pulled(*store, {{sign_out("r1", "reception", "P1"), 10}, {sign_out("b1", "library", "P2"), 11}}, 11), 1);
  auto found = conflicts();
  ASSERT_EQ(found.size(), 1u);
  const auto& c = std::get<core::ConflictRecorded>(found[0].data);
  EXPECT_EQ(c.first.event, "r1");
  EXPECT_EQ(c.second.event, "b1");
  EXPECT_EQ(found[0].kiosk, "library");
  EXPECT_EQ(store->state().loans.size(), 2u);  // neither sign-out refused
  EXPECT_EQ(ids(db::sync_unsent(*store, 10)), std::vector<std::string>{found[0].id});  // sent like its own

  // The same batch again (the cursor lost in a crash): nothing more.
  EXPECT_EQ(db::sync_pulled(*store, {{sign_out("r1", "reception", "P1"), 10}}, 11), 0);
  EXPECT_EQ(conflicts().size(), 1u);
  // A sign-out the server placed after this desk's: that desk records it, not this one.
  EXPECT_EQ(db::sync_pulled(*store, {{sign_out("c1", "office", "P3"), 12}}, 12), 1);
  EXPECT_EQ(conflicts().size(), 1u);
  EXPECT_TRUE(store->verify_chain().ok);
}

core::Event held(std::string id, std::string kiosk, core::EventData data) {
  return core::Event{.id = std::move(id), .kiosk = std::move(kiosk), .at = *core::parse_time("2026-11-24T15:10:00"),
                     .actor = "P1", .data = std::move(data)};
}

// PH3: Zoë's phone, handed in at reception, was collected at reception and
// at the library while they were apart. The library finds its own collection
// among her events (not the device's: a pupil's phone is no register device).
TEST(SyncLog, PH3_APhoneCollectedAtTwoDesksIsOneConflict) {
  TempDir dir;
  auto store = db::Store::open(dir / "desk.sqlite", {.kiosk = "library"});
  ASSERT_TRUE(store) << store.error();
  db::sync_join(*store, "S1", "library", 0, std::string(64, '0'));
  auto in = held("r1", "reception", core::HandedIn{{.id = "H1", .pupil = "P1", .slot = "PO1"}});
  ASSERT_EQ(db::sync_pulled(*store, {{in, 1}}, 1), 1);
  store->commit({held("", "", core::Collected{.held = "H1", .pupil = "P1"})});
  ASSERT_EQ(db::sync_pulled(*store, {{held("r2", "reception", core::Collected{.held = "H1", .pupil = "P1"}), 2}}, 2), 1);
  auto found = store->events({.types = {"conflict.recorded"}});
  ASSERT_EQ(found.size(), 1u);
  const auto& c = std::get<core::ConflictRecorded>(found[0].data);
  EXPECT_EQ(c.held, "H1");
  EXPECT_EQ(c.first.event, "r2");
}

// LN12: IT recalled LT1 at reception (the server's fourth event) while the
// library, not yet knowing, took it back (its own, placed fifth). The
// library's tables end as a rebuild in the server's order leaves them: the
// recalled laptop stays with IT (awaiting repair), not available with a
// recall pending. Its log keeps the order it wrote in.
TEST(SyncLog, LN12_AnEarlierPulledRecallIsReplayedBeneathThisDesksReturn) {
  TempDir dir;
  auto at = *core::parse_time("2026-11-24T09:00:00");
  core::Event recorded{.id = "r1", .kiosk = "reception", .at = at, .actor = "S1",
                       .data = core::DeviceRecorded{.device = {.id = "LT1", .kind = core::DeviceKind::PupilLaptop}}};
  auto out = sign_out("r2", "reception", "P1");
  core::Event recall{.id = "r3", .kiosk = "reception", .at = at, .actor = "S1",
                     .data = core::Recalled{.device = "LT1", .reason = "battery"}};
  core::Event back{.id = "b1", .kiosk = "library", .at = at, .actor = "S2",
                   .data = core::Returned{.loan = "L-r2", .device = "LT1", .borrower = "P1"}};

  auto store = db::Store::open(dir / "library.sqlite", {.kiosk = "library"});
  ASSERT_TRUE(store) << store.error();
  db::sync_join(*store, "S1", "library", 0, std::string(64, '0'));
  auto named = setting("school.name", "Ash", "r0", "2026-11-24T08:00:00");  // a school has settings
  ASSERT_EQ(db::sync_pulled(*store, {{named, 1}, {recorded, 2}, {out, 3}}, 3), 3);
  store->commit({back});
  ASSERT_EQ(db::sync_pulled(*store, {{recall, 4}}, 4), 1);

  auto rebuilt = db::Store::open(dir / "rebuilt.sqlite", {.kiosk = "fresh"});
  ASSERT_TRUE(rebuilt) << rebuilt.error();
  rebuilt->commit({named, recorded, out, recall, back}, db::Store::Origin::OtherDesks);
  EXPECT_EQ(store->state().device("LT1")->status, core::DeviceStatus::AwaitingRepair);
  EXPECT_EQ(store->dump_projections(), rebuilt->dump_projections());
  EXPECT_EQ(store->state(), rebuilt->state());
  std::vector<std::string> order;
  for (const auto& e : store->events()) order.push_back(e.id);
  EXPECT_EQ(order, (std::vector<std::string>{"r0", "r1", "r2", "b1", "r3"}));
  EXPECT_TRUE(store->verify_chain().ok);
  EXPECT_TRUE(store->projection_problems().empty());
  auto sealed = db::Store::open(dir / "library.sqlite", {.kiosk = "library", .seal_check = true});
  EXPECT_TRUE(sealed) << sealed.error();  // the replayed rows are sealed as written

  // Placed fifth and back from the server: nothing changes.
  db::sync_sent(*store, {{.seq = 4, .desk_seq = 1, .pos = 5, .link = "l5"}}, "h1");
  ASSERT_EQ(db::sync_pulled(*store, {{back, 5}}, 5), 0);
  EXPECT_EQ(store->dump_projections(), rebuilt->dump_projections());
}

// LN12, PH6: among a school's many events, reception recalled LT9 and handed
// form box B1 to a teacher (the server's order places both before the
// library's own) while the library took LT9 back and recorded the form's
// box. The library's tables end as a rebuild in the server's order leaves
// them, having replayed only the events of LT9 (its record, loan, recall and
// return), of B1 (its record, hand-over, hand-in) and the settings; a
// setting placed beneath its own events still replays the whole log.
TEST(SyncLog, LN12_AnEarlierPulledEventReplaysOnlyTheRowsItReaches) {
  TempDir dir;
  auto at = *core::parse_time("2026-11-24T09:00:00");
  auto event = [&](std::string id, std::string kiosk, core::EventData data) {
    return core::Event{.id = std::move(id), .kiosk = std::move(kiosk), .at = at, .actor = "S1", .data = std::move(data)};
  };
  std::vector<core::Event> school{setting("school.name", "Ash", "r0", "2026-11-24T08:00:00")};
  auto add = [&](core::EventData data) {
    school.push_back(event("r" + std::to_string(school.size()), "reception", std::move(data)));
  };
  core::Roles pupil;
  pupil.add(core::Right::Pupil);
  for (int i = 0; i < 40; ++i) {  // 40 pupils, each with a laptop lent and back and a phone handed in and collected
    auto n = std::to_string(i);
    add(core::PersonRecorded{{.id = "P" + n, .surname = "Pupil", .roles = pupil, .form = "7A", .year = 7}});
    add(core::DeviceRecorded{{.id = "LT" + n, .kind = core::DeviceKind::PupilLaptop}});
    add(core::SignedOut{.loan = {.id = "L" + n, .device = "LT" + n, .borrower = "P" + n}});
    add(core::Returned{.loan = "L" + n, .device = "LT" + n, .borrower = "P" + n});
    add(core::HandedIn{{.id = "H" + n, .pupil = "P" + n, .slot = "PO" + n}});
    add(core::Collected{.held = "H" + n, .pupil = "P" + n});
  }
  add(core::SlotRecorded{{.id = "B1", .kind = core::SlotKind::FormBox, .form = "7A"}});
  add(core::SignedOut{.loan = {.id = "L9b", .device = "LT9", .borrower = "P9"}});
  auto recall = event("r-recall", "reception", core::Recalled{.device = "LT9", .reason = "battery"});
  auto handover = event("r-handover", "reception", core::CustodyTransferred{.slot = "B1", .to = "T1"});
  std::vector<core::Event> own{
      event("b1", "library", core::Returned{.loan = "L9b", .device = "LT9", .borrower = "P9"}),
      event("b2", "library",
            core::FormBoxHandedIn{.box = "B1", .form = "7A",
                                  .entries = {{.pupil = "P1", .held = "HB1"}, {.pupil = "P2", .mark = core::FormMark::Absent}}}),
      event("b3", "library", core::HandedIn{{.id = "HB3", .pupil = "P3", .slot = "PO3"}})};

  auto store = db::Store::open(dir / "library.sqlite", {.kiosk = "library"});
  ASSERT_TRUE(store) << store.error();
  db::sync_join(*store, "S1", "library", 0, std::string(64, '0'));
  std::vector<db::PulledEvent> pulled;
  for (const auto& e : school) pulled.push_back({e, std::ssize(pulled) + 1});
  auto n = std::ssize(pulled);
  ASSERT_EQ(db::sync_pulled(*store, pulled, n), n);
  store->commit(own);
  ASSERT_EQ(db::sync_pulled(*store, {{recall, n + 1}, {handover, n + 2}}, n + 2), 2);

  school.insert(school.end(), {recall, handover});
  school.insert(school.end(), own.begin(), own.end());
  auto rebuilt = db::Store::open(dir / "rebuilt.sqlite", {.kiosk = "fresh"});
  ASSERT_TRUE(rebuilt) << rebuilt.error();
  rebuilt->commit(school, db::Store::Origin::OtherDesks);
  const auto* lt9 = store->state().device("LT9");
  const auto* b1 = store->state().slot("B1");
  ASSERT_TRUE(lt9 && b1);
  EXPECT_EQ(lt9->status, core::DeviceStatus::AwaitingRepair);
  EXPECT_TRUE(b1->custodian.empty());  // handed to T1, then in with the form's phones
  EXPECT_EQ(store->dump_projections(), rebuilt->dump_projections());
  EXPECT_EQ(store->state(), rebuilt->state());
  EXPECT_TRUE(store->projection_problems().empty());
  // LT9: recorded, lent, back, lent, recalled, back; B1: recorded, handed over, in; the setting.
  EXPECT_EQ(store->last_replayed(), 10);
  auto sealed = db::Store::open(dir / "library.sqlite", {.kiosk = "library", .seal_check = true});
  EXPECT_TRUE(sealed) << sealed.error();  // the replayed rows are sealed as written

  ASSERT_EQ(db::sync_pulled(*store, {{setting("school.name", "Ash Academy", "r-name"), n + 3}}, n + 3), 1);
  EXPECT_EQ(store->last_replayed(), store->event_count());
  EXPECT_TRUE(store->projection_problems().empty());
}

}  // namespace
