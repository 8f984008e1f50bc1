// Confiscation through the desk (CF1-CF5).
#include "controller_fixture.h"

namespace kiosk_test {
namespace {

using Confiscation = Desk;

TEST_F(Confiscation, CF1_OnlyStaffWithTheRightMayConfiscate) {
  sign_in("S002", "900002", "2026-11-24T10:00:00");
  choose("confiscate");
  json m = scan("100002");
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["rules"], json::array({"CF1"}));
  EXPECT_TRUE(store->state().held.empty());
}

// The found-state toggle that is on, or "" when none is ("not known").
std::string selected(const json& m) {
  std::string on;
  for (const auto& c : m["choices"])
    if (c["selected"].get<bool>()) on += c["id"].get<std::string>();
  return on;
}

// CF1, CF2: the pupil's card scanned on the staff menu starts it; one screen
// shows the pouch and the ladder's release; how it was found is an optional
// toggle ("Not known" until tapped), and the reason records it.
TEST_F(Confiscation, CF2_IntakeShowsTheLaddersReleaseConditionAndRecordsParentTold) {
  sign_in("S001", "900001", "2026-11-24T10:00:00");
  json m = scan("100002");
  EXPECT_EQ(m["screen"], "confiscate.reason");
  EXPECT_EQ(m["prompt"], "Why was it confiscated? The reason records it in Pouch 1 (how it was found first, if known)");
  EXPECT_NE(m.dump().find("Release: Back to the pupil at the end of the day"), std::string::npos) << m.dump();
  EXPECT_EQ(selected(m), "");
  m = choose("on");
  EXPECT_EQ(selected(m), "on");
  m = choose("on");  // again: off, not known
  EXPECT_EQ(selected(m), "");
  m = choose("locked");
  m = choose("on");  // CF1: the last tap is what was found
  EXPECT_EQ(m["screen"], "confiscate.reason");
  EXPECT_EQ(selected(m), "on");
  EXPECT_TRUE(store->state().held.empty());
  m = choose("lesson");
  EXPECT_EQ(m["screen"], "confiscate.done");
  EXPECT_EQ(m["big"], "Pouch 1");
  EXPECT_EQ(m["feedback"], "accepted");
  ASSERT_EQ(store->state().held.size(), 1u);
  const auto& item = store->state().held.begin()->second;
  ASSERT_TRUE(item.confiscation.has_value());
  EXPECT_EQ(item.confiscation->reason, "Used in a lesson");
  EXPECT_EQ(item.confiscation->state_found, core::FoundState::On);
  EXPECT_EQ(item.confiscation->staff, "S001");
  m = choose("inform");  // CF5
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_TRUE(store->state().held.begin()->second.confiscation->parent_informed.has_value());
  m = choose("done");
  EXPECT_EQ(m["screen"], "home");
  EXPECT_EQ(m["signed_in"], "");
}

// CF1: a reason in the teacher's own words, typed on a screen of its own.
TEST_F(Confiscation, CF1_AnotherReasonIsTypedAndRecordsItAgainstTheBehaviourPolicy) {
  sign_in("S001", "900001", "2026-11-24T10:00:00");
  scan("100002");
  json m = choose("other");
  EXPECT_EQ(m["screen"], "confiscate.other");
  EXPECT_TRUE(m["wants_text"].get<bool>());
  EXPECT_TRUE(store->state().held.empty());
  m = text("Filming in the changing room");
  EXPECT_EQ(m["screen"], "confiscate.done");
  ASSERT_EQ(store->state().held.size(), 1u);
  const auto& c = *store->state().held.begin()->second.confiscation;
  EXPECT_EQ(c.reason, "Filming in the changing room");
  EXPECT_EQ(c.rule_breached, "Behaviour policy");
  EXPECT_EQ(c.state_found, core::FoundState::Unknown);  // CF1: never guessed
}

TEST_F(Confiscation, CF2_ReleaseToThePupilAtTheEndOfTheDayWithTheirCard) {
  sign_in("S001", "900001", "2026-11-24T10:00:00");
  choose("confiscate");
  scan("100002");
  choose("on");
  choose("lesson");
  choose("done");

  sign_in("S001", "900001", "2026-11-24T12:00:00");
  json m = choose("confiscations");
  ASSERT_EQ(m["rows"].size(), 1u);
  m = choose(m["rows"][0]["choice"].get<std::string>());
  EXPECT_EQ(m["screen"], "confiscation.item");
  m = choose("pupil");  // before the end of the day
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["rules"], json::array({"CF2"}));

  sign_in("S001", "900001", "2026-11-24T15:20:00");
  choose("confiscations");
  m = scan("100002");
  EXPECT_EQ(m["screen"], "confiscation.item");
  m = choose("pupil");
  EXPECT_EQ(m["screen"], "release.card");
  m = scan("100001");  // another pupil's card
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(store->state().held.size(), 1u);
  choose("pupil");
  m = scan("100002");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_TRUE(store->state().held.empty());
}

TEST_F(Confiscation, CF2_TheSecondGoesToAParentWithNameAndRelationship) {
  for (const char* at : {"2026-11-23T10:00:00", "2026-11-24T10:00:00"}) {
    sign_in("S001", "900001", at);
    choose("confiscate");
    scan("100002");
    choose("off");
    json m = choose("lesson");
    ASSERT_EQ(m["feedback"], "accepted") << m.dump();
    choose("done");
    if (std::string{at} == "2026-11-23T10:00:00") {
      // The first goes back at the end of its day.
      sign_in("S001", "900001", "2026-11-23T15:30:00");
      choose("confiscations");
      scan("100002");
      choose("pupil");
      ASSERT_EQ(scan("100002")["feedback"], "accepted");
    }
  }
  sign_in("S001", "900001", "2026-11-24T15:30:00");
  choose("confiscations");
  json m = scan("100002");
  EXPECT_FALSE(has_choice(m, "pupil")) << m.dump();  // the ladder says a parent (CF2): not offered
  m = choose("pupil");
  EXPECT_EQ(m["rules"], json::array({"CF2"}));
  m = choose("parent");
  EXPECT_EQ(m["screen"], "release.parent.name");
  text("Anna Nguyen");
  m = choose("Mother");
  EXPECT_EQ(m["feedback"], "accepted");
  auto released = events_of("confiscation.released");
  ASSERT_EQ(released.size(), 2u);
  const auto& r = std::get<core::Released>(released[1].data);
  EXPECT_EQ(r.to, core::ReleaseTo::Parent);
  EXPECT_EQ(r.name, "Anna Nguyen");
  EXPECT_EQ(r.relationship, "Mother");
}

TEST_F(Confiscation, CF3_AnEvidenceHoldShowsTheInstructionAndOnlyThePoliceMayTakeIt) {
  sign_in("S001", "900001", "2026-11-24T10:00:00");
  choose("confiscate");
  scan("100002");
  choose("locked");
  choose("filming");
  choose("done");

  sign_in("S001", "900001", "2026-11-24T11:00:00");
  choose("confiscations");
  json m = scan("100002");
  EXPECT_TRUE(has_choice(m, "pupil"));
  EXPECT_FALSE(has_choice(m, "hold")) << m.dump();  // not a DSL: not offered (CF3)
  EXPECT_FALSE(has_choice(m, "police")) << m.dump();
  m = choose("hold");  // and refused if sent all the same
  EXPECT_EQ(m["rules"], json::array({"CF3"}));

  sign_in("S003", "900003", "2026-11-24T11:05:00");
  choose("confiscations");
  scan("100002");
  m = choose("hold");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_NE(m.dump().find("evidence bag"), std::string::npos) << m.dump();
  EXPECT_TRUE(store->state().held.begin()->second.confiscation->evidence_hold);
  EXPECT_TRUE(has_choice(m, "clear"));
  EXPECT_FALSE(has_choice(m, "parent")) << m.dump();  // under hold: only the police (CF3)
  EXPECT_FALSE(has_choice(m, "pupil")) << m.dump();

  m = choose("parent");
  EXPECT_EQ(m["rules"], json::array({"CF3"}));
  m = choose("police");
  EXPECT_EQ(m["screen"], "release.police.officer");
  text("PC Sam Carter");
  text("4471");
  m = text("CR/2026/11/0042");
  EXPECT_EQ(m["feedback"], "accepted");
  auto released = events_of("confiscation.released");
  ASSERT_EQ(released.size(), 1u);
  const auto& r = std::get<core::Released>(released[0].data);
  EXPECT_EQ(r.to, core::ReleaseTo::Police);
  EXPECT_EQ(r.collar, "4471");
  EXPECT_EQ(r.crime_ref, "CR/2026/11/0042");
}

}  // namespace
}  // namespace kiosk_test
