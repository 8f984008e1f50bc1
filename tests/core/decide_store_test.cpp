// Decisions committed through the real store: what core decides is what the
// database keeps, across a reopen and a rebuild of the projections.
#include <gtest/gtest.h>

#include "../db/temp_dir.h"
#include "core/decide.h"
#include "db/json.h"
#include "db/store.h"
#include "harness.h"

using harness::at;

namespace {

// Submits through the store, as the kiosk's controller does.
core::Decision submit(db::Store& store, const core::Request& r, core::Time now) {
  core::Decision d = core::decide(store.state(), r, now);
  if (!d.events.empty()) store.commit(d.events);
  return d;
}

}  // namespace

TEST(DecideWithStore, ADayOfDecisionsSurvivesReopenAndRebuild) {
  TempDir dir;
  harness::School school;  // its setup events seed the database
  {
    auto store = db::Store::open(dir / "school.sqlite");
    ASSERT_TRUE(store) << store.error();
    for (auto e : school.log) store->commit({e});
    ASSERT_TRUE(store->state() == school.state);

    ASSERT_TRUE(submit(*store, core::HandIn{.actor = "P0001", .pupil = "P0001"}, at("2026-11-23T08:00:00")).allowed());
    ASSERT_TRUE(submit(*store, core::SignOut{.actor = "V0001", .borrower = "V0001", .device = "VL01",
                                             .aup_accepted = true},
                       at("2026-11-23T09:00:00"))
                    .allowed());
    ASSERT_TRUE(submit(*store, core::SignOut{.actor = "S0002", .borrower = "S0002", .device = "LT01",
                                             .aup_accepted = true, .accessories_confirmed = true},
                       at("2026-11-23T09:05:00"))
                    .allowed());
    ASSERT_TRUE(submit(*store, core::Return{.actor = "S0002", .device = "LT01", .missing = {"CH01"},
                                            .accessories_confirmed = true},
                       at("2026-11-23T12:00:00"))
                    .allowed());
    auto refused = submit(*store, core::SignOut{.actor = "S0002", .borrower = "S0002", .device = "CAM1",
                                                .off_site = true, .admin_approver = "A0001"},
                          at("2026-11-23T12:05:00"));
    ASSERT_TRUE(refused.refused_by("LN3"));
    ASSERT_TRUE(submit(*store, core::Confiscate{.actor = "S0001", .pupil = "P0002", .reason = "lesson",
                                                .rule_breached = "B4"},
                       at("2026-11-23T13:00:00"))
                    .allowed());
    EXPECT_EQ(store->events({.types = {"loan.refused"}}).size(), 1u);
  }
  auto reopened = db::Store::open(dir / "school.sqlite");
  ASSERT_TRUE(reopened) << reopened.error();
  const core::State& s = reopened->state();
  EXPECT_TRUE(s.devices.at("VL01").visitor_equipment);
  EXPECT_EQ(s.devices.at("LT01").missing_accessories, std::vector<std::string>{"CH01"});
  EXPECT_EQ(s.loans.size(), 1u);
  EXPECT_EQ(s.held.size(), 2u);
  // The same decision on the reopened store: a pupil's second hand-in goes to the next free pouch.
  auto next = core::decide(s, core::HandIn{.actor = "P0003", .pupil = "P0003"}, at("2026-11-23T13:05:00"));
  ASSERT_TRUE(next.allowed());
  EXPECT_EQ(std::get<core::HandedIn>(next.events.at(0).data).item.slot, "S003");
  auto before = reopened->dump_projections();
  reopened->rebuild_projections();
  EXPECT_EQ(reopened->dump_projections(), before);
}

// Issue 18 item 10: a long note is not copied into every later edit's event,
// and the log with change events replays to what the desk holds.
TEST(DecideWithStore, AnEditStoresWhatChangedAndReplaysToTheSameProjections) {
  TempDir dir;
  harness::School school;
  std::string note(1990, 'n');
  {
    auto store = db::Store::open(dir / "school.sqlite");
    ASSERT_TRUE(store) << store.error();
    for (auto e : school.log) store->commit({e});
    core::Device d = *store->state().device("LT01");
    d.notes = note;
    ASSERT_TRUE(submit(*store, core::RecordDevice{.actor = "A0001", .device = d}, at("2026-11-23T09:00:00")).allowed());
    d.pat_interval_months = 24;
    ASSERT_TRUE(submit(*store, core::RecordDevice{.actor = "A0001", .device = d}, at("2026-11-23T09:05:00")).allowed());
    auto changes = store->events({.types = {"device.changed"}});
    ASSERT_EQ(changes.size(), 2u);  // the note, then the interval
    std::string stored = db::event_to_json(changes.back()).dump();
    EXPECT_EQ(stored.find("nnnn"), std::string::npos) << stored;
    EXPECT_NE(stored.find(R"("changed":{"pat_interval_months":24})"), std::string::npos) << stored;
    EXPECT_LT(stored.size(), 400u);

    core::Person p = *store->state().person("S0002");
    p.roles.add(core::Right::Confiscate);
    ASSERT_TRUE(submit(*store, core::RecordPerson{.actor = "A0001", .person = p}, at("2026-11-23T09:10:00")).allowed());
    ASSERT_EQ(store->events({.types = {"person.changed"}}).size(), 1u);

    // verify's check, a rebuild from the log and a reopen all agree with the live state.
    EXPECT_EQ(store->projection_problems(), std::vector<std::string>{});
    auto live = store->dump_projections();
    store->rebuild_projections();
    EXPECT_EQ(store->dump_projections(), live);
  }
  auto reopened = db::Store::open(dir / "school.sqlite");
  ASSERT_TRUE(reopened) << reopened.error();
  const core::Device* after = reopened->state().device("LT01");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->notes, note);
  EXPECT_EQ(after->pat_interval_months, 24);
  EXPECT_TRUE(after->last_pat);
  EXPECT_TRUE(reopened->state().person("S0002")->roles.has(core::Right::Confiscate));
  EXPECT_EQ(reopened->state().person("S0002")->pin_hash, "$argon2id$stub");
}
