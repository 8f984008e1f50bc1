// Pupils at the public screen: hand-in, collection, early release, DP1, SE3,
// command cards and the error screen, all through the headless front end.
#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <array>

#include "controller_fixture.h"
#include "core/decide.h"
#include "core/desk_rules.h"
#include "scanner/tag.h"

namespace kiosk_test {
namespace {

using HandIn = Desk;

TEST_F(HandIn, PH2_OneScanRecordsTheHandInAndNamesThePouchLarge) {
  json m = scan("100001");
  EXPECT_EQ(m["screen"], "handin.slot");
  EXPECT_EQ(m["big"], "Pouch 1");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_TRUE(has_choice(m, "undo"));
  EXPECT_TRUE(has_choice(m, "more"));
  ASSERT_EQ(store->state().held.size(), 1u);  // no tap needed
  const auto& item = store->state().held.begin()->second;
  EXPECT_EQ(item.pupil, "P0001");
  EXPECT_EQ(item.slot, "PO0001");
  EXPECT_EQ(item.received_by, "P0001");

  m = choose("done");  // optional: the screen goes home by itself
  EXPECT_EQ(m["screen"], "result");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(store->state().held.size(), 1u);
  EXPECT_EQ(tick("2026-11-24T08:20:07")["screen"], "result");
  EXPECT_EQ(tick("2026-11-24T08:20:09")["screen"], "home");
}

TEST_F(HandIn, PH2_APupilWhoWalksOffIsRecordedAndTheScreenClearsItself) {
  scan("100001");
  EXPECT_EQ(tick("2026-11-24T08:20:09")["screen"], "home");
  EXPECT_EQ(store->state().held.size(), 1u);
}

TEST_F(HandIn, PH2_ScanningAPouchTagMovesTheRecordToThatPouch) {
  scan("100001");
  json m = scan("PO0003");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(m["big"], "Pouch 3");
  ASSERT_EQ(store->state().held.size(), 1u);
  EXPECT_EQ(store->state().held.begin()->second.slot, "PO0003");
  EXPECT_EQ(scan("100002")["big"], "Pouch 1");  // the pouch left is free again
}

TEST_F(HandIn, PH2_TheNextScanNeverDropsThePreviousRecord) {
  scan("100001");
  json m = scan("100002");  // straight from the first pupil's screen: the queue moves on
  EXPECT_EQ(m["screen"], "handin.slot");
  EXPECT_EQ(m["big"], "Pouch 2");
  EXPECT_EQ(store->state().held.size(), 2u);
  m = scan("PO0001");  // taken: refused, nothing changes
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["big"], "Pouch 2");
  m = scan("900001");  // a stray staff badge, then the next pupil
  EXPECT_EQ(m["screen"], "pin");
  m = scan("100003");
  EXPECT_EQ(m["big"], "Pouch 3");
  EXPECT_EQ(store->state().held.size(), 3u);
}

TEST_F(HandIn, PH2_ScanningTwiceRecordsOnceAndSaysWhere) {
  scan("100001");
  json m = scan("100001");
  EXPECT_EQ(m["screen"], "result");
  EXPECT_EQ(m["feedback"], "notice");
  EXPECT_EQ(m["message"], "You've handed in: Pouch 1");
  EXPECT_EQ(m["big"], "Pouch 1");
  m = scan("100001", "2026-11-24T12:00:00");  // later in the day: still where it is, not a buzz
  EXPECT_EQ(m["message"], "You've handed in: Pouch 1");
  EXPECT_EQ(m["lines"], json::array({"Zoë K. (7A)", "Collection opens at 15:10"}));
  EXPECT_TRUE(has_choice(m, "early"));
  EXPECT_EQ(store->state().held.size(), 1u);
}

TEST_F(HandIn, PH2_AnotherDeviceIsAnOptionalStepAfter) {
  scan("100001");
  json m = choose("more");
  EXPECT_EQ(m["screen"], "handin.more");
  EXPECT_TRUE(m["wants_text"].get<bool>());
  text("Black Garmin");
  m = choose("smartwatch");
  EXPECT_EQ(m["screen"], "handin.slot");
  EXPECT_EQ(m["big"], "Pouch 2");
  ASSERT_EQ(store->state().held.size(), 2u);
  auto watch = std::ranges::find_if(store->state().held, [](const auto& kv) { return kv.second.slot == "PO0002"; });
  EXPECT_EQ(watch->second.kind, core::HeldKind::Smartwatch);
  EXPECT_EQ(watch->second.description, "Black Garmin");
}

TEST_F(HandIn, PH3_UndoTakesBackTheHandInAtOnce) {
  scan("100001");
  json m = choose("undo", "2026-11-24T08:20:05");
  EXPECT_EQ(m["screen"], "result");
  EXPECT_TRUE(store->state().held.empty());
  auto collected = events_of("handin.collected");
  ASSERT_EQ(collected.size(), 1u);
  EXPECT_EQ(std::get<core::Collected>(collected[0].data).reason, core::kUndoReason);
  EXPECT_EQ(scan("100002")["big"], "Pouch 1");
}

TEST_F(HandIn, PH2_APouchFreedByACollectionIsTheNextOneOffered) {
  for (const char* card : {"100001", "100002", "100003"}) {
    scan(card);
    choose("done");
  }
  // Pouches 1, 2 and 3 are in use; Łukasz collects from Pouch 2.
  json m = scan("100002", "2026-11-24T15:12:00");
  EXPECT_EQ(m["big"], "Pouch 2");
  scan("PO0002", "2026-11-24T15:12:00");
  ASSERT_EQ(store->state().held.size(), 2u);
  // Next morning Łukasz is offered the pouch he emptied, below the ones in use.
  m = scan("100002", "2026-11-25T08:10:00");
  EXPECT_EQ(m["big"], "Pouch 2");
  choose("done", "2026-11-25T08:10:00");
  // A pupil who put their phone in a pouch of their own choosing leaves the lower ones free.
  m = scan("100001", "2026-11-25T15:12:00");
  scan("PO0001", "2026-11-25T15:12:00");
  m = scan("100001", "2026-11-26T08:10:00");
  EXPECT_EQ(m["big"], "Pouch 1");
  scan("PO0005", "2026-11-26T08:10:00");
  EXPECT_EQ(store->state().held.size(), 3u);
  m = scan("100003", "2026-11-26T15:12:00");
  scan("PO0003", "2026-11-26T15:12:00");
  m = scan("100003", "2026-11-27T08:10:00");
  EXPECT_EQ(m["big"], "Pouch 1");
}

// Issue 21: pouches 1-2 are on the library's rack, 3-5 on this desk's ("test").
TEST_F(HandIn, PH2_ADeskNeverOffersAPouchOfAnotherDesksRack) {
  for (auto [rack, first, last, to] : {std::array<const char*, 4>{"A", "PO0001", "PO0002", "library"},
                                       std::array<const char*, 4>{"B", "PO0003", "PO0005", "test"}}) {
    auto d = core::decide(store->state(), core::MoveRack{.actor = "system", .rack = rack, .first = first,
                                                         .last = last, .to = to},
                          t("2026-11-24T07:00:00"));
    ASSERT_TRUE(d.allowed()) << d.refusals.front().message;
    store->commit(d.events);
  }
  auto open_desk = [&](const char* kiosk) {
    session.reset();
    controller.emplace(*store, kiosk::ControllerOptions{.kiosk = kiosk});
    session.emplace(*controller, [] { return t("2026-11-24T08:20:00"); }, /*clock_from_input=*/true);
  };
  open_desk("test");
  EXPECT_EQ(scan("100001")["big"], "Pouch 3");
  EXPECT_EQ(scan("100002")["big"], "Pouch 4");
  json m = scan("PO0001");  // the library's, in this desk's hands by mistake
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["message"], "Pouch 1 is on rack A of desk library: use a pouch of this desk's");
  open_desk("office");  // no rack of its own
  m = scan("100003");
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["message"], "No free pouch on this desk's racks: please ask at the office. An administrator can move a "
                          "rack to desk office (Reports, Racks of pouches; or tagdesk rack move RACK --to "
                          "office)");
  EXPECT_EQ(store->state().held.size(), 2u);
}

TEST_F(HandIn, PH1_BeforeHandInOpensGivesAdviceAndRecordsNothing) {
  json m = scan("100001", "2026-11-24T06:50:00");
  EXPECT_EQ(m["feedback"], "notice");
  EXPECT_EQ(m["rules"], json::array({"PH1"}));
  EXPECT_EQ(m["message"], "Hand-in opens at 07:30");
  EXPECT_EQ(m["lines"], json::array({"Please come back then, or hand your phone in at the school office"}));
  EXPECT_TRUE(store->state().held.empty());
}

using Collection = Desk;

TEST_F(Collection, PH3_BeforeCollectionOpensNothingChanges) {
  scan("100001");
  auto before = store->event_count();
  json m = scan("COLLECT", "2026-11-24T12:00:00");
  m = scan("100001", "2026-11-24T12:00:00");
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["rules"], json::array({"PH3"}));
  EXPECT_EQ(m["message"], "Collection opens at 15:10");
  EXPECT_TRUE(has_choice(m, "early"));
  EXPECT_EQ(store->event_count(), before);
  EXPECT_EQ(store->state().held.size(), 1u);
}

TEST_F(Collection, PH3_ThePouchNumberIsHugeAndAScanOfThePouchClosesIt) {
  scan("100001");
  choose("done");
  json m = scan("100001", "2026-11-24T15:12:00");
  EXPECT_EQ(m["screen"], "collect.pouch");
  EXPECT_EQ(m["big"], "Pouch 1");
  m = scan("PO0002");  // the wrong pouch
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(store->state().held.size(), 1u);
  m = scan("PO0001");
  EXPECT_EQ(m["screen"], "result");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_TRUE(store->state().held.empty());
  EXPECT_EQ(events_of("handin.collected").size(), 1u);
  // The pouch is free again for the next morning.
  m = scan("100002", "2026-11-25T08:10:00");
  EXPECT_EQ(m["big"], "Pouch 1");
}

// PH3: no collection without the pouch: a label that will not scan is typed,
// and the number must be a pouch holding the pupil's phone.
TEST_F(Collection, PH3_APouchThatWillNotScanIsTypedAndChecked) {
  scan("100001");
  choose("done");
  json m = scan("100001", "2026-11-24T15:12:00");
  EXPECT_FALSE(has_choice(m, "done")) << "collected without the pouch: " << m.dump();
  m = choose("type");
  EXPECT_EQ(m["screen"], "collect.typed");
  EXPECT_TRUE(m["wants_text"].get<bool>());
  m = text("2");  // Pouch 2 holds nothing of theirs
  EXPECT_EQ(m["feedback"], "notice");
  EXPECT_EQ(m["message"], "No pouch numbered \"2\" holds anything for Zoë K. (7A): type the number on the pouch handed over");
  EXPECT_EQ(m["screen"], "collect.typed");
  EXPECT_EQ(store->state().held.size(), 1u);
  m = text("pouch 01");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(m["screen"], "result");
  EXPECT_TRUE(store->state().held.empty());
}

TEST_F(Collection, PH3_EarlyReleaseNeedsStaffAuthorisationAndAReason) {
  scan("100001");
  choose("done");
  scan("100001", "2026-11-24T11:00:00");
  json m = choose("early");
  EXPECT_EQ(m["screen"], "collect.authorise");
  scan("900001");
  m = pin(pins().at("S001"));
  EXPECT_EQ(m["screen"], "collect.reason");
  EXPECT_TRUE(m["wants_text"].get<bool>());
  m = text("Dentist appointment");
  EXPECT_EQ(m["screen"], "result");
  EXPECT_EQ(m["feedback"], "accepted");
  auto collected = events_of("handin.collected");
  ASSERT_EQ(collected.size(), 1u);
  const auto& c = std::get<core::Collected>(collected[0].data);
  EXPECT_TRUE(c.early);
  EXPECT_EQ(c.reason, "Dentist appointment");
  EXPECT_EQ(collected[0].authoriser, "S001");
}

using Privacy = Desk;

TEST_F(Privacy, DP1_PublicScreensShowOnlyFirstNameInitialAndForm) {
  std::string all;
  all += scan("100001").dump();
  all += choose("done").dump();
  all += scan("100001", "2026-11-24T15:30:00").dump();
  all += scan("PO0001").dump();
  EXPECT_NE(all.find("Zoë K. (7A)"), std::string::npos) << all;
  EXPECT_EQ(all.find("Kowalski"), std::string::npos) << all;
  EXPECT_EQ(all.find("P0001"), std::string::npos) << all;
}

using Codes = Desk;

TEST_F(Codes, SE3_ACodeThatIsNotOursIsRefusedAndChangesNothing) {
  scan("100001");
  auto before = store->event_count();
  json m = scan("https://example.com/win");
  EXPECT_EQ(m["feedback"], "refused");
  EXPECT_EQ(m["rules"], json::array({"SE3"}));
  EXPECT_EQ(m["screen"], "handin.slot");  // the flow carries on
  m = scan("5012345678900");
  EXPECT_EQ(m["rules"], json::array({"SE3"}));
  EXPECT_EQ(store->event_count(), before);
}

TEST_F(Codes, OurTagsResolveAndOtherSchoolsTagsAreRefused) {
  json m = scan(scanner::encode_tag("SCH", scanner::TagKind::Person, "P0001"));
  EXPECT_EQ(m["screen"], "handin.slot");
  m = scan(scanner::encode_tag("SCH", scanner::TagKind::Slot, "PO0004"));
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(store->state().held.begin()->second.slot, "PO0004");
  auto before = store->event_count();
  m = scan(scanner::encode_tag("XYZ", scanner::TagKind::Person, "P0002"));
  EXPECT_EQ(m["rules"], json::array({"SE3"}));
  m = scan(scanner::encode_tag("SCH", scanner::TagKind::Command, "COLLECT"));
  EXPECT_EQ(m["prompt"], "Collect: scan your card");
  EXPECT_EQ(store->event_count(), before);
}

TEST_F(Codes, CommandCardsRunTheDeskFromTheScanner) {
  json m = scan("COLLECT", "2026-11-24T08:00:00");
  EXPECT_EQ(m["prompt"], "Collect: scan your card");
  m = scan("100001");  // nothing held: nothing to collect
  EXPECT_EQ(m["feedback"], "refused");
  m = scan("HANDIN");
  EXPECT_EQ(m["prompt"], "Hand in: scan your card");
  m = scan("100001");
  EXPECT_EQ(m["feedback"], "accepted");
  m = scan("PO0002");
  EXPECT_EQ(m["feedback"], "accepted");
  EXPECT_EQ(store->state().held.begin()->second.slot, "PO0002");
  m = scan("CANCEL");
  EXPECT_EQ(m["screen"], "home");
}

using Failure = Desk;

TEST_F(Failure, AStorageFailureShowsTheErrorScreenAndRecordsNothing) {
  auto before = store->event_count();
  store->database().exec("PRAGMA query_only = ON");
  json m = scan("100001");
  EXPECT_EQ(m["screen"], "error");
  EXPECT_EQ(m["message"], "Could not save \u2014 nothing was recorded. Please try again or call the office.");
  store->database().exec("PRAGMA query_only = OFF");
  EXPECT_EQ(store->event_count(), before);
  EXPECT_TRUE(store->state().held.empty());
  // The desk carries on.
  EXPECT_EQ(scan("100001")["feedback"], "accepted");
  EXPECT_EQ(store->state().held.size(), 1u);
}

}  // namespace
}  // namespace kiosk_test
