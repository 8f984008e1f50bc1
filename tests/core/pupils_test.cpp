// PH1-PH8: the daily hand-in of pupils' phones.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/desk_rules.h"
#include "core/compliance.h"
#include "core/queries.h"
#include "harness.h"

using core::HandIn;
using harness::at;
using harness::School;

namespace {

core::Decision hand_in(School& s, const char* when, std::string pupil = "P0001", std::string slot = "") {
  return s.submit(HandIn{.actor = pupil, .pupil = pupil, .kind = core::HeldKind::Phone,
                         .description = "black iPhone, blue case", .slot = slot},
                  at(when));
}

}  // namespace

TEST(HandInPolicy, PH1_HandInOpensAt0730NotASecondBefore) {
  School s;
  auto early = hand_in(s, "2026-11-23T07:29:59");
  EXPECT_TRUE(early.refused_by("PH1"));
  EXPECT_EQ(harness::refusal(early), "Hand-in opens at 07:30");
  EXPECT_TRUE(early.events.empty());
  auto open = hand_in(s, "2026-11-23T07:30:00");
  EXPECT_TRUE(open.allowed());
  EXPECT_EQ(s.state.held.size(), 1u);
}

TEST(HandInPolicy, PH1_CollectionTimeIsPerWeekdayAndPerDate) {
  School s;
  s.setting("collection.opens.friday", "14:00");
  s.setting("collection.opens.2026-11-24", "12:30");
  const auto& cfg = s.state.settings;
  EXPECT_FALSE(core::collection_open(cfg, at("2026-11-23T15:09:59")));
  EXPECT_TRUE(core::collection_open(cfg, at("2026-11-23T15:10:00")));
  EXPECT_TRUE(core::collection_open(cfg, at("2026-11-24T12:30:00")));   // early finish
  EXPECT_FALSE(core::collection_open(cfg, at("2026-11-25T12:30:00")));  // an ordinary Wednesday
  EXPECT_TRUE(core::collection_open(cfg, at("2026-11-27T14:00:00")));   // Friday
}

TEST(HandInPolicy, PH2_EachDeviceRecordedWithPupilKindDescriptionSlotAndReceiver) {
  School s;
  auto d = s.submit(HandIn{.actor = "S0002", .pupil = "P0001", .kind = core::HeldKind::Smartwatch,
                           .description = "red watch", .slot = "S003"},
                    at("2026-11-23T08:10:00"));
  ASSERT_TRUE(d.allowed());
  ASSERT_EQ(s.state.held.size(), 1u);
  const auto& item = s.state.held.begin()->second;
  EXPECT_EQ(item.pupil, "P0001");
  EXPECT_EQ(item.kind, core::HeldKind::Smartwatch);
  EXPECT_EQ(item.description, "red watch");
  EXPECT_EQ(item.slot, "S003");
  EXPECT_EQ(item.received_by, "S0002");
  EXPECT_EQ(d.message, "Pouch 0003 - Zoë K. (7A)");
}

TEST(HandInPolicy, PH2_APupilHandsInOnlyTheirOwnAndAFullPouchIsRefused) {
  School s;
  auto other = s.submit(HandIn{.actor = "P0002", .pupil = "P0001", .slot = "S001"}, at("2026-11-23T08:00:00"));
  EXPECT_TRUE(other.refused_by("PH2"));
  ASSERT_TRUE(hand_in(s, "2026-11-23T08:00:00", "P0001", "S001").allowed());
  auto full = hand_in(s, "2026-11-23T08:00:05", "P0002", "S001");
  EXPECT_TRUE(full.refused_by("PH2"));
  auto box = hand_in(s, "2026-11-23T08:00:05", "P0002", "FB7A");  // a form box is not a pouch
  EXPECT_TRUE(box.refused_by("PH2"));
  EXPECT_EQ(harness::refusal(box), "That is not a pouch: use a pouch");
  EXPECT_EQ(s.state.held.size(), 1u);
}

namespace {

// Issue 21: two desks of a school never give out the same pouch.
core::Decision move_rack(School& s, std::string rack, std::string first, std::string last, std::string to,
                         std::string actor = "A0001") {
  return s.submit(core::MoveRack{.actor = std::move(actor), .rack = std::move(rack), .first = std::move(first),
                                 .last = std::move(last), .to = std::move(to)},
                  at("2026-11-23T07:00:00"));
}

core::Decision hand_in_at(School& s, std::string desk, std::string pupil, std::string slot = "") {
  return s.submit(HandIn{.actor = pupil, .pupil = pupil, .slot = std::move(slot), .desk = std::move(desk)},
                  at("2026-11-23T08:00:00"));
}

}  // namespace

TEST(HandInPolicy, PH2_ADeskGivesOutOnlyThePouchesOfItsOwnRacks) {
  School s;
  ASSERT_TRUE(move_rack(s, "A", "S001", "S002", "reception").allowed());
  ASSERT_TRUE(move_rack(s, "B", "S003", "S005", "library").allowed());
  auto library = hand_in_at(s, "library", "P0001");  // S001 is free, but reception's
  ASSERT_TRUE(library.allowed()) << harness::refusal(library);
  EXPECT_EQ(std::get<core::HandedIn>(library.events.front().data).item.slot, "S003");
  auto reception = hand_in_at(s, "reception", "P0002");
  ASSERT_TRUE(reception.allowed()) << harness::refusal(reception);
  EXPECT_EQ(std::get<core::HandedIn>(reception.events.front().data).item.slot, "S001");
  auto named = hand_in_at(s, "library", "P0003", "S002");
  EXPECT_TRUE(named.refused_by("PH2"));
  EXPECT_EQ(harness::refusal(named), "Pouch 0002 is on rack A of desk reception: use a pouch of this desk's");
  auto office = hand_in_at(s, "office", "P0003");
  EXPECT_TRUE(office.refused_by("PH2"));
  EXPECT_EQ(harness::refusal(office), "No free pouch on this desk's racks: please ask at the office. An administrator "
                                      "can move a rack to desk office (Reports, Racks of pouches; or tagdesk rack "
                                      "move RACK --to office)");
  EXPECT_TRUE(hand_in_at(s, "", "P0003").allowed());  // the command line: any desk's
}

TEST(HandInPolicy, PH2_PouchesOnNoRackAreEveryDesksUntilTheyAreOnesAlone) {
  School s;  // one desk: no racks, as ever
  ASSERT_TRUE(hand_in_at(s, "library", "P0001").allowed());
  // The first desk publishes the school (sync join): the pouches on no rack are its.
  auto published = move_rack(s, "", "", "", "reception", "system");
  ASSERT_TRUE(published.allowed()) << harness::refusal(published);
  EXPECT_EQ(published.message, "The pouches on no rack are now at desk reception");
  EXPECT_TRUE(hand_in_at(s, "library", "P0002").refused_by("PH2"));
  ASSERT_TRUE(move_rack(s, "B", "S004", "S005", "library").allowed());
  auto library = hand_in_at(s, "library", "P0002");
  ASSERT_TRUE(library.allowed());
  EXPECT_EQ(std::get<core::HandedIn>(library.events.front().data).item.slot, "S004");
  auto reception = hand_in_at(s, "reception", "P0003");
  ASSERT_TRUE(reception.allowed());
  EXPECT_EQ(std::get<core::HandedIn>(reception.events.front().data).item.slot, "S002");
}

TEST(HandInPolicy, PH2_ARackIsMovedByAnAdministratorWithItsPouchesOnOneRackOnly) {
  School s;
  EXPECT_EQ(harness::refusal(move_rack(s, "A", "S001", "S002", "library", "S0001")),
            "Only an administrator can move a rack");
  EXPECT_EQ(harness::refusal(move_rack(s, "A", "", "", "library")),
            "Rack A is new: say which pouches it holds, the first and the last");
  EXPECT_EQ(harness::refusal(move_rack(s, "A", "S002", "S001", "library")),
            "S002 comes after S001: give the first pouch, then the last");
  EXPECT_EQ(harness::refusal(move_rack(s, "A", "X001", "X009", "library")), "No pouch has an id from X001 to X009");
  EXPECT_EQ(harness::refusal(move_rack(s, "A", "S001", "S002", "")), "Name the desk the rack goes to");
  ASSERT_TRUE(move_rack(s, "A", "S001", "S002", "reception").allowed());
  EXPECT_EQ(harness::refusal(move_rack(s, "B", "S002", "S004", "library")),
            "Rack A holds pouches S001 to S002 already: a pouch is on one rack only");
  auto moved = move_rack(s, "A", "", "", "library");
  ASSERT_TRUE(moved.allowed());
  EXPECT_EQ(moved.message, "Rack A (S001 to S002) is now at desk library");
  ASSERT_EQ(moved.events.size(), 1u);
  core::RackMoved want{.rack = {.id = "A", .first = "S001", .last = "S002", .desk = "library"}, .from = "reception"};
  EXPECT_EQ(moved.events.front().data, core::EventData{want});
  EXPECT_EQ(harness::refusal(move_rack(s, "A", "", "", "library")), "Rack A is at desk library already");
  EXPECT_TRUE(move_rack(s, "A", "S001", "S003", "library").allowed());  // a rack's pouches may change
}

TEST(HandInPolicy, PH3_ReleasedOnlyToThePupilOnceCollectionOpens) {
  School s;
  ASSERT_TRUE(hand_in(s, "2026-11-23T08:00:00", "P0001", "S002").allowed());
  auto before = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001"}, at("2026-11-23T15:09:59"));
  EXPECT_FALSE(before.allowed());
  EXPECT_EQ(before.message, "Collection opens at 15:10");
  EXPECT_TRUE(before.events.empty());
  auto someone_else = s.submit(core::Collect{.actor = "P0002", .pupil = "P0001"}, at("2026-11-23T15:10:00"));
  EXPECT_TRUE(someone_else.refused_by("PH3"));
  auto wrong_pupil = s.submit(core::Collect{.actor = "S0002", .pupil = "P0002", .held = s.held_of("P0001")},
                              at("2026-11-23T15:10:00"));
  EXPECT_TRUE(wrong_pupil.refused_by("PH3"));
  auto d = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001"}, at("2026-11-23T15:10:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.message, "Pouch 0002");
  EXPECT_TRUE(s.state.held.empty());
}

// PH3: the pouch handed over must hold the pupil's device; it gives back only that.
TEST(HandInPolicy, PH3_APouchHandedOverGivesBackOnlyWhatItHoldsOfThePupils) {
  School s;
  ASSERT_TRUE(hand_in(s, "2026-11-23T08:00:00", "P0001", "S002").allowed());
  ASSERT_TRUE(hand_in(s, "2026-11-23T08:01:00", "P0002", "S001").allowed());
  auto other = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001", .slot = "S001"}, at("2026-11-23T15:10:00"));
  EXPECT_TRUE(other.refused_by("PH3"));
  EXPECT_EQ(harness::refusal(other), "That is Pouch 0001: it holds nothing for " +
                                         s.state.person("P0001")->public_name());
  EXPECT_EQ(s.state.held.size(), 2u);
  auto d = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001", .slot = "S002"}, at("2026-11-23T15:10:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(s.state.held.size(), 1u);
}

TEST(HandInPolicy, PH3_EarlyReleaseNeedsStaffAuthorisationAndAReason) {
  School s;
  ASSERT_TRUE(hand_in(s, "2026-11-23T08:00:00").allowed());
  auto alone = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001"}, at("2026-11-23T11:00:00"));
  EXPECT_EQ(alone.needs, (std::vector{core::Need::StaffAuthorisation, core::Need::Reason}));
  auto by_pupil = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001", .authorised_by = "P0002",
                                         .reason = "dentist"},
                           at("2026-11-23T11:00:00"));
  EXPECT_TRUE(by_pupil.refused_by("PH3"));
  auto ok = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001", .authorised_by = "S0002", .reason = "dentist"},
                     at("2026-11-23T11:00:00"));
  ASSERT_TRUE(ok.allowed());
  const auto& ev = std::get<core::Collected>(ok.events.at(0).data);
  EXPECT_TRUE(ev.early);
  EXPECT_EQ(ev.reason, "dentist");
  EXPECT_EQ(ok.events.at(0).authoriser, "S0002");
}

TEST(HandInPolicy, PH3_APupilTakesBackWhatTheyJustHandedInWithinAMinute) {
  School s;
  ASSERT_TRUE(hand_in(s, "2026-11-23T08:00:00").allowed());
  std::string held = s.held_of("P0001");
  auto other = s.submit(core::Collect{.actor = "P0002", .pupil = "P0001", .held = held}, at("2026-11-23T08:00:05"));
  EXPECT_FALSE(other.allowed());
  auto late = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001", .held = held}, at("2026-11-23T08:01:01"));
  EXPECT_EQ(late.needs, (std::vector{core::Need::StaffAuthorisation, core::Need::Reason}));
  auto undo = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001", .held = held}, at("2026-11-23T08:00:30"));
  ASSERT_TRUE(undo.allowed());
  const auto& ev = std::get<core::Collected>(undo.events.at(0).data);
  EXPECT_FALSE(ev.early);
  EXPECT_EQ(ev.reason, core::kUndoReason);
  EXPECT_TRUE(s.state.held.empty());
}

TEST(HandInPolicy, PH4_ExemptShownNeverWhy) {
  School s;
  auto pupil_cannot = s.submit(core::RecordExemption{.actor = "S0002", .exemption = {.pupil = "P0001"}},
                               at("2026-11-23T09:00:00"));
  EXPECT_TRUE(pupil_cannot.refused_by("PH4"));
  auto rec = s.submit(core::RecordExemption{.actor = "A0001",
                                            .exemption = {.pupil = "P0001", .category = core::ExemptionCategory::Medical,
                                                          .start = harness::day("2026-11-01"),
                                                          .end = harness::day("2026-12-18"),
                                                          .review = harness::day("2026-12-01")}},
                      at("2026-11-23T09:00:00"));
  ASSERT_TRUE(rec.allowed());
  EXPECT_EQ(s.state.exemptions.at("P0001").front().approver, "A0001");
  EXPECT_TRUE(core::is_exempt(s.state, "P0001", harness::day("2026-12-18")));
  EXPECT_FALSE(core::is_exempt(s.state, "P0001", harness::day("2026-12-19")));
  auto d = hand_in(s, "2026-11-23T08:00:00");
  ASSERT_TRUE(d.allowed());
  ASSERT_EQ(d.notices.size(), 1u);
  EXPECT_EQ(d.notices.at(0), "Zoë K. (7A) is exempt");
  for (const auto& text : d.notices) EXPECT_EQ(text.find("medical"), std::string::npos);
  auto backwards = s.submit(core::RecordExemption{.actor = "A0001",
                                                  .exemption = {.pupil = "P0002", .start = harness::day("2026-11-10"),
                                                                .end = harness::day("2026-11-01"),
                                                                .review = harness::day("2026-11-10")}},
                            at("2026-11-23T09:00:00"));
  EXPECT_TRUE(backwards.refused_by("PH4"));
}

TEST(HandInPolicy, PH5_StillHeldListedAndHeldOvernightFlaggedNextMorning) {
  School s;
  ASSERT_TRUE(hand_in(s, "2026-11-23T08:00:00").allowed());
  EXPECT_EQ(core::still_held(s.state).size(), 1u);
  EXPECT_TRUE(core::held_overnight(s.state, at("2026-11-23T23:59:59")).empty());
  EXPECT_EQ(core::held_overnight(s.state, at("2026-11-24T07:00:00")).size(), 1u);
  auto morning = s.submit(core::StartSession{.actor = "S0002", .pin_ok = true}, at("2026-11-24T07:45:00"));
  ASSERT_TRUE(morning.allowed());
  ASSERT_FALSE(morning.notices.empty());
  EXPECT_EQ(morning.notices.at(0), "1 pupil devices were held overnight");
}

TEST(HandInPolicy, PH6_FormBoxInOneTransactionCustodyAndCollection) {
  School s;
  core::FormBoxHandIn box{.actor = "S0002", .box = "FB7A",
                          .entries = {{.pupil = "P0001", .mark = core::FormMark::HandedIn},
                                      {.pupil = "P0002", .mark = core::FormMark::Absent}}};
  auto d = s.submit(box, at("2026-11-23T08:40:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.message, "Form box 7A: 1 handed in, 1 absent, 0 exempt, 0 no device");
  ASSERT_EQ(s.state.held.size(), 1u);
  EXPECT_EQ(s.state.held.begin()->second.slot, "FB7A");
  EXPECT_EQ(s.state.slots.at("FB7A").custodian, "");  // with the office

  auto too_soon = s.submit(core::CollectFormBox{.actor = "S0002", .box = "FB7A"}, at("2026-11-23T15:00:00"));
  EXPECT_TRUE(too_soon.refused_by("PH3"));
  auto back = s.submit(core::CollectFormBox{.actor = "S0002", .box = "FB7A"}, at("2026-11-23T15:10:00"));
  ASSERT_TRUE(back.allowed());
  EXPECT_TRUE(s.state.held.empty());
  EXPECT_EQ(s.state.slots.at("FB7A").custodian, "S0002");
}

TEST(HandInPolicy, PH6_FormBoxRefusesOtherFormsUnrecordedExemptionAndPupils) {
  School s;
  auto other_form = s.submit(core::FormBoxHandIn{.actor = "S0002", .box = "FB7A", .entries = {{.pupil = "P0003"}}},
                             at("2026-11-23T08:40:00"));
  EXPECT_TRUE(other_form.refused_by("PH6"));
  auto exempt = s.submit(core::FormBoxHandIn{.actor = "S0002", .box = "FB7A",
                                             .entries = {{.pupil = "P0001", .mark = core::FormMark::Exempt}}},
                         at("2026-11-23T08:40:00"));
  EXPECT_TRUE(exempt.refused_by("PH4"));
  auto pupil = s.submit(core::FormBoxHandIn{.actor = "P0001", .box = "FB7A", .entries = {{.pupil = "P0001"}}},
                        at("2026-11-23T08:40:00"));
  EXPECT_TRUE(pupil.refused_by("PH6"));
  EXPECT_TRUE(s.state.held.empty());
}

TEST(HandInPolicy, PH7_CustodyTransferredToNamedStaffAndBack) {
  School s;
  auto to_pupil = s.submit(core::TransferCustody{.actor = "S0002", .slot = "FB7A", .to = "P0001"},
                           at("2026-11-23T09:00:00"));
  EXPECT_TRUE(to_pupil.refused_by("PH7"));
  auto by_pupil = s.submit(core::TransferCustody{.actor = "P0001", .slot = "FB7A", .to = "S0001"},
                           at("2026-11-23T09:00:00"));
  EXPECT_TRUE(by_pupil.refused_by("PH7"));
  auto trip = s.submit(core::TransferCustody{.actor = "S0002", .slot = "FB7A", .to = "S0001"},
                       at("2026-11-23T09:00:00"));
  ASSERT_TRUE(trip.allowed());
  EXPECT_EQ(s.state.slots.at("FB7A").custodian, "S0001");
  EXPECT_EQ(trip.message, "Form box 7A is now with Sean Teacher");
  ASSERT_TRUE(s.submit(core::TransferCustody{.actor = "S0001", .slot = "FB7A", .to = ""}, at("2026-11-23T16:00:00"))
                  .allowed());
  EXPECT_EQ(s.state.slots.at("FB7A").custodian, "");
}

TEST(HandInPolicy, PH8_DailyComplianceByFormAndYear) {
  School s;
  s.seed(core::PersonRecorded{core::Person{.id = "P0004", .first_name = "Kim", .surname = "Ng",
                                           .roles = core::Roles{}.add(core::Right::Pupil), .form = "7A", .year = 7}});
  ASSERT_TRUE(s.submit(core::RecordExemption{.actor = "A0001",
                                             .exemption = {.pupil = "P0004", .start = harness::day("2026-11-01"),
                                                           .end = harness::day("2026-12-18"),
                                                           .review = harness::day("2026-12-01")}},
                       at("2026-11-20T09:00:00"))
                  .allowed());
  // Friday: Zoë hands in, Sam does not. Monday: Zoë does, Sam does not again.
  ASSERT_TRUE(hand_in(s, "2026-11-20T08:00:00", "P0001").allowed());
  ASSERT_TRUE(s.submit(core::Collect{.actor = "P0001", .pupil = "P0001"}, at("2026-11-20T15:10:00")).allowed());
  ASSERT_TRUE(hand_in(s, "2026-11-23T08:00:00", "P0001").allowed());
  auto report = core::compliance_report(s.state, s.log, harness::day(harness::kMonday));
  const core::ComplianceRow* form = nullptr;
  const core::ComplianceRow* year = nullptr;
  for (const auto& row : report) {
    if (row.group == "7A") form = &row;
    if (row.group == "Year 7") year = &row;
  }
  ASSERT_NE(form, nullptr);
  ASSERT_NE(year, nullptr);
  EXPECT_EQ(form->expected, 3);
  EXPECT_EQ(form->handed_in, 1);
  EXPECT_EQ(form->exempt, 1);
  EXPECT_EQ(form->not_handed_in, 1);
  EXPECT_EQ(form->repeat, 1);  // Sam, on Friday too
  EXPECT_EQ(year->expected, 3);
}
