// CF1-CF5: confiscation, the ladder, evidence holds and release.
#include <gtest/gtest.h>

#include "core/queries.h"
#include "harness.h"

using harness::at;
using harness::School;

namespace {

core::Confiscate confiscation(std::string pupil = "P0001", std::string actor = "S0001") {
  return core::Confiscate{.actor = actor, .pupil = pupil, .kind = core::HeldKind::Phone, .description = "black phone",
                          .reason = "used in lesson", .rule_breached = "B4 phones away", .place = "Room 12",
                          .witness = "S0002", .state_found = core::FoundState::On, .condition_notes = "cracked"};
}

const core::HeldItem& only_item(const School& s) { return s.state.held.begin()->second; }

}  // namespace

TEST(ConfiscationPolicy, CF1_OnlyStaffWithTheRightMayConfiscate) {
  School s;
  auto no_right = s.submit(confiscation("P0001", "S0002"), at("2026-11-23T10:00:00"));
  EXPECT_TRUE(no_right.refused_by("CF1"));
  EXPECT_EQ(harness::refusal(no_right), "Only staff with the confiscation right can confiscate");
  EXPECT_TRUE(s.submit(confiscation("P0001", "P0002"), at("2026-11-23T10:00:00")).refused_by("CF1"));
  EXPECT_TRUE(s.state.held.empty());
}

TEST(ConfiscationPolicy, CF1_RecordsEverythingAskedFor) {
  School s;
  auto d = s.submit(confiscation(), at("2026-11-23T10:00:00"));
  ASSERT_TRUE(d.allowed());
  const auto& item = only_item(s);
  ASSERT_TRUE(item.confiscation);
  const auto& c = *item.confiscation;
  EXPECT_EQ(item.pupil, "P0001");
  EXPECT_EQ(item.at, at("2026-11-23T10:00:00"));
  EXPECT_EQ(item.slot, "S001");  // the first free pouch
  EXPECT_EQ(c.reason, "used in lesson");
  EXPECT_EQ(c.rule_breached, "B4 phones away");
  EXPECT_EQ(c.place, "Room 12");
  EXPECT_EQ(c.staff, "S0001");
  EXPECT_EQ(c.witness, "S0002");
  EXPECT_EQ(c.state_found, core::FoundState::On);
  EXPECT_EQ(c.condition_notes, "cracked");
  auto no_rule = confiscation("P0002");
  no_rule.rule_breached.clear();
  EXPECT_TRUE(s.submit(no_rule, at("2026-11-23T10:05:00")).refused_by("CF1"));
}

TEST(ConfiscationPolicy, CF2_LadderFirstPupilSecondParentThirdParentNotBeforeFiveSchoolDays) {
  School s;
  auto release = [&](const char* when) {
    auto d = s.submit(confiscation(), at(when));
    EXPECT_TRUE(d.allowed());
    const auto& item = *core::held_for(s.state, "P0001").back();
    auto c = *item.confiscation;
    // Make room for the next one: release it.
    s.seed(core::Released{.held = item.id, .pupil = "P0001", .to = core::ReleaseTo::Parent, .name = "Mum",
                          .relationship = "mother"},
           at(when) + std::chrono::hours{6});
    return std::make_pair(c, d);
  };
  auto [first, d1] = release("2026-11-23T10:00:00");
  EXPECT_EQ(first.release, core::Release::PupilEndOfDay);
  EXPECT_FALSE(first.not_before);
  auto [second, d2] = release("2026-11-24T10:00:00");
  EXPECT_EQ(second.release, core::Release::ParentOnly);
  EXPECT_FALSE(second.not_before);
  auto [third, d3] = release("2026-11-25T10:00:00");  // Wednesday
  EXPECT_EQ(third.release, core::Release::ParentOnly);
  ASSERT_TRUE(third.not_before);
  EXPECT_EQ(*third.not_before, harness::day("2026-12-02"));  // Thu, Fri, Mon, Tue, Wed
  EXPECT_EQ(d3.notices.at(0), "3rd confiscation this term");
  // DP1: the count is sanction history: never in the public message.
  EXPECT_EQ(d3.message.find("3rd"), std::string::npos);
}

TEST(ConfiscationPolicy, CF2_ThirdOfATermVersusFirstOfTheNext) {
  School s;
  for (const char* when : {"2026-12-14T10:00:00", "2026-12-15T10:00:00"}) {
    ASSERT_TRUE(s.submit(confiscation(), at(when)).allowed());
  }
  auto newest = [&] {
    const core::HeldItem* last = nullptr;
    for (const auto* i : core::held_for(s.state, "P0001"))
      if (!last || i->at > last->at) last = i;
    return *last->confiscation;
  };
  ASSERT_TRUE(s.submit(confiscation(), at("2026-12-18T10:00:00")).allowed());
  auto third = newest();
  EXPECT_EQ(third.release, core::Release::ParentOnly);
  // The holiday has no school days: the 5th after Fri 18 Dec is Mon 11 Jan.
  EXPECT_EQ(third.not_before, harness::day("2027-01-11"));
  ASSERT_TRUE(s.submit(confiscation(), at("2027-01-05T10:00:00")).allowed());
  auto first_of_next = newest();
  EXPECT_EQ(first_of_next.release, core::Release::PupilEndOfDay);
  EXPECT_FALSE(first_of_next.not_before);
  EXPECT_EQ(core::ladder_step_for(s.state, "P0001", at("2027-01-06T10:00:00")).nth, 2);
}

TEST(ConfiscationPolicy, CF2_ReleaseToParentRecordsNameRelationshipAndStaff) {
  School s;
  ASSERT_TRUE(s.submit(confiscation(), at("2026-11-23T10:00:00")).allowed());
  std::string id = only_item(s).id;
  auto missing = s.submit(core::ReleaseHeld{.actor = "S0002", .held = id, .to = core::ReleaseTo::Parent},
                          at("2026-11-23T16:00:00"));
  EXPECT_EQ(missing.needs, std::vector{core::Need::ParentDetails});
  auto d = s.submit(core::ReleaseHeld{.actor = "S0002", .held = id, .to = core::ReleaseTo::Parent,
                                      .name = "Anna Kowalski", .relationship = "mother"},
                    at("2026-11-23T16:00:00"));
  ASSERT_TRUE(d.allowed());
  const auto& ev = std::get<core::Released>(d.events.at(0).data);
  EXPECT_EQ(ev.name, "Anna Kowalski");
  EXPECT_EQ(ev.relationship, "mother");
  EXPECT_EQ(d.events.at(0).actor, "S0002");
  EXPECT_TRUE(s.state.held.empty());
}

TEST(ConfiscationPolicy, CF2_PupilReleaseOnlyWhenTheConditionAllows) {
  School s;
  ASSERT_TRUE(s.submit(confiscation(), at("2026-11-23T10:00:00")).allowed());
  std::string id = only_item(s).id;
  core::ReleaseHeld to_pupil{.actor = "S0002", .held = id, .to = core::ReleaseTo::Pupil, .pupil_card = "P0001"};
  EXPECT_TRUE(s.submit(to_pupil, at("2026-11-23T15:09:59")).refused_by("CF2"));
  auto wrong = to_pupil;
  wrong.pupil_card = "P0002";
  EXPECT_TRUE(s.submit(wrong, at("2026-11-23T15:10:00")).refused_by("PH3"));
  EXPECT_TRUE(s.submit(core::Collect{.actor = "P0001", .pupil = "P0001"}, at("2026-11-23T15:10:00")).refused_by("CF2"));
  ASSERT_TRUE(s.submit(to_pupil, at("2026-11-23T15:10:00")).allowed());

  // Second this term: parent only.
  ASSERT_TRUE(s.submit(confiscation(), at("2026-11-24T10:00:00")).allowed());
  to_pupil.held = only_item(s).id;
  auto d = s.submit(to_pupil, at("2026-11-24T15:30:00"));
  EXPECT_TRUE(d.refused_by("CF2"));
  EXPECT_EQ(harness::refusal(d), "This device goes back only to a parent or carer");
}

TEST(ConfiscationPolicy, CF2_NotBeforeDateHoldsEvenForParents) {
  School s;
  auto req = confiscation();
  req.release_override = core::LadderStep{core::Release::ParentOnly, 2};
  ASSERT_TRUE(s.submit(req, at("2026-11-23T10:00:00")).allowed());
  std::string id = only_item(s).id;
  core::ReleaseHeld parent{.actor = "S0002", .held = id, .to = core::ReleaseTo::Parent, .name = "Dad",
                           .relationship = "father"};
  auto early = s.submit(parent, at("2026-11-24T16:00:00"));
  EXPECT_TRUE(early.refused_by("CF2"));
  EXPECT_EQ(harness::refusal(early), "This device cannot be released before Wed 25 Nov");
  EXPECT_TRUE(s.submit(parent, at("2026-11-25T08:00:00")).allowed());
}

TEST(ConfiscationPolicy, CF3_OnlyADslPlacesOrClearsAnEvidenceHold) {
  School s;
  ASSERT_TRUE(s.submit(confiscation(), at("2026-11-23T10:00:00")).allowed());
  std::string id = only_item(s).id;
  auto teacher = s.submit(core::PlaceEvidenceHold{.actor = "S0001", .held = id}, at("2026-11-23T10:30:00"));
  EXPECT_TRUE(teacher.refused_by("CF3"));
  EXPECT_EQ(harness::refusal(teacher), "Only a DSL can place an evidence hold");
  auto dsl = s.submit(core::PlaceEvidenceHold{.actor = "D0001", .held = id}, at("2026-11-23T10:30:00"));
  ASSERT_TRUE(dsl.allowed());
  EXPECT_EQ(dsl.notices.at(0), s.state.settings.evidence_instruction);
  EXPECT_TRUE(only_item(s).confiscation->evidence_hold);
  EXPECT_EQ(only_item(s).confiscation->evidence_hold_by, "D0001");
  auto clear_teacher = s.submit(core::ClearEvidenceHold{.actor = "S0001", .held = id}, at("2026-11-23T11:00:00"));
  EXPECT_TRUE(clear_teacher.refused_by("CF3"));
  EXPECT_EQ(harness::refusal(clear_teacher), "Only a DSL can clear an evidence hold");
  ASSERT_TRUE(s.submit(core::ClearEvidenceHold{.actor = "D0001", .held = id}, at("2026-11-23T11:00:00")).allowed());
  EXPECT_FALSE(only_item(s).confiscation->evidence_hold);
}

TEST(ConfiscationPolicy, CF3_HeldDeviceCannotBeReleasedExceptToThePolice) {
  School s;
  ASSERT_TRUE(s.submit(confiscation(), at("2026-11-23T10:00:00")).allowed());
  std::string id = only_item(s).id;
  ASSERT_TRUE(s.submit(core::PlaceEvidenceHold{.actor = "D0001", .held = id}, at("2026-11-23T10:30:00")).allowed());
  auto pupil = s.submit(core::ReleaseHeld{.actor = "S0001", .held = id, .to = core::ReleaseTo::Pupil,
                                          .pupil_card = "P0001"},
                        at("2026-11-23T15:30:00"));
  EXPECT_TRUE(pupil.refused_by("CF3"));
  auto parent = s.submit(core::ReleaseHeld{.actor = "D0001", .held = id, .to = core::ReleaseTo::Parent,
                                           .name = "Mum", .relationship = "mother"},
                         at("2026-11-23T15:30:00"));
  EXPECT_TRUE(parent.refused_by("CF3"));
  auto police_by_teacher = s.submit(core::ReleaseHeld{.actor = "S0001", .held = id, .to = core::ReleaseTo::Police,
                                                      .officer = "PC Jones", .collar = "1234", .crime_ref = "CR/1"},
                                    at("2026-11-23T15:30:00"));
  EXPECT_TRUE(police_by_teacher.refused_by("CF3"));
  auto no_details = s.submit(core::ReleaseHeld{.actor = "D0001", .held = id, .to = core::ReleaseTo::Police,
                                               .officer = "PC Jones"},
                             at("2026-11-23T15:30:00"));
  EXPECT_EQ(no_details.needs, std::vector{core::Need::PoliceDetails});
  auto police = s.submit(core::ReleaseHeld{.actor = "D0001", .held = id, .to = core::ReleaseTo::Police,
                                           .officer = "PC Jones", .collar = "1234", .crime_ref = "CR/1"},
                         at("2026-11-23T15:30:00"));
  ASSERT_TRUE(police.allowed());
  const auto& ev = std::get<core::Released>(police.events.at(0).data);
  EXPECT_EQ(ev.collar, "1234");
  EXPECT_EQ(ev.crime_ref, "CR/1");
  EXPECT_TRUE(s.state.held.empty());
}

TEST(ConfiscationPolicy, CF3_DeviceUnderEvidenceHoldCannotBeSignedOut) {
  School s;
  ASSERT_TRUE(s.submit(core::PlaceEvidenceHold{.actor = "D0001", .device = "LT01"}, at("2026-11-23T09:00:00")).allowed());
  auto d = s.submit(core::SignOut{.actor = "S0002", .borrower = "S0002", .device = "LT01", .aup_accepted = true,
                                  .accessories_confirmed = true},
                    at("2026-11-23T09:30:00"));
  EXPECT_TRUE(d.refused_by("LN5"));
  ASSERT_TRUE(s.submit(core::ClearEvidenceHold{.actor = "D0001", .device = "LT01"}, at("2026-11-23T10:00:00")).allowed());
  EXPECT_FALSE(s.state.devices.at("LT01").evidence_hold);
}

TEST(ConfiscationPolicy, CF4_PastReleaseDateListedNeverDisposed) {
  School s;
  ASSERT_TRUE(s.submit(confiscation("P0001"), at("2026-11-23T10:00:00")).allowed());
  auto parent_later = confiscation("P0002");
  parent_later.release_override = core::LadderStep{core::Release::ParentOnly, 5};
  ASSERT_TRUE(s.submit(parent_later, at("2026-11-23T10:05:00")).allowed());
  EXPECT_TRUE(core::past_release_date(s.state, harness::day("2026-11-23")).empty());
  auto next_day = core::past_release_date(s.state, harness::day("2026-11-24"));
  ASSERT_EQ(next_day.size(), 1u);
  EXPECT_EQ(next_day.front()->pupil, "P0001");
  EXPECT_EQ(core::past_release_date(s.state, harness::day("2026-12-01")).size(), 2u);
  EXPECT_EQ(s.state.held.size(), 2u);  // listed, still held
}

TEST(ConfiscationPolicy, CF5_TimeParentInformedRecorded) {
  School s;
  ASSERT_TRUE(s.submit(confiscation(), at("2026-11-23T10:00:00")).allowed());
  std::string id = only_item(s).id;
  auto future = s.submit(core::InformParent{.actor = "S0001", .held = id, .informed = at("2026-11-23T12:00:00")},
                         at("2026-11-23T11:00:00"));
  EXPECT_TRUE(future.refused_by("CF5"));
  auto by_pupil = s.submit(core::InformParent{.actor = "P0002", .held = id}, at("2026-11-23T11:00:00"));
  EXPECT_TRUE(by_pupil.refused_by("CF5"));
  ASSERT_TRUE(s.submit(core::InformParent{.actor = "S0001", .held = id, .informed = at("2026-11-23T10:45:00")},
                       at("2026-11-23T11:00:00"))
                  .allowed());
  EXPECT_EQ(only_item(s).confiscation->parent_informed, at("2026-11-23T10:45:00"));
}
