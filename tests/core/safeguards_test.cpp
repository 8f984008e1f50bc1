// Issue 18 (docs/SECURITY.md): no school without an administrator, no mass
// deactivation unannounced, text within its limits, PIN guessing without a
// lock-out anyone can cause.
#include <gtest/gtest.h>

#include "core/limits.h"
#include "core/safeguards.h"
#include "harness.h"

using harness::at;
using harness::School;

namespace {

core::Person second_admin() {
  core::Person p{.id = "A0002", .first_name = "Bea", .surname = "Bursar"};
  p.roles.add(core::Right::Staff).add(core::Right::Admin);
  return p;
}

const core::Time kNine = at("2026-11-23T09:00:00");

}  // namespace

// AR1, SE1: the administration area and closing the kiosk are decided in core.
TEST(Administrators, SE1_OnlyAnAdministratorOpensTheAdminAreaOrClosesTheKiosk) {
  School s;
  auto now = at("2026-11-23T10:00:00");
  EXPECT_TRUE(core::decide(s.state, core::OpenArea{.actor = "A0001"}, now).allowed());
  EXPECT_TRUE(core::decide(s.state, core::OpenArea{.actor = "A0001", .area = core::Area::CloseKiosk}, now).allowed());
  auto admin = core::decide(s.state, core::OpenArea{.actor = "S0001"}, now);
  EXPECT_TRUE(admin.refused_by("AR1"));
  EXPECT_EQ(harness::refusal(admin), "Only an administrator can open the administration area");
  auto close = core::decide(s.state, core::OpenArea{.actor = "S0001", .area = core::Area::CloseKiosk}, now);
  EXPECT_TRUE(close.refused_by("SE1"));
  EXPECT_TRUE(close.events.empty());
}

TEST(Administrators, SE1_TheLastAdministratorCannotBeDeactivated) {
  School s;
  auto d = s.submit(core::DeactivatePerson{.actor = "system", .person = "A0001"}, kNine);
  EXPECT_TRUE(d.refused_by("SE1"));
  EXPECT_TRUE(d.events.empty());
  EXPECT_EQ(harness::refusal(d),
            "This would leave the school without an active administrator: Ada Admin (A0001) is the last one. "
            "Make someone else an administrator first.");
  EXPECT_TRUE(s.state.people.at("A0001").active);
}

TEST(Administrators, SE1_TheLastAdministratorKeepsTheRight) {
  School s;
  core::Person demoted = s.state.people.at("A0001");
  demoted.roles = core::Roles{}.add(core::Right::Staff);
  EXPECT_TRUE(s.submit(core::RecordPerson{.actor = "A0001", .person = demoted}, kNine).refused_by("SE1"));
  demoted = s.state.people.at("A0001");
  demoted.active = false;
  EXPECT_TRUE(s.submit(core::RecordPerson{.actor = "system", .person = demoted}, kNine).refused_by("SE1"));
  EXPECT_TRUE(s.state.people.at("A0001").roles.has(core::Right::Admin));
}

TEST(Administrators, SE1_OneAdministratorMayGoWhileAnotherStays) {
  School s;
  ASSERT_TRUE(s.submit(core::RecordPerson{.actor = "A0001", .person = second_admin()}, kNine).allowed());
  ASSERT_TRUE(s.submit(core::DeactivatePerson{.actor = "A0002", .person = "A0001"}, kNine).allowed());
  // ... and then not themselves.
  auto self = s.submit(core::DeactivatePerson{.actor = "A0002", .person = "A0002"}, kNine);
  EXPECT_TRUE(self.refused_by("SE1"));
  EXPECT_NE(harness::refusal(self).find("Bea Bursar (A0002) is the last one"), std::string::npos);
}

TEST(Administrators, SE1_ABatchThatRemovesEveryAdministratorIsRefusedNamingThem) {
  School s;
  ASSERT_TRUE(s.submit(core::RecordPerson{.actor = "A0001", .person = second_admin()}, kNine).allowed());
  // Each alone is allowed (an import decides row by row); together they are not.
  std::vector<core::Event> batch = {{.data = core::PersonDeactivated{"A0001"}},
                                    {.data = core::PersonDeactivated{"A0002"}},
                                    {.data = core::PersonDeactivated{"S0001"}}};
  auto r = core::keeps_an_administrator(s.state, batch);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message,
            "This would leave the school without an active administrator: Ada Admin (A0001) and Bea Bursar (A0002) "
            "are the last ones. Make someone else an administrator first.");
  // A batch that makes a new administrator as it removes the old is fine.
  core::Person promoted = s.state.people.at("S0001");
  promoted.roles.add(core::Right::Admin);
  batch.back() = {.data = core::PersonRecorded{promoted}};
  EXPECT_FALSE(core::keeps_an_administrator(s.state, batch));
}

TEST(Administrators, LeaversOverTheSchoolsShareAreCounted) {
  School s;  // 4 active staff (A0001, S0001, S0002, D0001), 3 pupils
  std::vector<core::Event> one_pupil = {{.data = core::PersonDeactivated{"P0001"}}};
  auto l = core::leavers_of(s.state, one_pupil);
  EXPECT_EQ(l.pupils, std::vector<std::string>{"P0001"});
  EXPECT_EQ(l.active_pupils, 3);
  EXPECT_TRUE(l.too_many(s.state.settings));  // 1 of 3 is over 10%
  s.setting("import.max-leavers-percent", "40");
  EXPECT_FALSE(l.too_many(s.state.settings));
  core::Person gone = s.state.people.at("S0002");
  gone.active = false;
  std::vector<core::Event> two_staff = {{.data = core::PersonDeactivated{"S0001"}}, {.data = core::PersonRecorded{gone}}};
  l = core::leavers_of(s.state, two_staff);
  EXPECT_EQ(l.staff, (std::vector<std::string>{"S0001", "S0002"}));
  EXPECT_EQ(l.active_staff, 4);
  EXPECT_TRUE(l.too_many(s.state.settings));  // 2 of 4 is over 40%
}

TEST(Administrators, SE1_RecoveringAnAdministratorOnlyWhenThereIsNone) {
  School s;
  core::RecoverAdmin recover{.actor = "system", .person = {.id = "S0002"}, .os_user = "itadmin",
                             .hash = "$argon2id$new", .pin_length = 6, .pin_all_digits = true};
  auto refused = s.submit(recover, kNine);
  EXPECT_TRUE(refused.refused_by("SE1"));
  EXPECT_NE(harness::refusal(refused).find("Ada Admin (A0001) is an active administrator"), std::string::npos);
  s.seed(core::PersonDeactivated{"A0001"});  // as an old import did, before the rule
  auto at_desk = recover;
  at_desk.actor = "S0002";
  EXPECT_TRUE(s.submit(at_desk, kNine).refused_by("SE1"));
  auto d = s.submit(recover, kNine);
  ASSERT_TRUE(d.allowed()) << harness::refusal(d);
  ASSERT_EQ(d.events.size(), 3u);
  EXPECT_EQ(std::get<core::AdminRecovered>(d.events[0].data).os_user, "itadmin");
  const auto& p = s.state.people.at("S0002");
  EXPECT_TRUE(p.active && p.roles.has(core::Right::Admin));
  EXPECT_EQ(p.pin_hash, "$argon2id$new");
  EXPECT_EQ(p.surname, "Assistant");  // the existing record, kept
}

TEST(TextLimits, SE3_ATenMegabyteNoteIsRefused) {
  School s;
  core::Device d = s.state.devices.at("CAM1");
  d.notes = std::string(10'000'000, 'x');
  auto big = s.submit(core::RecordDevice{.actor = "A0001", .device = d}, kNine);
  EXPECT_TRUE(big.refused_by("SE3"));
  EXPECT_EQ(harness::refusal(big), "The notes is longer than 2000 characters. Nothing has changed.");
  d.notes = std::string(2000, 'x');
  EXPECT_TRUE(s.submit(core::RecordDevice{.actor = "A0001", .device = d}, kNine).allowed());
}

TEST(TextLimits, SE3_ControlCharactersAreRefusedEverywhere) {
  School s;
  core::Person p = s.state.people.at("S0002");
  p.surname = "Assistant\x1b[2J";
  EXPECT_TRUE(s.submit(core::RecordPerson{.actor = "A0001", .person = p}, kNine).refused_by("SE3"));
  p.surname = "Assistant\xc2\x9b" "2J";  // C1 CSI
  EXPECT_TRUE(s.submit(core::RecordPerson{.actor = "A0001", .person = p}, kNine).refused_by("SE3"));
  EXPECT_TRUE(s.submit(core::HandIn{.actor = "P0001", .pupil = "P0001", .description = "red\tphone"}, kNine)
                  .refused_by("SE3"));
  EXPECT_TRUE(s.submit(core::Return{.actor = "S0001", .device = "LT01", .note = "a\x1b[8mb"}, kNine).refused_by("SE3"));
  p.surname = "Ó Súilleabháin";  // letters, not controls
  EXPECT_TRUE(s.submit(core::RecordPerson{.actor = "A0001", .person = p}, kNine).allowed());
}

TEST(TextLimits, PrintableShowsControlCharactersAsText) {
  EXPECT_EQ(core::printable("Zoë\x1b[31mK\x7f\xc2\x9b"), "Zoë\\x1b[31mK\\x7f\\xc2\\x9b");
  EXPECT_EQ(core::printable("plain é"), "plain é");
}

// Item 11: anyone can scan an administrator's badge (the codes are sequential)
// and type wrong PINs as fast as the desk lets them, for as long as they like.
TEST(Pins, SE2_AWrongPinSaysHowManyTriesAreLeftBeforeAWait) {
  School s;
  std::vector<std::string> said;
  for (int i = 0; i < 4; ++i)
    said.push_back(harness::refusal(
        s.submit(core::StartSession{.actor = "A0001", .pin_ok = false}, kNine + std::chrono::seconds{i})));
  EXPECT_EQ(said, (std::vector<std::string>{"Wrong PIN: 2 more tries before a wait", "Wrong PIN: 1 more try before a wait",
                                            "Wrong PIN: the next try can be in 15 seconds",
                                            "Too many wrong PINs: wait 14 seconds, then try again"}));
}

TEST(Pins, SE2_GuessingAtABadgeNeverExceedsTenInFiveMinutesNorLocksTheRealPersonOut) {
  School s;
  std::vector<core::Time> guesses;
  core::Time t = kNine;
  for (; t < kNine + std::chrono::hours{1}; t += std::chrono::seconds{1}) {
    auto d = s.submit(core::StartSession{.actor = "A0001", .pin_ok = false}, t);
    if (!d.events.empty()) guesses.push_back(t);  // tried (and recorded), not refused as too soon
  }
  ASSERT_GT(guesses.size(), 50u);
  for (std::size_t i = 0; i + 10 <= guesses.size(); ++i)
    EXPECT_GE(guesses[i + 9] - guesses[i], std::chrono::minutes{5}) << "10 guesses within 5 minutes from " << i;
  EXPECT_FALSE(s.state.people.at("A0001").locked_until);
  // The administrator arrives just after a guess: at most a minute's wait, then in.
  core::Time last = guesses.back();
  auto soon = s.submit(core::StartSession{.actor = "A0001", .pin_ok = true}, last + std::chrono::seconds{30});
  EXPECT_EQ(harness::refusal(soon), "Too many wrong PINs: wait 30 seconds, then try again");
  EXPECT_TRUE(soon.events.empty());  // not a guess: nothing counted
  EXPECT_TRUE(s.submit(core::StartSession{.actor = "A0001", .pin_ok = true}, last + std::chrono::seconds{60}).allowed());
}
