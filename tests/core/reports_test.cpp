#include <gtest/gtest.h>

#include "core/reports.h"
#include "core/state.h"

namespace {

using namespace core;
using Rows = std::vector<std::vector<std::string>>;

Time t(const char* iso) { return *parse_time(iso); }
Date d(const char* iso) { return *parse_date(iso); }

Person person(std::string id, std::string first, std::string surname, Right right, std::string form = "", int year = 0) {
  Person p{.id = std::move(id), .first_name = std::move(first), .surname = std::move(surname)};
  p.roles.add(right);
  p.form = std::move(form);
  p.year = year;
  return p;
}

// A known week at a small school; "now" is Tuesday 2026-11-24 16:30.
struct History {
  State s;
  std::vector<Event> log;
  void add(const char* at, EventData data) {
    Event e{.at = t(at), .actor = "system", .data = std::move(data)};
    (void)apply(s, e);
    log.push_back(std::move(e));
  }
  History() {
    add("2026-11-16T08:00:00", PersonRecorded{person("P1", "Zoë", "Kowalska", Right::Pupil, "7A", 7)});
    add("2026-11-16T08:00:00", PersonRecorded{person("P2", "Łukasz", "Nguyễn", Right::Pupil, "7A", 7)});
    add("2026-11-16T08:00:00", PersonRecorded{person("P3", "Amelia", "Smith", Right::Pupil, "8B", 8)});
    add("2026-11-16T08:00:00", PersonRecorded{person("P4", "Noah", "Jones", Right::Pupil, "8B", 8)});
    add("2026-11-16T08:00:00", PersonRecorded{person("S1", "Siobhán", "Ní Bhriain", Right::Staff)});
    add("2026-11-16T08:00:00", PersonRecorded{person("A1", "Helen", "Admin", Right::Admin)});
    add("2026-11-16T08:00:00", DeviceRecorded{Device{.id = "LT1", .name = "Staff laptop 1", .kind = DeviceKind::StaffLaptop,
                                                     .home_location = "Staff room", .encrypted = true,
                                                     .encryption_verified = d("2026-09-01")}});
    add("2026-11-16T08:00:00", DeviceRecorded{Device{.id = "LT2", .name = "Staff laptop 2", .kind = DeviceKind::StaffLaptop,
                                                     .home_location = "Staff room"}});
    add("2026-11-16T08:00:00", DeviceRecorded{Device{.id = "CAM1", .name = "Camera 1", .kind = DeviceKind::Camera,
                                                     .home_location = "Art", .encrypted = true,
                                                     .encryption_verified = d("2025-06-01"),
                                                     .equipment_class = EquipmentClass::BatteryOrElv}});
    add("2026-11-16T08:00:00", DeviceRecorded{Device{.id = "CH1", .name = "Charger 1", .kind = DeviceKind::Charger,
                                                     .home_location = "Staff room",
                                                     .equipment_type = EquipmentType::Portable}});
    add("2026-11-16T09:00:00", PatTested{PatRecord{.device = "LT1", .date = d("2026-01-10"), .tester = "A1"}});
    add("2026-11-16T09:00:00", PatTested{PatRecord{.device = "CH1", .date = d("2025-12-01"),
                                                   .equipment_type = EquipmentType::Portable, .tester = "A1"}});
    add("2026-11-16T09:00:00", PatTested{PatRecord{.device = "LT2", .date = d("2026-11-01"), .passed = false, .tester = "A1"}});
    add("2026-11-18T08:20:00", HandedIn{HeldItem{.id = "H0", .pupil = "P1", .slot = "PO1", .at = t("2026-11-18T08:20:00")}});
    add("2026-11-18T15:20:00", Collected{.held = "H0", .pupil = "P1"});
    add("2026-11-20T11:00:00",
        Confiscated{HeldItem{.id = "C1", .pupil = "P2", .slot = "SAFE", .at = t("2026-11-20T11:00:00"),
                             .confiscation = Confiscation{.staff = "S1", .release = Release::ParentOnly,
                                                          .not_before = d("2026-11-27")}}});
    add("2026-11-20T16:00:00", SignedOut{Loan{.id = "L1", .device = "LT1", .borrower = "S1", .out_at = t("2026-11-20T16:00:00"),
                                              .due_at = t("2026-11-23T09:00:00"), .off_site = true, .approved_by = "A1"}});
    add("2026-11-23T08:25:00", HandedIn{HeldItem{.id = "H2", .pupil = "P2", .slot = "PO1", .at = t("2026-11-23T08:25:00")}});
    add("2026-11-23T10:00:00",
        Confiscated{HeldItem{.id = "C2", .pupil = "P1", .slot = "SAFE", .at = t("2026-11-23T10:00:00"),
                             .confiscation = Confiscation{.staff = "S1"}}});
    add("2026-11-24T08:20:00", HandedIn{HeldItem{.id = "H1", .pupil = "P1", .slot = "PO1", .at = t("2026-11-24T08:20:00")}});
    add("2026-11-24T08:40:00", FormBoxHandedIn{.box = "FB8B", .form = "8B",
                                               .entries = {FormEntry{.pupil = "P4", .mark = FormMark::Absent}}});
    add("2026-11-24T09:00:00", SignedOut{Loan{.id = "L2", .device = "LT2", .borrower = "P3", .out_at = t("2026-11-24T09:00:00"),
                                              .due_at = t("2026-11-24T16:00:00")}});
    add("2026-11-24T10:00:00", ReportedLost{.device = "CAM1", .stolen = true, .known = t("2026-11-24T08:00:00"),
                                            .last_custodian = "S1", .encrypted = false, .likely_breach = true});
    add("2026-11-24T12:00:00", PersonDeactivated{"P3"});
    add("2026-11-24T13:00:00", AuditFinished{.audit = "AU1", .found = {"LT1"}, .missing = {"CH1"}, .unexpected = {"CAM1"}});
  }
};

const Time kNow = t("2026-11-24T16:30:00");

TEST(Reports, LN6_Overdue) {
  History h;
  auto r = overdue_report(h.s, kNow);
  EXPECT_EQ(r.rows, (Rows{{"LT1", "Staff laptop 1", "Ní Bhriain, Siobhán", "2026-11-20 16:00", "2026-11-23 09:00", "1 d 7 h", "yes"},
                          {"LT2", "Staff laptop 2", "Smith, Amelia", "2026-11-24 09:00", "2026-11-24 16:00", "30 min", "no"}}));
  EXPECT_EQ(r.notes, (std::vector<std::string>{"2 overdue of 2 open loans"}));
}

TEST(Reports, LN1_ConflictsBetweenDesks) {
  History h;
  ConflictStory first{.event = "r1", .kiosk = "reception", .at = t("2026-11-24T08:30:00"), .actor = "S1",
                      .type = "loan.signed-out", .person = "P1"};
  ConflictStory second{.event = "b1", .kiosk = "library", .at = t("2026-11-24T08:35:00"), .actor = "A1",
                       .type = "loan.returned", .person = "P3"};
  ConflictStory collected{.event = "r2", .kiosk = "reception", .at = t("2026-11-24T15:10:00"), .actor = "P1",
                          .type = "handin.collected", .person = "P1"};
  ConflictStory again{.event = "b2", .kiosk = "library", .at = t("2026-11-24T15:12:00"), .actor = "A1",
                      .type = "handin.collected", .person = "P1"};
  std::vector<Event> conflicts{
      {.at = t("2026-11-24T08:35:00"), .actor = "system",
       .data = ConflictRecorded{.device = "LT1", .first = first, .second = second}},
      {.at = t("2026-11-24T15:12:00"), .actor = "system",
       .data = ConflictRecorded{.held = "H9", .first = collected, .second = again}}};
  auto r = conflicts_report(h.s, conflicts);
  EXPECT_EQ(r.rows, (Rows{{"H9", "a pupil's device (Kowalska, Zoë)",
                           "collected by Kowalska, Zoë at desk reception, 2026-11-24 15:10, by P1 (event r2)",
                           "collected by Kowalska, Zoë at desk library, 2026-11-24 15:12, by A1 (event b2)"},
                          {"LT1", "Staff laptop 1",
                           "signed out to Kowalska, Zoë at desk reception, 2026-11-24 08:30, by S1 (event r1)",
                           "returned from Smith, Amelia at desk library, 2026-11-24 08:35, by A1 (event b1)"}}));
  EXPECT_TRUE(r.notes[0].starts_with("2 conflicts: ")) << r.notes[0];
}

TEST(Reports, OffSite) {
  History h;
  EXPECT_EQ(offsite_report(h.s, kNow).rows,
            (Rows{{"LT1", "Staff laptop 1", "Ní Bhriain, Siobhán", "2026-11-20 16:00", "2026-11-23 09:00", "Admin, Helen", "yes"}}));
}

TEST(Reports, PT4_PatDue) {
  History h;
  auto r = pat_due_report(h.s, date_of(kNow));
  EXPECT_EQ(r.rows, (Rows{{"LT2", "Staff laptop 2", "Staff room", "I", "it", "2026-11-01", "fail", "", "failed"},
                          {"CH1", "Charger 1", "Staff room", "I", "portable", "2025-12-01", "pass", "2026-12-01", "due"}}));
}

TEST(Reports, PH5_Uncollected) {
  History h;
  auto r = uncollected_report(h.s, kNow);
  EXPECT_EQ(r.rows, (Rows{{"Kowalska, Zoë", "7A", "phone", "", "PO1", "2026-11-24 08:20", "no"},
                          {"Nguyễn, Łukasz", "7A", "phone", "", "PO1", "2026-11-23 08:25", "yes"}}));
  EXPECT_EQ(r.notes, (std::vector<std::string>{"2 held, 1 overnight"}));
}

TEST(Reports, CF4_Confiscations) {
  History h;
  EXPECT_EQ(confiscations_report(h.s, kNow).rows,
            (Rows{{"Nguyễn, Łukasz", "7A", "phone", "SAFE", "2026-11-20 11:00", "Ní Bhriain, Siobhán", "parent-only",
                   "2026-11-27", "", "no", "no"},
                  {"Kowalska, Zoë", "7A", "phone", "SAFE", "2026-11-23 10:00", "Ní Bhriain, Siobhán", "pupil-end-of-day",
                   "", "", "no", "yes"}}));
}

TEST(Reports, PH8_HandinComplianceWithRepeats) {
  History h;
  auto r = handin_report(compliance_report(h.s, h.log, date_of(kNow)), date_of(kNow));
  EXPECT_EQ(r.columns, (std::vector<std::string>{"Group", "Expected", "Handed in", "Exempt", "Absent", "No device",
                                                 "Not handed in", "Repeat"}));
  // P3 has left; P2 did not hand in on the 18th either, a day hand-ins were taken.
  EXPECT_EQ(r.rows, (Rows{{"7A", "2", "1", "0", "0", "0", "1", "1"},
                          {"8B", "1", "0", "0", "1", "0", "0", "0"},
                          {"Year 7", "2", "1", "0", "0", "0", "1", "1"},
                          {"Year 8", "1", "0", "0", "1", "0", "0", "0"}}));
}

TEST(Reports, PH8_FormsAreInTheSchoolsOrder) {
  History h;
  h.add("2026-11-16T08:00:00", PersonRecorded{person("P5", "Ava", "Brown", Right::Pupil, "10A", 10)});
  h.add("2026-11-16T08:00:00", PersonRecorded{person("P6", "Leo", "Green", Right::Pupil, "11C", 11)});
  std::vector<std::string> groups;
  for (const auto& row : compliance_report(h.s, h.log, date_of(kNow))) groups.push_back(row.group);
  EXPECT_EQ(groups, (std::vector<std::string>{"7A", "8B", "10A", "11C", "Year 7", "Year 8", "Year 10", "Year 11"}));
}

TEST(Reports, AR2_Audit) {
  History h;
  auto r = audit_report(h.s, h.log.back());
  EXPECT_EQ(r.title, "Audit AU1 (2026-11-24 13:00)");
  EXPECT_EQ(r.rows, (Rows{{"CH1", "Charger 1", "Staff room", "missing"},
                          {"CAM1", "Camera 1", "Art", "unexpected"},
                          {"LT1", "Staff laptop 1", "Staff room", "found"}}));
}

TEST(Reports, AR2_DueForAudit) {
  History h;
  h.add("2025-11-01T10:00:00", AuditScanned{.audit = "AU0", .device = "CH1"});  // over 12 months ago
  h.add("2026-11-24T14:00:00", AuditScanned{.audit = "AU2", .device = "LT1"});  // seen today: not due
  auto r = audit_due_report(h.s, date_of(kNow));
  EXPECT_EQ(r.rows, (Rows{{"CAM1", "Camera 1", "Art", "never"},
                          {"CH1", "Charger 1", "Staff room", "2025-11-01"},
                          {"LT2", "Staff laptop 2", "Staff room", "never"}}));
  EXPECT_EQ(r.notes, (std::vector<std::string>{"3 not seen by an audit in 12 months"}));
}

TEST(Reports, LN9_BreachClocks) {
  History h;
  EXPECT_EQ(breach_report(h.s, h.log, kNow).rows,
            (Rows{{"CAM1", "Camera 1", "stolen", "2026-11-24 08:00", "2026-11-24 10:00", "Ní Bhriain, Siobhán", "no", "yes",
                   "met (2 h 0 min)", "2 d 15 h left (2026-11-27 08:00)"}}));
  EXPECT_EQ(breach_report(h.s, h.log, t("2026-11-28T09:00:00")).rows[0][9], "ended 2026-11-27 08:00");
}

TEST(Reports, LN10_Leavers) {
  History h;
  EXPECT_EQ(leavers_report(h.s).rows,
            (Rows{{"P3", "Smith, Amelia", "LT2", "Staff laptop 2 (on loan)", "2026-11-24 09:00", "2026-11-24 16:00"}}));
}

TEST(Reports, LN3_Encryption) {
  History h;
  EXPECT_EQ(encryption_report(h.s, date_of(kNow)).rows,
            (Rows{{"CAM1", "Camera 1", "camera", "Art", "yes", "2025-06-01", "verified over 12 months ago"},
                  {"LT2", "Staff laptop 2", "staff-laptop", "Staff room", "no", "", "not encrypted"}}));
}

// A trust's view (tagdesk report --server URL --all): each school's rows
// under its code, in the order given, and its notes named.
TEST(Reports, EverySchoolAsOneWithTheSchoolFirst) {
  Report s1{.title = "Overdue loans", .columns = {"Device", "Due"}, .rows = {{"LT1", "Mon"}, {"LT2", "Tue"}},
            .notes = {"2 overdue"}};
  Report s2{.title = "Overdue loans", .columns = {"Device", "Due"}, .rows = {{"LT9", "Wed"}}, .notes = {}};
  auto all = across_schools({{"S1", s1}, {"S2", s2}, {"S3", Report{.title = "Overdue loans"}}});
  EXPECT_EQ(all.title, "Overdue loans, every school");
  EXPECT_EQ(all.columns, (std::vector<std::string>{"School", "Device", "Due"}));
  EXPECT_EQ(all.rows, (Rows{{"S1", "LT1", "Mon"}, {"S1", "LT2", "Tue"}, {"S2", "LT9", "Wed"}}));
  EXPECT_EQ(all.notes, (std::vector<std::string>{"S1: 2 overdue"}));
}

}  // namespace
