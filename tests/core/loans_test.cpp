// LN1-LN13: lending the school's devices.
#include <gtest/gtest.h>

#include "core/queries.h"
#include "harness.h"

using harness::at;
using harness::day;
using harness::School;

namespace {

// Everything a flow collects, confirmed: tests switch off what they examine.
core::SignOut out(std::string device, std::string borrower = "S0002", bool off_site = false) {
  return core::SignOut{.actor = borrower, .borrower = borrower, .device = device, .off_site = off_site,
                       .admin_approver = off_site ? "A0001" : "", .aup_accepted = true,
                       .conditions_confirmed = true, .accessories_confirmed = true};
}

const core::Loan& loan_of(const School& s, const std::string& device) { return *s.state.loan_of(device); }

}  // namespace

TEST(LoanPolicy, LN1_OneNamedActivePersonAtATime) {
  School s;
  ASSERT_TRUE(s.submit(out("LT01"), at("2026-11-23T09:00:00")).allowed());
  auto second = s.submit(out("LT01", "S0001"), at("2026-11-23T09:05:00"));
  EXPECT_TRUE(second.refused_by("LN1"));
  EXPECT_EQ(harness::refusal(second),
            "This laptop is already signed out to Tess Assistant: it must be returned first");
  // The refusal is itself on record.
  ASSERT_EQ(second.events.size(), 1u);
  EXPECT_EQ(std::get<core::SignOutRefused>(second.events.at(0).data).rules, std::vector<std::string>{"LN1"});
  EXPECT_EQ(loan_of(s, "LT01").borrower, "S0002");
}

TEST(LoanPolicy, LN1_OnlyStaffSignOutToOthersAndPupilsDoNotSelfServe) {
  School s;
  auto for_other = out("PJ01", "S0001");
  for_other.actor = "P0001";
  EXPECT_TRUE(s.submit(for_other, at("2026-11-23T09:00:00")).refused_by("LN1"));
  EXPECT_TRUE(s.submit(out("PJ01", "P0001"), at("2026-11-23T09:00:00")).refused_by("LN1"));
  auto by_staff = out("PJ01", "P0001");
  by_staff.actor = "S0002";
  EXPECT_TRUE(s.submit(by_staff, at("2026-11-23T09:00:00")).allowed());
}

TEST(LoanPolicy, LN1_FirstSignOutOfTheAcademicYearRecordsTheAgreement) {
  School s;
  auto req = out("PJ01");
  req.aup_accepted = false;
  auto first = s.submit(req, at("2026-11-23T09:00:00"));
  EXPECT_EQ(first.needs, std::vector{core::Need::AupAcceptance});
  EXPECT_TRUE(first.events.empty());
  req.aup_accepted = true;
  auto accepted = s.submit(req, at("2026-11-23T09:00:00"));
  ASSERT_TRUE(accepted.allowed());
  ASSERT_EQ(accepted.events.size(), 2u);
  EXPECT_EQ(std::get<core::AupAccepted>(accepted.events[0].data).date, day("2026-11-23"));
  ASSERT_TRUE(s.submit(core::Return{.actor = "S0002", .device = "PJ01"}, at("2026-11-23T10:00:00")).allowed());
  req.aup_accepted = false;
  auto again = s.submit(req, at("2027-07-20T09:00:00"));  // same academic year
  EXPECT_TRUE(again.allowed());
  ASSERT_TRUE(s.submit(core::Return{.actor = "S0002", .device = "PJ01"}, at("2027-07-20T10:00:00")).allowed());
  auto next_year = s.submit(req, at("2027-09-06T09:00:00"));
  EXPECT_EQ(next_year.needs, std::vector{core::Need::AupAcceptance});
}

TEST(LoanPolicy, LN2_OffSiteNeedsAnAdministratorsApproval) {
  School s;
  auto req = out("PJ01", "S0002", true);
  req.admin_approver.clear();
  EXPECT_EQ(s.submit(req, at("2026-11-23T16:30:00")).needs, std::vector{core::Need::AdminApproval});
  req.admin_approver = "S0001";  // not an administrator
  EXPECT_TRUE(s.submit(req, at("2026-11-23T16:30:00")).refused_by("LN2"));
  req.admin_approver = "A0001";
  auto d = s.submit(req, at("2026-11-23T16:30:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.events.back().authoriser, "A0001");
  EXPECT_EQ(loan_of(s, "PJ01").approved_by, "A0001");
}

TEST(LoanPolicy, LN2_ApprovalRecordedInAdvanceUntilADate) {
  School s;
  EXPECT_TRUE(s.submit(core::RecordApproval{.actor = "S0001", .approval = {.person = "S0002", .device = "PJ01",
                                                                          .until = day("2026-11-30")}},
                       at("2026-11-20T09:00:00"))
                  .refused_by("LN2"));
  ASSERT_TRUE(s.submit(core::RecordApproval{.actor = "A0001", .approval = {.person = "S0002", .device = "PJ01",
                                                                          .until = day("2026-11-30")}},
                       at("2026-11-20T09:00:00"))
                  .allowed());
  auto req = out("PJ01", "S0002", true);
  req.admin_approver.clear();
  auto after = s.submit(req, at("2026-12-01T16:30:00"));
  EXPECT_EQ(after.needs, std::vector{core::Need::AdminApproval});
  auto d = s.submit(req, at("2026-11-30T16:30:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(loan_of(s, "PJ01").approved_by, "A0001");
}

TEST(LoanPolicy, LN2_AnApprovalMayCoverAnyDeviceOrAnyOfAKind) {
  School s;
  auto approve = [&](std::string what) {
    return s.submit(core::RecordApproval{.actor = "A0001", .approval = {.person = "S0002", .device = std::move(what),
                                                                        .until = day("2026-11-30")}},
                    at("2026-11-20T09:00:00"));
  };
  EXPECT_TRUE(approve("kind:spaceship").refused_by("LN2"));
  auto req = out("PJ01", "S0002", true);
  req.admin_approver.clear();
  ASSERT_TRUE(approve("kind:camera").allowed());  // not a projector
  EXPECT_EQ(s.submit(req, at("2026-11-23T16:30:00")).needs, std::vector{core::Need::AdminApproval});
  ASSERT_TRUE(approve("").allowed());  // any device
  auto d = s.submit(req, at("2026-11-23T16:30:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(loan_of(s, "PJ01").approved_by, "A0001");
}

TEST(LoanPolicy, LN2_AnApprovalOfAKindCoversThatKind) {
  School s;
  ASSERT_TRUE(s.submit(core::RecordApproval{.actor = "A0001", .approval = {.person = "S0002", .device = "kind:projector",
                                                                          .until = day("2026-11-30")}},
                       at("2026-11-20T09:00:00"))
                  .allowed());
  auto req = out("PJ01", "S0002", true);
  req.admin_approver.clear();
  EXPECT_TRUE(s.submit(req, at("2026-11-23T16:30:00")).allowed());
}

TEST(LoanPolicy, LN3_SensitiveUnencryptedCannotLeaveSite) {
  School s;
  auto off = s.submit(out("CAM1", "S0002", true), at("2026-11-23T16:30:00"));
  EXPECT_TRUE(off.refused_by("LN3"));
  EXPECT_EQ(harness::refusal(off), "This camera is not marked encrypted, so it cannot leave site");
  EXPECT_TRUE(s.submit(out("CAM1"), at("2026-11-23T09:00:00")).allowed());  // on site is fine
}

TEST(LoanPolicy, LN3_EncryptionVerifiedExactlyTwelveMonthsAgoButNotOneDayMore) {
  School s;
  s.device("LT01").encryption_verified = day("2025-11-23");
  EXPECT_TRUE(s.submit(out("LT01", "S0002", true), at("2026-11-23T16:30:00")).allowed());
  ASSERT_TRUE(s.submit(core::Return{.actor = "S0002", .device = "LT01", .accessories_confirmed = true},
                       at("2026-11-23T16:40:00"))
                  .allowed());
  s.device("LT01").encryption_verified = day("2025-11-22");
  auto d = s.submit(out("LT01", "S0002", true), at("2026-11-23T16:50:00"));
  EXPECT_TRUE(d.refused_by("LN3"));
  EXPECT_EQ(harness::refusal(d),
            "This laptop's encryption was last checked on Sat 22 Nov 2025, more than 12 months ago, so it cannot leave "
            "site until IT checks it again");
}

TEST(LoanPolicy, LN3_AdministratorMayRecordThatItHoldsNoSuchData) {
  School s;
  core::Device cam = s.state.devices.at("CAM1");
  cam.sensitivity = core::Sensitivity::HoldsNone;
  EXPECT_TRUE(s.submit(core::RecordDevice{.actor = "S0002", .device = cam}, at("2026-11-23T09:00:00")).refused_by("AR1"));
  ASSERT_TRUE(s.submit(core::RecordDevice{.actor = "A0001", .device = cam}, at("2026-11-23T09:00:00")).allowed());
  EXPECT_TRUE(s.submit(out("CAM1", "S0002", true), at("2026-11-23T16:30:00")).allowed());
}

TEST(LoanPolicy, LN4_OverdueOrFailedPatOfDeviceOrChargerCannotBeSignedOut) {
  School s;
  ASSERT_TRUE(s.submit(core::RecordPat{.actor = "A0001",
                                       .record = {.device = "CH01", .date = day("2026-11-20"), .passed = false,
                                                  .equipment_class = core::EquipmentClass::II, .tester = "A0001"}},
                       at("2026-11-23T08:00:00"))
                  .allowed());
  auto charger_failed = s.submit(out("LT01"), at("2026-11-23T09:00:00"));
  EXPECT_TRUE(charger_failed.refused_by("LN4"));
  EXPECT_EQ(harness::refusal(charger_failed),
            "Its charger (Charger 1) failed its electrical safety test (PAT), so it cannot be lent until it passes");
  s.device("PJ01").last_pat_pass = day("2024-01-01");  // 24 months: due 2026-01-01
  EXPECT_TRUE(s.submit(out("PJ01"), at("2026-11-23T09:00:00")).refused_by("LN4"));
  EXPECT_TRUE(s.submit(out("CAM1"), at("2026-11-23T09:00:00")).allowed());
}

TEST(LoanPolicy, LN5_HeldRepairLostStolenRetiredCannotBeSignedOut) {
  for (auto status : {core::DeviceStatus::AwaitingRepair, core::DeviceStatus::Lost, core::DeviceStatus::Stolen,
                      core::DeviceStatus::Retired}) {
    School s;
    s.device("PJ01").status = status;
    auto d = s.submit(out("PJ01"), at("2026-11-23T09:00:00"));
    EXPECT_TRUE(d.refused_by("LN5")) << core::to_string(status);
    EXPECT_TRUE(s.state.loans.empty());
  }
  School s;
  s.device("PJ01").evidence_hold = true;
  EXPECT_TRUE(s.submit(out("PJ01"), at("2026-11-23T09:00:00")).refused_by("LN5"));
}

TEST(LoanPolicy, LN6_OnSiteDueTheSameDayAt1600) {
  School s;
  auto d = s.submit(out("PJ01"), at("2026-11-23T09:00:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(loan_of(s, "PJ01").due_at, at("2026-11-23T16:00:00"));
  EXPECT_EQ(d.message, "Due back Mon 23 Nov 16:00");
}

TEST(LoanPolicy, LN6_OffSiteDueNextSchoolDayAndAtMostTheMaximum) {
  School s;
  auto friday = s.submit(out("PJ01", "S0002", true), at("2026-11-27T16:30:00"));
  ASSERT_TRUE(friday.allowed());
  EXPECT_EQ(friday.message, "Due back Mon 30 Nov 09:00");
  auto too_long = out("CAM1", "S0002", false);
  too_long.due_at = at("2026-12-14T09:00:00");  // 15 days
  EXPECT_TRUE(s.submit(too_long, at("2026-11-29T09:00:00")).refused_by("LN6"));
  too_long.due_at = at("2026-12-13T09:00:00");  // 14 days
  EXPECT_TRUE(s.submit(too_long, at("2026-11-29T09:00:00")).allowed());
  // A staff laptop may be issued for the year.
  auto year = out("LT01", "S0001", true);
  year.due_at = at("2027-07-20T16:00:00");
  EXPECT_TRUE(s.submit(year, at("2026-11-29T09:00:00")).allowed());
}

TEST(LoanPolicy, LN6_TheDeskOffersLongerOffSiteLoansOnSchoolDaysUpToTheMaximum) {
  School s;  // terms to 18 December, and 5 January to 26 March
  auto offered = [&](const std::string& device, const char* now) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& c : core::longer_off_site_dues(s.state.settings, s.device(device), at(now)))
      out.emplace_back(c.what, core::format_time(c.at));
    return out;
  };
  using Offer = std::vector<std::pair<std::string, std::string>>;
  // On Wednesday 25 November (the default is Thursday 09:00) a projector may
  // go for 14 days: the end of term is beyond that, and two weeks is the longest.
  EXPECT_EQ(offered("PJ01", "2026-11-25T10:00:00"),
            (Offer{{"In a week", "2026-12-02T09:00:00"}, {"In two weeks", "2026-12-09T09:00:00"}}));
  // A staff laptop for up to 366 days: the longest is a holiday, so the last
  // school day before it, the end of the spring term.
  EXPECT_EQ(offered("LT01", "2026-11-25T10:00:00"),
            (Offer{{"In a week", "2026-12-02T09:00:00"},
                   {"In two weeks", "2026-12-09T09:00:00"},
                   {"End of term", "2026-12-18T09:00:00"},
                   {"Longest", "2027-03-26T09:00:00"}}));
  // Eleven days from Wednesday is a Sunday: the Friday before.
  s.device("PJ01").max_loan_days = 11;
  EXPECT_EQ(offered("PJ01", "2026-11-25T10:00:00"),
            (Offer{{"In a week", "2026-12-02T09:00:00"}, {"Longest", "2026-12-04T09:00:00"}}));
  // Two days from a Friday is Sunday, whose school day before is not after
  // Monday's default: nothing longer to offer.
  s.device("PJ01").max_loan_days = 2;
  EXPECT_TRUE(offered("PJ01", "2026-11-27T10:00:00").empty());
  // Every time offered is one the rules accept.
  for (const auto& c : core::longer_off_site_dues(s.state.settings, s.device("LT01"), at("2026-11-25T10:00:00"))) {
    auto long_loan = out("LT01", "S0001", true);
    long_loan.due_at = c.at;
    auto d = core::decide(s.state, long_loan, at("2026-11-25T10:00:00"));
    EXPECT_TRUE(d.allowed()) << c.what << ": " << harness::refusal(d);
  }
}

TEST(LoanPolicy, LN6_DueAt1600ReturnedAt160001IsOverdue) {
  School s;
  ASSERT_TRUE(s.submit(out("PJ01"), at("2026-11-23T09:00:00")).allowed());
  EXPECT_TRUE(core::overdue_loans(s.state, at("2026-11-23T16:00:00")).empty());
  auto overdue = core::overdue_loans(s.state, at("2026-11-23T16:00:01"));
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue.front()->device, "PJ01");
  auto back = s.submit(core::Return{.actor = "S0002", .device = "PJ01"}, at("2026-11-23T16:00:01"));
  ASSERT_TRUE(back.allowed());
  ASSERT_EQ(back.notices.size(), 1u);
  EXPECT_EQ(back.notices.at(0), "Returned late: it was due back Mon 23 Nov 16:00");
}

TEST(LoanPolicy, LN7_AccessoriesConfirmedAtIssueAndReturnAndMissingListed) {
  School s;
  auto req = out("LT01");
  req.accessories_confirmed = false;
  EXPECT_EQ(s.submit(req, at("2026-11-23T09:00:00")).needs, std::vector{core::Need::AccessoriesConfirmed});
  ASSERT_TRUE(s.submit(out("LT01"), at("2026-11-23T09:00:00")).allowed());
  EXPECT_EQ(loan_of(s, "LT01").accessories, std::vector<std::string>{"CH01"});
  EXPECT_EQ(s.submit(core::Return{.actor = "S0002", .device = "LT01"}, at("2026-11-23T15:00:00")).needs,
            std::vector{core::Need::AccessoriesConfirmed});
  EXPECT_TRUE(s.submit(core::Return{.actor = "S0002", .device = "LT01", .missing = {"stylus"},
                                    .accessories_confirmed = true},
                       at("2026-11-23T15:00:00"))
                  .refused_by("LN7"));
  auto d = s.submit(core::Return{.actor = "S0002", .device = "LT01", .missing = {"CH01"}, .accessories_confirmed = true},
                    at("2026-11-23T15:00:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(std::get<core::Returned>(d.events.at(0).data).missing, std::vector<std::string>{"CH01"});
  auto listed = core::missing_accessories(s.state);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.front().id, "LT01");
  // The next loan is issued without the missing charger.
  auto again = s.submit(out("LT01"), at("2026-11-24T09:00:00"));
  ASSERT_TRUE(again.allowed());
  EXPECT_TRUE(loan_of(s, "LT01").accessories.empty());
}

TEST(LoanPolicy, LN8_DamagedReturnGoesToRepairUntilItClears) {
  School s;
  ASSERT_TRUE(s.submit(out("PJ01"), at("2026-11-23T09:00:00")).allowed());
  core::Return damaged{.actor = "S0002", .device = "PJ01", .condition = core::Condition::Damaged};
  EXPECT_EQ(s.submit(damaged, at("2026-11-23T15:00:00")).needs, std::vector{core::Need::DamageNote});
  damaged.note = "lens cracked";
  ASSERT_TRUE(s.submit(damaged, at("2026-11-23T15:00:00")).allowed());
  EXPECT_EQ(s.state.devices.at("PJ01").status, core::DeviceStatus::AwaitingRepair);
  EXPECT_TRUE(s.submit(out("PJ01", "S0001"), at("2026-11-23T15:30:00")).refused_by("LN5"));
  EXPECT_TRUE(s.submit(core::ClearRepair{.actor = "S0001", .device = "PJ01"}, at("2026-11-24T09:00:00")).refused_by("LN8"));
  ASSERT_TRUE(s.submit(core::ClearRepair{.actor = "A0001", .device = "PJ01"}, at("2026-11-24T09:00:00")).allowed());
  EXPECT_TRUE(s.submit(out("PJ01", "S0001"), at("2026-11-24T09:30:00")).allowed());
}

TEST(LoanPolicy, LN9_LossRecordsCustodianEncryptionAndBothClocks) {
  School s;
  ASSERT_TRUE(s.submit(out("CAM1"), at("2026-11-23T09:00:00")).allowed());
  EXPECT_TRUE(s.submit(core::ReportLost{.actor = "P0001", .device = "CAM1"}, at("2026-11-23T12:00:00")).refused_by("LN9"));
  EXPECT_TRUE(s.submit(core::ReportLost{.actor = "S0002", .device = "CAM1", .known = at("2026-11-23T13:00:00")},
                       at("2026-11-23T12:00:00"))
                  .refused_by("LN9"));
  auto d = s.submit(core::ReportLost{.actor = "S0002", .device = "CAM1", .stolen = true,
                                     .known = at("2026-11-23T11:30:00")},
                    at("2026-11-23T12:00:00"));
  ASSERT_TRUE(d.allowed());
  const auto& ev = std::get<core::ReportedLost>(d.events.at(0).data);
  EXPECT_EQ(ev.last_custodian, "S0002");
  EXPECT_FALSE(ev.encrypted);
  EXPECT_TRUE(ev.likely_breach);
  EXPECT_EQ(d.notices.at(0), "Tell IT by Tue 24 Nov 11:30");
  EXPECT_EQ(d.notices.at(1), "If personal data may be affected, the ICO must be told by Thu 26 Nov 11:30");
  EXPECT_EQ(s.state.devices.at("CAM1").status, core::DeviceStatus::Stolen);
  EXPECT_TRUE(s.state.loans.empty());
  // An encrypted laptop is not flagged.
  auto laptop = s.submit(core::ReportLost{.actor = "A0001", .device = "LT01"}, at("2026-11-23T12:00:00"));
  ASSERT_TRUE(laptop.allowed());
  EXPECT_FALSE(std::get<core::ReportedLost>(laptop.events.at(0).data).likely_breach);
}

TEST(LoanPolicy, LN10_LeaverListedWithTheirDevicesAndBorrowsNothingMore) {
  School s;
  ASSERT_TRUE(s.submit(out("PJ01"), at("2026-11-23T09:00:00")).allowed());
  EXPECT_TRUE(s.submit(core::DeactivatePerson{.actor = "S0001", .person = "S0002"}, at("2026-11-23T10:00:00"))
                  .refused_by("LN10"));
  auto d = s.submit(core::DeactivatePerson{.actor = "A0001", .person = "S0002"}, at("2026-11-23T10:00:00"));
  ASSERT_TRUE(d.allowed());
  ASSERT_EQ(d.notices.size(), 1u);
  EXPECT_EQ(d.notices.at(0), "Still has Projector 1, due back Mon 23 Nov 16:00");
  EXPECT_EQ(core::loans_of(s.state, "S0002").size(), 1u);
  auto by_admin = out("CAM1");
  by_admin.actor = "A0001";
  EXPECT_TRUE(s.submit(by_admin, at("2026-11-23T11:00:00")).refused_by("LN10"));
  // Their own badge no longer works either.
  EXPECT_TRUE(s.submit(out("CAM1"), at("2026-11-23T11:00:00")).refused_by("LN10"));
}

TEST(LoanPolicy, LN11_VisitorsBorrowDesignatedEquipmentOnSiteOnly) {
  School s;
  EXPECT_TRUE(s.submit(out("PJ01", "V0001"), at("2026-11-23T09:00:00")).refused_by("LN11"));
  ASSERT_TRUE(s.submit(out("VL01", "V0001"), at("2026-11-23T09:00:00")).allowed());
  ASSERT_TRUE(s.submit(core::Return{.actor = "V0001", .device = "VL01"}, at("2026-11-23T10:00:00")).allowed());
  auto off = out("VL01", "V0001", true);
  off.admin_approver.clear();
  EXPECT_EQ(s.submit(off, at("2026-11-23T11:00:00")).needs, std::vector{core::Need::AdminApproval});
  off.admin_approver = "S0001";
  EXPECT_TRUE(s.submit(off, at("2026-11-23T11:00:00")).refused_by("LN11"));
  off.admin_approver = "A0001";
  EXPECT_TRUE(s.submit(off, at("2026-11-23T11:00:00")).allowed());
}

TEST(LoanPolicy, LN12_RecallAsksForTheDeviceAtTheNextScan) {
  School s;
  ASSERT_TRUE(s.submit(out("PJ01"), at("2026-11-23T09:00:00")).allowed());
  EXPECT_TRUE(s.submit(core::Recall{.actor = "S0001", .device = "PJ01", .reason = "update"}, at("2026-11-23T10:00:00"))
                  .refused_by("LN12"));
  ASSERT_TRUE(s.submit(core::Recall{.actor = "A0001", .device = "PJ01", .reason = "update"}, at("2026-11-23T10:00:00"))
                  .allowed());
  EXPECT_EQ(core::scan_prompt(s.state, "PJ01"), "IT has recalled Projector 1: please hand it in at the desk (update)");
  EXPECT_FALSE(core::scan_prompt(s.state, "CAM1"));
  auto back = s.submit(core::Return{.actor = "S0002", .device = "PJ01"}, at("2026-11-23T11:00:00"));
  ASSERT_TRUE(back.allowed());
  EXPECT_EQ(s.state.devices.at("PJ01").status, core::DeviceStatus::AwaitingRepair);
  ASSERT_TRUE(s.submit(core::Recall{.actor = "A0001", .device = "CAM1"}, at("2026-11-23T11:00:00")).allowed());
  EXPECT_TRUE(s.submit(out("CAM1"), at("2026-11-23T11:30:00")).refused_by("LN12"));
}

TEST(LoanPolicy, LN13_OffSiteBorrowerConfirmsTheConditions) {
  School s;
  auto req = out("PJ01", "S0002", true);
  req.conditions_confirmed = false;
  EXPECT_EQ(s.submit(req, at("2026-11-23T16:30:00")).needs, std::vector{core::Need::ConditionsConfirmed});
  auto on_site = out("PJ01");
  on_site.conditions_confirmed = false;
  auto d = s.submit(on_site, at("2026-11-23T09:00:00"));
  ASSERT_TRUE(d.allowed());  // on site: no conditions to confirm
  ASSERT_TRUE(s.submit(core::Return{.actor = "S0002", .device = "PJ01"}, at("2026-11-23T10:00:00")).allowed());
  req.conditions_confirmed = true;
  auto off = s.submit(req, at("2026-11-23T16:30:00"));
  ASSERT_TRUE(off.allowed());
  EXPECT_TRUE(std::get<core::SignedOut>(off.events.back().data).conditions_confirmed);
}
