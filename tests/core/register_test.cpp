// AR1-AR3, PT1-PT4: the register, audits and portable appliance testing.
#include <gtest/gtest.h>

#include "core/pat.h"
#include "core/queries.h"
#include "harness.h"

using harness::at;
using harness::day;
using harness::School;

namespace {

core::SignOut out(std::string device, std::optional<core::Time> due = std::nullopt) {
  return core::SignOut{.actor = "S0002", .borrower = "S0002", .device = device, .due_at = due, .aup_accepted = true,
                       .accessories_confirmed = true};
}

core::Device it_device(core::EquipmentClass cls, core::EquipmentType type, core::Inspection inspection,
                       const char* passed) {
  core::Device d{.id = "X", .equipment_class = cls, .equipment_type = type};
  d.last_pat = core::PatRecord{.device = "X", .date = day(passed), .inspection = inspection, .passed = true,
                               .equipment_class = cls, .equipment_type = type};
  d.last_pat_pass = day(passed);
  return d;
}

}  // namespace

TEST(RegisterPolicy, AR1_RegisterEditsByAdministratorsOnlyAndTagsUnique) {
  School s;
  core::Device d{.id = "LT02", .asset_tag = "OLD-1", .name = "Staff laptop 2", .kind = core::DeviceKind::StaffLaptop};
  EXPECT_TRUE(s.submit(core::RecordDevice{.actor = "S0001", .device = d}, at("2026-11-23T09:00:00")).refused_by("AR1"));
  ASSERT_TRUE(s.submit(core::RecordDevice{.actor = "A0001", .device = d}, at("2026-11-23T09:00:00")).allowed());
  core::Device dup{.id = "LT03", .asset_tag = "OLD-1"};
  EXPECT_TRUE(s.submit(core::RecordDevice{.actor = "system", .device = dup}, at("2026-11-23T09:00:00")).refused_by("AR1"));
  d.status = core::DeviceStatus::Retired;
  EXPECT_TRUE(s.submit(core::RecordDevice{.actor = "A0001", .device = d}, at("2026-11-23T09:00:00")).refused_by("AR1"));
  d.disposal_date = day("2026-11-23");
  d.disposal_route = "WEEE recycler";
  EXPECT_TRUE(s.submit(core::RecordDevice{.actor = "A0001", .device = d}, at("2026-11-23T09:00:00")).allowed());
}

TEST(AuditPolicy, AR2_AuditListsFoundMissingUnexpectedAndUpdatesLastSeen) {
  School s;
  EXPECT_TRUE(s.submit(core::StartAudit{.actor = "S0001", .location = "Office"}, at("2026-11-23T09:00:00"))
                  .refused_by("AR2"));
  auto start = s.submit(core::StartAudit{.actor = "A0001", .location = "Office"}, at("2026-11-23T09:00:00"));
  ASSERT_TRUE(start.allowed());
  std::string audit = std::get<core::AuditStarted>(start.events.at(0).data).audit;
  ASSERT_TRUE(s.submit(core::AuditScan{.actor = "A0001", .audit = audit, .device = "LT01"}, at("2026-11-23T09:01:00"))
                  .allowed());
  auto stray = s.submit(core::AuditScan{.actor = "A0001", .audit = audit, .device = "PJ01"}, at("2026-11-23T09:02:00"));
  ASSERT_TRUE(stray.allowed());
  EXPECT_EQ(stray.notices.at(0), "Not expected here: registered at Hall");
  EXPECT_EQ(s.state.devices.at("LT01").last_seen, day("2026-11-23"));
  auto fin = s.submit(core::FinishAudit{.actor = "A0001", .audit = audit}, at("2026-11-23T09:10:00"));
  ASSERT_TRUE(fin.allowed());
  const auto& r = std::get<core::AuditFinished>(fin.events.at(0).data);
  EXPECT_EQ(r.found, std::vector<std::string>{"LT01"});
  EXPECT_EQ(r.missing, (std::vector<std::string>{"CAM1", "CH01", "VL01"}));
  EXPECT_EQ(r.unexpected, std::vector<std::string>{"PJ01"});
  EXPECT_TRUE(s.state.audits.empty());
  EXPECT_TRUE(s.submit(core::FinishAudit{.actor = "A0001", .audit = audit}, at("2026-11-23T09:11:00")).refused_by("AR2"));
}

TEST(AuditPolicy, AR2_DevicesFallDueForAuditAfterTheInterval) {
  School s;
  s.device("LT01").last_seen = day("2025-11-23");
  s.device("CAM1").last_seen = day("2025-11-24");
  EXPECT_TRUE(core::audit_due(s.state.devices.at("LT01"), s.state.settings, day("2026-11-23")));
  EXPECT_FALSE(core::audit_due(s.state.devices.at("CAM1"), s.state.settings, day("2026-11-23")));
  EXPECT_TRUE(core::audit_due(s.state.devices.at("PJ01"), s.state.settings, day("2026-11-23")));  // never seen
}

TEST(PlugInPolicy, AR3_PersonalEquipmentNeedsPermissionAndAnInDatePat) {
  School s;
  core::Device kettle{.id = "PE01", .name = "Ms Assistant's laptop charger", .kind = core::DeviceKind::Charger,
                      .owner = core::Owner::Personal, .equipment_class = core::EquipmentClass::II};
  ASSERT_TRUE(s.submit(core::RecordDevice{.actor = "A0001", .device = kettle}, at("2026-11-23T08:00:00")).allowed());
  auto no_permission = s.submit(core::PlugInCheck{.actor = "S0002", .device = "PE01"}, at("2026-11-23T09:00:00"));
  EXPECT_TRUE(no_permission.refused_by("AR3"));
  EXPECT_EQ(harness::refusal(no_permission),
            "No permission is recorded for this equipment: ask the business manager");
  kettle.use_permitted_by = "A0001";
  ASSERT_TRUE(s.submit(core::RecordDevice{.actor = "A0001", .device = kettle}, at("2026-11-23T08:00:00")).allowed());
  auto untested = s.submit(core::PlugInCheck{.actor = "S0002", .device = "PE01"}, at("2026-11-23T09:00:00"));
  EXPECT_TRUE(untested.refused_by("AR3"));
  ASSERT_TRUE(s.submit(core::RecordPat{.actor = "A0001",
                                       .record = {.device = "PE01", .date = day("2026-11-20"),
                                                  .inspection = core::Inspection::Visual, .passed = true,
                                                  .equipment_class = core::EquipmentClass::II, .tester = "A0001"}},
                       at("2026-11-23T08:30:00"))
                  .allowed());
  auto ok = s.submit(core::PlugInCheck{.actor = "V0001", .device = "PE01"}, at("2026-11-23T09:00:00"));
  ASSERT_TRUE(ok.allowed());
  EXPECT_EQ(ok.message, "Yes: Ms Assistant's laptop charger may be used (PAT valid until Mon 20 Nov 2028)");
  EXPECT_TRUE(ok.events.empty());
  EXPECT_TRUE(s.submit(core::PlugInCheck{.actor = "V0001", .device = "NOPE"}, at("2026-11-23T09:00:00")).refused_by("AR3"));
}

TEST(PatPolicy, PT1_RecordHoldsTheTestAndOnlyAdministratorsRecordIt) {
  School s;
  core::PatRecord rec{.device = "PJ01", .date = day("2026-11-20"), .inspection = core::Inspection::Visual,
                      .passed = true, .equipment_class = core::EquipmentClass::II,
                      .equipment_type = core::EquipmentType::Movable, .tester = "A0001", .instrument = "PAT-300",
                      .notes = "plug ok", .label_applied = true};
  EXPECT_TRUE(s.submit(core::RecordPat{.actor = "S0001", .record = rec}, at("2026-11-23T09:00:00")).refused_by("PT1"));
  auto future = rec;
  future.date = day("2026-11-24");
  EXPECT_TRUE(s.submit(core::RecordPat{.actor = "A0001", .record = future}, at("2026-11-23T09:00:00")).refused_by("PT1"));
  auto d = s.submit(core::RecordPat{.actor = "A0001", .record = rec}, at("2026-11-23T09:00:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(s.state.devices.at("PJ01").last_pat, rec);
  EXPECT_EQ(d.message, "Projector 1 passed: next test due Mon 20 Nov 2028");
}

TEST(PatPolicy, PT2_NextDueFromTheHseTable) {
  core::Settings hse;
  using C = core::EquipmentClass;
  using T = core::EquipmentType;
  using I = core::Inspection;
  EXPECT_EQ(core::pat_next_due(it_device(C::I, T::It, I::Combined, "2026-01-31"), hse), day("2031-01-31"));
  EXPECT_EQ(core::pat_next_due(it_device(C::I, T::It, I::Visual, "2026-01-31"), hse), day("2028-01-31"));
  EXPECT_EQ(core::pat_next_due(it_device(C::II, T::HandHeld, I::Visual, "2026-01-31"), hse), day("2026-07-31"));
  EXPECT_EQ(core::pat_next_due(it_device(C::I, T::Portable, I::Combined, "2026-01-31"), hse), day("2027-01-31"));
  EXPECT_EQ(core::pat_next_due(it_device(C::I, T::ExtensionLead, I::Visual, "2026-08-31"), hse), day("2027-02-28"));
  auto battery = it_device(C::BatteryOrElv, T::HandHeld, I::Visual, "2026-01-31");
  EXPECT_FALSE(core::pat_next_due(battery, hse));
  EXPECT_EQ(core::pat_status(battery, hse, day("2040-01-01")), core::PatStatus::NotRequired);
  // Per-item override.
  auto overridden = it_device(C::I, T::It, I::Combined, "2026-01-31");
  overridden.pat_interval_months = 3;
  EXPECT_EQ(core::pat_next_due(overridden, hse), day("2026-04-30"));
}

TEST(PatPolicy, PT2_IetPresetForCombinedTests) {
  core::Settings iet;
  ASSERT_FALSE(core::set_setting(iet, "pat.preset", "iet"));
  using C = core::EquipmentClass;
  using T = core::EquipmentType;
  EXPECT_EQ(core::pat_next_due(it_device(C::I, T::It, core::Inspection::Combined, "2026-01-31"), iet), day("2027-01-31"));
  EXPECT_EQ(core::pat_next_due(it_device(C::I, T::HandHeld, core::Inspection::Combined, "2026-01-31"), iet),
            day("2026-07-31"));
  EXPECT_EQ(core::pat_next_due(it_device(C::II, T::Portable, core::Inspection::Combined, "2026-01-31"), iet),
            day("2030-01-31"));
}

TEST(PatPolicy, PT3_FailedItemOutOfServiceUntilPassedAgain) {
  School s;
  core::PatRecord fail{.device = "PJ01", .date = day("2026-11-20"), .inspection = core::Inspection::Visual,
                       .passed = false, .equipment_class = core::EquipmentClass::II,
                       .equipment_type = core::EquipmentType::Movable, .tester = "A0001"};
  auto d = s.submit(core::RecordPat{.actor = "A0001", .record = fail}, at("2026-11-23T09:00:00"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.message, "Projector 1 failed: out of service until it is repaired and passes");
  EXPECT_EQ(core::pat_status(s.state.devices.at("PJ01"), s.state.settings, day("2026-11-23")), core::PatStatus::Failed);
  EXPECT_TRUE(s.submit(out("PJ01"), at("2026-11-23T09:30:00")).refused_by("LN4"));
  auto pass = fail;
  pass.passed = true;
  pass.date = day("2026-11-23");
  ASSERT_TRUE(s.submit(core::RecordPat{.actor = "A0001", .record = pass}, at("2026-11-23T10:00:00")).allowed());
  EXPECT_TRUE(s.submit(out("PJ01"), at("2026-11-23T10:30:00")).allowed());
}

TEST(PatPolicy, PT4_DueTodayWarnsDueYesterdayRefuses) {
  School s;
  // PJ01: Class II movable, 24 months.
  s.device("PJ01").last_pat_pass = day("2024-11-23");  // due today
  auto today = s.submit(out("PJ01", at("2026-11-24T16:00:00")), at("2026-11-23T09:00:00"));
  ASSERT_TRUE(today.allowed());
  ASSERT_EQ(today.notices.size(), 1u);
  EXPECT_EQ(today.notices.at(0), "Its electrical safety test (PAT) falls due on Mon 23 Nov 2026, before it is back");
  EXPECT_EQ(core::pat_status(s.state.devices.at("PJ01"), s.state.settings, day("2026-11-23")),
            core::PatStatus::DueSoon);
  ASSERT_TRUE(s.submit(core::Return{.actor = "S0002", .device = "PJ01"}, at("2026-11-23T10:00:00")).allowed());
  s.device("PJ01").last_pat_pass = day("2024-11-22");  // due yesterday
  EXPECT_TRUE(s.submit(out("PJ01"), at("2026-11-23T11:00:00")).refused_by("LN4"));
  EXPECT_EQ(core::pat_status(s.state.devices.at("PJ01"), s.state.settings, day("2026-11-23")),
            core::PatStatus::Overdue);
}

TEST(PatPolicy, PT4_DueWithinTheWindowAndOverdueAreListed) {
  School s;
  s.device("PJ01").last_pat_pass = day("2024-12-20");  // due 2026-12-20: in 27 days
  s.device("CAM1").last_pat_pass = day("2021-01-01");  // overdue
  auto due = core::pat_due(s.state, day("2026-11-23"));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, "CAM1");
  EXPECT_EQ(due[1].id, "PJ01");
  s.setting("pat.due-window-days", "20");
  EXPECT_EQ(core::pat_due(s.state, day("2026-11-23")).size(), 1u);
}

// Issue 18 item 10: an edit records what changed, not a copy of every field.
TEST(RegisterPolicy, AR1_AnEditRecordsOnlyWhatChanged) {
  School s;
  core::Device d = s.device("LT01");
  d.notes = std::string(1990, 'n');
  ASSERT_TRUE(s.submit(core::RecordDevice{.actor = "A0001", .device = d}, at("2026-11-23T09:00:00")).allowed());
  d.pat_interval_months = 24;
  auto edit = s.submit(core::RecordDevice{.actor = "A0001", .device = d}, at("2026-11-23T09:05:00"));
  ASSERT_TRUE(edit.allowed());
  ASSERT_EQ(edit.events.size(), 1u);
  const auto* changed = std::get_if<core::DeviceChanged>(&edit.events[0].data);
  ASSERT_NE(changed, nullptr) << core::event_type(edit.events[0].data);
  EXPECT_EQ(changed->device, "LT01");
  EXPECT_EQ(changed->changed.fields, std::vector<std::string>{"pat_interval_months"});
  EXPECT_TRUE(changed->changed.values.notes.empty());
  EXPECT_EQ(s.device("LT01").notes, d.notes);
  EXPECT_EQ(s.device("LT01").pat_interval_months, 24);
  EXPECT_TRUE(s.device("LT01").last_pat);  // PAT is its own events' (PT1)
  // Saved again as it is: nothing changed, nothing to record.
  auto again = s.submit(core::RecordDevice{.actor = "A0001", .device = d}, at("2026-11-23T09:10:00"));
  EXPECT_TRUE(again.allowed());
  EXPECT_TRUE(again.events.empty());

  core::Person p = *s.state.person("S0002");
  p.preferred_name = "Tessa";
  auto person = s.submit(core::RecordPerson{.actor = "A0001", .person = p}, at("2026-11-23T09:15:00"));
  ASSERT_EQ(person.events.size(), 1u);
  const auto* pc = std::get_if<core::PersonChanged>(&person.events[0].data);
  ASSERT_NE(pc, nullptr) << core::event_type(person.events[0].data);
  EXPECT_EQ(pc->changed.fields, std::vector<std::string>{"preferred_name"});
  EXPECT_EQ(s.state.person("S0002")->preferred_name, "Tessa");
  EXPECT_EQ(s.state.person("S0002")->pin_hash, "$argon2id$stub");  // SE2: PINs change by pin.set alone
  // A new record is still recorded whole.
  auto added = s.submit(core::RecordDevice{.actor = "A0001", .device = {.id = "LT09", .name = "Laptop 9"}},
                        at("2026-11-23T09:20:00"));
  ASSERT_EQ(added.events.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<core::DeviceRecorded>(added.events[0].data));
  // The log replays to the same state.
  EXPECT_TRUE(s.rebuild() == s.state);
}

// A log from before change events holds a full copy for each edit: it replays
// as it did, the fields a record's own events write kept.
TEST(RegisterPolicy, AR1_AnOlderLogsFullCopyEditStillReplays) {
  School s;
  core::Device copy = s.device("LT01");
  auto pat = copy.last_pat;
  ASSERT_TRUE(pat);
  copy.notes = "edited before change events";
  copy.last_pat.reset();
  s.seed(core::DeviceRecorded{copy});
  EXPECT_EQ(s.device("LT01").notes, "edited before change events");
  EXPECT_EQ(s.device("LT01").last_pat, pat);
  EXPECT_TRUE(s.rebuild() == s.state);
}
