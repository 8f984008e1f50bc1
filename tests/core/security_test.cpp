// DP1-DP4 and SE1-SE3: personal data on a public screen, sessions, PINs and unknown codes.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "harness.h"

using harness::at;
using harness::day;
using harness::School;

TEST(PublicScreen, DP1_PupilsNamedOnlyByFirstNameInitialAndForm) {
  School s;
  auto d = s.submit(core::HandIn{.actor = "P0001", .pupil = "P0001", .slot = "S001"}, at("2026-11-23T08:00:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.message, "Pouch 0001 - Zoë K. (7A)");
  EXPECT_EQ(d.message.find("Kowalski"), std::string::npos);
  auto conf = s.submit(core::Confiscate{.actor = "S0001", .pupil = "P0002", .reason = "lesson", .rule_breached = "B4"},
                       at("2026-11-23T10:00:00"));
  ASSERT_TRUE(conf.allowed());
  EXPECT_EQ(conf.message, "Pouch 0002 - Sam L. (7A): back to the pupil at the end of the day");
  EXPECT_EQ(conf.message.find("Lee"), std::string::npos);
}

TEST(Sessions, DP2_SessionEndsAfterTheIdleTime) {
  core::Settings cfg;
  EXPECT_FALSE(core::session_expired(at("2026-11-23T09:00:00"), at("2026-11-23T09:01:29"), cfg.idle_seconds));
  EXPECT_TRUE(core::session_expired(at("2026-11-23T09:00:00"), at("2026-11-23T09:01:30"), cfg.idle_seconds));
  ASSERT_FALSE(core::set_setting(cfg, "session.idle-seconds", "300"));
  EXPECT_FALSE(core::session_expired(at("2026-11-23T09:00:00"), at("2026-11-23T09:04:59"), cfg.idle_seconds));
}

TEST(Retention, DP3_PurgeIsAnAdministratorsPreviewThenApply) {
  School s;
  s.seed(core::Confiscated{core::HeldItem{.id = "C-OLD", .pupil = "P0001",
                                          .confiscation = core::Confiscation{.reason = "old"}}},
         at("2020-01-10T10:00:00"));
  s.seed(core::Released{.held = "C-OLD", .pupil = "P0001", .to = core::ReleaseTo::Parent}, at("2020-01-10T16:00:00"));
  EXPECT_TRUE(s.submit(core::Purge{.actor = "S0001", .apply = true}, at("2026-11-23T09:00:00")).refused_by("DP3"));
  auto preview = s.submit(core::Purge{.actor = "A0001"}, at("2026-11-23T09:00:00"));
  ASSERT_TRUE(preview.allowed());
  EXPECT_TRUE(preview.events.empty());
  EXPECT_EQ(preview.message,
            "Deletes daily hand-in records before Mon 1 Sep 2025 and confiscation, evidence-hold and loss records before "
            "Mon 23 Nov 2020 (1 confiscations)");
  EXPECT_EQ(s.state.confiscations.at("P0001").size(), 1u);
  auto apply = s.submit(core::Purge{.actor = "A0001", .apply = true}, at("2026-11-23T09:00:00"));
  ASSERT_EQ(apply.events.size(), 1u);
  const auto& ev = std::get<core::RecordsPurged>(apply.events.at(0).data);
  EXPECT_EQ(ev.handin_before, day("2025-09-01"));  // 2024/25 records: their following year ended in August
  EXPECT_EQ(ev.records_before, day("2020-11-23"));
  EXPECT_TRUE(s.state.confiscations.at("P0001").empty());
}

TEST(Export, DP4_OnlyAnAdministratorExportsAndItIsLogged) {
  School s;
  EXPECT_TRUE(s.submit(core::Export{.actor = "D0001", .what = "people"}, at("2026-11-23T09:00:00")).refused_by("DP4"));
  auto d = s.submit(core::Export{.actor = "A0001", .what = "people", .destination = "people.csv"},
                    at("2026-11-23T09:00:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(std::get<core::DataExported>(d.events.at(0).data).destination, "people.csv");
}

TEST(Accountability, SE1_EveryEventCarriesActorTimeAndAuthoriser) {
  School s;
  auto unknown = s.submit(core::HandIn{.actor = "NOBODY", .pupil = "P0001"}, at("2026-11-23T08:00:00"));
  EXPECT_TRUE(unknown.refused_by("SE1"));
  auto d = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001"}, at("2026-11-23T08:00:00"));
  EXPECT_FALSE(d.allowed());
  ASSERT_TRUE(s.submit(core::HandIn{.actor = "P0001", .pupil = "P0001"}, at("2026-11-23T08:00:00")).allowed());
  auto early = s.submit(core::Collect{.actor = "P0001", .pupil = "P0001", .authorised_by = "S0002", .reason = "ill"},
                        at("2026-11-23T10:00:00"));
  ASSERT_EQ(early.events.size(), 1u);
  EXPECT_EQ(early.events[0].actor, "P0001");
  EXPECT_EQ(early.events[0].authoriser, "S0002");
  EXPECT_EQ(early.events[0].at, at("2026-11-23T10:00:00"));
}

TEST(Pins, SE2_PinsAreAtLeastSixDigits) {
  School s;
  auto short_pin = s.submit(core::SetPin{.actor = "S0002", .person = "S0002", .hash = "h", .pin_length = 5,
                                         .pin_all_digits = true},
                            at("2026-11-23T09:00:00"));
  EXPECT_TRUE(short_pin.refused_by("SE2"));
  EXPECT_TRUE(s.submit(core::SetPin{.actor = "S0002", .person = "S0002", .hash = "h", .pin_length = 6,
                                    .pin_all_digits = false},
                       at("2026-11-23T09:00:00"))
                  .refused_by("SE2"));
  EXPECT_TRUE(s.submit(core::SetPin{.actor = "S0002", .person = "S0001", .hash = "h", .pin_length = 6,
                                    .pin_all_digits = true},
                       at("2026-11-23T09:00:00"))
                  .refused_by("SE2"));
  ASSERT_TRUE(s.submit(core::SetPin{.actor = "S0002", .person = "S0002", .hash = "$argon2id$new", .pin_length = 6,
                                    .pin_all_digits = true},
                       at("2026-11-23T09:00:00"))
                  .allowed());
  EXPECT_EQ(s.state.people.at("S0002").pin_hash, "$argon2id$new");
}

TEST(Pins, SE2_TenWrongPinsInFiveMinutesLockTheBadge) {
  // One desk cannot reach ten (safeguards_test.cpp); the command line and other
  // desks record their wrong PINs too, and ten in all lock the badge.
  School s;
  core::Time t = at("2026-11-23T09:00:00");
  for (int i = 0; i < 9; ++i) s.seed(core::PinFailed{"S0002"}, t + std::chrono::seconds{i * 20});
  auto tenth = s.submit(core::StartSession{.actor = "S0002", .pin_ok = false}, t + std::chrono::seconds{220});
  EXPECT_EQ(harness::refusal(tenth), "Wrong PIN. This badge is now locked for 15 minutes");
  auto locked = s.submit(core::StartSession{.actor = "S0002", .pin_ok = true}, t + std::chrono::seconds{221});
  EXPECT_TRUE(locked.refused_by("SE2"));
  EXPECT_EQ(harness::refusal(locked), "Too many wrong PINs: this badge is locked until 09:18:40");
  EXPECT_TRUE(s.submit(core::StartSession{.actor = "S0002", .pin_ok = true}, at("2026-11-23T09:18:40")).allowed());
}

TEST(Pins, SE2_WrongPinsSpreadBeyondTheWindowDoNotLock) {
  School s;
  core::Time t = at("2026-11-23T09:00:00");
  for (int i = 0; i < 12; ++i)
    (void)s.submit(core::StartSession{.actor = "S0002", .pin_ok = false}, t + std::chrono::minutes{i});
  EXPECT_FALSE(s.state.people.at("S0002").locked_until);
  EXPECT_TRUE(s.submit(core::StartSession{.actor = "S0002", .pin_ok = true}, t + std::chrono::minutes{13}).allowed());
}

TEST(Codes, SE3_UnknownCodeRefusedPlainlyAndChangesNothing) {
  auto d = core::refuse_unknown_code("https://example.com/x");
  EXPECT_TRUE(d.refused_by("SE3"));
  EXPECT_TRUE(d.events.empty());
  EXPECT_EQ(harness::refusal(d), "That is a web address, not one of the school's tags. Nothing has changed.");
  auto shop = core::refuse_unknown_code("5012345678900");
  EXPECT_EQ(harness::refusal(shop),
            "That code is not one of the school's tags, cards or slots. Nothing has changed.");
  School s;
  auto before = s.state;
  EXPECT_TRUE(s.submit(core::StartSession{.actor = "5012345678900", .pin_ok = true}, at("2026-11-23T09:00:00"))
                  .refused_by("SE3"));
  EXPECT_EQ(s.state, before);
}
