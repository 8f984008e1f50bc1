// Conflicts between desks (core/conflicts.h): which desk records one, with
// which of its own events, and what it says. Pure: events and their places
// in the school's order in, conflict.recorded events out.
#include <gtest/gtest.h>

#include "core/conflicts.h"

namespace {

using namespace core;

Event event(std::string id, std::string kiosk, const char* at, EventData data) {
  return Event{.id = std::move(id), .kiosk = std::move(kiosk), .at = *parse_time(at), .actor = "S1",
               .data = std::move(data)};
}
EventData signed_out(std::string loan, std::string borrower) {
  return SignedOut{.loan = {.id = std::move(loan), .device = "LT1", .borrower = std::move(borrower)}};
}

// Reception signed LT1 out to P1; the library, offline, signed it out to P2.
const Event kReception = event("r1", "reception", "2026-11-24T08:30:00", signed_out("L1", "P1"));
const Event kLibrary = event("b1", "library", "2026-11-24T08:35:00", signed_out("L2", "P2"));

TEST(Conflicts, LN1_SignedOutAtTwoDesksIsRecordedByTheDeskLaterInTheServersOrder) {
  // The library's sign-out came second (position 11): it records the conflict when it pulls reception's (10).
  auto found = find_conflicts({{&kReception, 10}}, {{&kLibrary, 11}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "conflict-r1-b1");  // the same on a retry: recorded once
  EXPECT_EQ(found[0].at, kLibrary.at);
  EXPECT_EQ(found[0].data, (EventData{ConflictRecorded{
                               .device = "LT1",
                               .first = {.event = "r1", .kiosk = "reception", .at = kReception.at, .actor = "S1",
                                         .type = "loan.signed-out", .person = "P1"},
                               .second = {.event = "b1", .kiosk = "library", .at = kLibrary.at, .actor = "S1",
                                          .type = "loan.signed-out", .person = "P2"}}}));
  // Not yet sent: still after it.
  EXPECT_EQ(find_conflicts({{&kReception, 10}}, {{&kLibrary, 0}}).size(), 1u);
  // Reception, pulling the library's later one, leaves it to the library: exactly once across desks.
  EXPECT_TRUE(find_conflicts({{&kLibrary, 11}}, {{&kReception, 10}}).empty());
}

TEST(Conflicts, LN9_ReturnedAtOneDeskWhileReportedLostAtAnother) {
  auto lost = event("r2", "reception", "2026-11-24T09:00:00",
                    ReportedLost{.device = "LT1", .stolen = false, .known = {}, .last_custodian = "P1"});
  auto back = event("b2", "library", "2026-11-24T09:10:00",
                    Returned{.loan = "L1", .device = "LT1", .borrower = "P1"});
  auto found = find_conflicts({{&lost, 20}}, {{&back, 21}});
  ASSERT_EQ(found.size(), 1u);
  const auto& c = std::get<ConflictRecorded>(found[0].data);
  EXPECT_EQ(c.first.type, "device.reported-lost");
  EXPECT_EQ(c.second.type, "loan.returned");
}

TEST(Conflicts, LN1_OnlyCustodyOfTheSameDeviceConflicts) {
  auto other = event("b3", "library", "2026-11-24T08:35:00",
                     SignedOut{.loan = {.id = "L3", .device = "LT2", .borrower = "P2"}});
  auto tested = event("b4", "library", "2026-11-24T08:40:00",
                      PatTested{.record = {.device = "LT1"}});
  EXPECT_TRUE(find_conflicts({{&kReception, 10}}, {{&other, 11}, {&tested, 12}}).empty());
}

TEST(Conflicts, LN1_EachPulledEventPairsWithTheFirstOwnEventItConflictsWith) {
  // The library signed LT1 out and back before it heard of reception's sign-out: one conflict, with the sign-out.
  auto back = event("b5", "library", "2026-11-24T08:50:00", Returned{.loan = "L2", .device = "LT1", .borrower = "P2"});
  auto found = find_conflicts({{&kReception, 10}}, {{&kLibrary, 11}, {&back, 12}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "conflict-r1-b1");
}

TEST(Conflicts, PH3_APhoneCollectedAtTwoDesks) {
  // Zoë's phone, handed in at reception and pulled by the library, was collected at both while they were apart.
  auto reception = event("r6", "reception", "2026-11-24T15:10:00", Collected{.held = "H1", .pupil = "P1"});
  auto library = event("b6", "library", "2026-11-24T15:12:00", Collected{.held = "H1", .pupil = "P1"});
  auto found = find_conflicts({{&reception, 30}}, {{&library, 0}});
  ASSERT_EQ(found.size(), 1u);
  const auto& c = std::get<ConflictRecorded>(found[0].data);
  EXPECT_EQ(c.held, "H1");
  EXPECT_EQ(c.device, "");
  EXPECT_EQ(c.second.type, "handin.collected");
  EXPECT_EQ(c.second.person, "P1");
  EXPECT_EQ(conflict_subjects(library.data).person, "P1");  // where the desk looks for its own
  // Another of her phones is another item.
  auto other = event("b7", "library", "2026-11-24T15:12:00", Collected{.held = "H2", .pupil = "P1"});
  EXPECT_TRUE(find_conflicts({{&reception, 30}}, {{&other, 0}}).empty());
}

TEST(Conflicts, CF2_AConfiscatedItemReleasedAtTwoDesks) {
  auto reception = event("r8", "reception", "2026-11-24T16:00:00", Released{.held = "C1", .pupil = "P1"});
  auto library = event("b8", "library", "2026-11-24T16:05:00",
                       Released{.held = "C1", .pupil = "P1", .to = ReleaseTo::Parent, .name = "Ann Kowalska"});
  auto found = find_conflicts({{&reception, 40}}, {{&library, 41}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(std::get<ConflictRecorded>(found[0].data).held, "C1");
}

}  // namespace
