// The kiosk's working set (db::OpenOptions::working_set): a store that keeps
// people, devices and slots in the file and reads them when a decision asks
// must decide exactly as the whole school in memory does, write back whole
// rows, and leave projections a rebuild agrees with.
#include <gtest/gtest.h>

#include <random>

#include <SQLiteCpp/Database.h>

#include "../db/temp_dir.h"
#include "core/compliance.h"
#include "core/decide.h"
#include "core/pat.h"
#include "core/queries.h"
#include "core/reports.h"
#include "db/json.h"
#include "db/store.h"
#include "harness.h"
#include "request_fuzzer.h"

using harness::at;

namespace {

// A decision as text: everything the desk shows and the store records.
std::string describe(const core::Decision& d) {
  nlohmann::json j;
  for (const auto& e : d.events) j["events"].push_back(db::event_to_json(e));
  for (const auto& r : d.refusals) j["refusals"].push_back(r.rule + ": " + r.message);
  for (auto n : d.needs) j["needs"].push_back(static_cast<int>(n));
  j["notices"] = d.notices;
  j["message"] = d.message;
  return j.dump();
}

// The harness's school, committed to a file and opened as the kiosk opens it.
db::Store working_set_of(const harness::School& school, const std::filesystem::path& path) {
  {
    auto full = db::Store::open(path);
    EXPECT_TRUE(full) << full.error();
    full->commit(school.log);
  }
  auto ws = db::Store::open(path, {.working_set = true});
  EXPECT_TRUE(ws) << ws.error();
  return std::move(*ws);
}

}  // namespace

TEST(WorkingSet, HoldsNoPeopleDevicesOrSlotsUntilAskedAndReadsThemByEveryCode) {
  TempDir dir;
  harness::School school;
  school.device("LT01").serial = "SN-77";  // not an event: seed one so the file has it
  core::Device lt = school.state.devices.at("LT01");
  school.seed(core::DeviceRecorded{lt});
  core::Person p = school.state.people.at("P0001");
  p.card = "100001";
  school.seed(core::PersonRecorded{p});
  db::Store store = working_set_of(school, dir / "school.sqlite");
  const core::State& s = store.state();

  EXPECT_TRUE(s.people.empty());
  EXPECT_TRUE(s.devices.empty());
  EXPECT_TRUE(s.slots.empty());
  EXPECT_EQ(s.settings, school.state.settings);
  EXPECT_EQ(s.held, school.state.held);

  ASSERT_NE(s.person("P0001"), nullptr);
  EXPECT_EQ(*s.person("P0001"), school.state.people.at("P0001"));
  EXPECT_EQ(s.people.size(), 1u);  // kept once read
  EXPECT_EQ(s.person("NOPE"), nullptr);
  EXPECT_EQ(s.person_by_card_number("100001"), "P0001");
  EXPECT_EQ(s.person_by_card_number("999999"), "");
  EXPECT_EQ(s.device_by_tag_or_serial("SN-77"), "LT01");
  ASSERT_NE(s.slot("FB7A"), nullptr);
  EXPECT_EQ(*s.slot("FB7A"), school.state.slots.at("FB7A"));

  // Walks go in key order, over the file, and stop when asked.
  std::vector<std::string> ids;
  s.each_device([&](const core::Device& d) { ids.push_back(d.id); });
  std::vector<std::string> expected;
  for (const auto& [id, d] : school.state.devices) expected.push_back(id);
  EXPECT_EQ(ids, expected);
  int seen = 0;
  s.each_person([&](const core::Person&) { return ++seen < 2; });
  EXPECT_EQ(seen, 2);
}

TEST(WorkingSet, AnEventOnARowNotYetReadWritesTheWholeRowBack) {
  TempDir dir;
  harness::School school;
  auto path = dir / "school.sqlite";
  db::Store store = working_set_of(school, path);
  // S0002 has never been read (no decision looked first): deactivating them
  // must read, change and write the whole row, not a blank one.
  ASSERT_TRUE(store.state().people.empty());
  core::Event e{.at = at("2026-11-23T09:00:00"), .actor = "system", .data = core::PersonDeactivated{"S0002"}};
  store.commit({e});
  school.seed(core::PersonDeactivated{"S0002"});

  auto reopened = db::Store::open(path);
  ASSERT_TRUE(reopened) << reopened.error();
  EXPECT_EQ(reopened->state().people.at("S0002"), school.state.people.at("S0002"));
  EXPECT_FALSE(reopened->state().people.at("S0002").active);
  EXPECT_EQ(reopened->state().people.at("S0002").surname, school.state.people.at("S0002").surname);
}

TEST(WorkingSet, RandomSequencesDecideAsTheWholeSchoolDoesAndRebuildAgrees) {
  constexpr int kSequences = 40;
  constexpr int kSteps = 60;
  int compared = 0;
  for (int seq = 0; seq < kSequences; ++seq) {
    TempDir dir;
    harness::School school;
    auto path = dir / "school.sqlite";
    db::Store store = working_set_of(school, path);
    harness::Fuzzer fuzz{static_cast<unsigned>(20261125 + seq)};
    for (int step = 0; step < kSteps; ++step) {
      core::Request req = fuzz.next(school.state);
      core::Decision ws = core::decide(store.state(), req, fuzz.now());
      core::Decision whole = school.submit(req, fuzz.now());
      ASSERT_EQ(describe(ws), describe(whole)) << "sequence " << seq << " step " << step;
      if (!ws.events.empty()) store.commit(ws.events);
      ++compared;
    }
    // What the working set read and kept is what the whole school holds now.
    for (const auto& [id, p] : store.state().people) ASSERT_EQ(p, school.state.people.at(id)) << id;
    for (const auto& [id, d] : store.state().devices) ASSERT_EQ(d, school.state.devices.at(id)) << id;
    for (const auto& [id, sl] : store.state().slots) ASSERT_EQ(sl, school.state.slots.at(id)) << id;
    EXPECT_EQ(store.state().loans, school.state.loans);
    EXPECT_EQ(store.state().held, school.state.held);
    // And the rows written back are the rows a replay of the log writes.
    auto live = store.dump_projections();
    store.rebuild_projections();
    ASSERT_EQ(live, store.dump_projections()) << "sequence " << seq;
  }
  EXPECT_EQ(compared, kSequences * kSteps);
}

namespace {

// A register of `n` more devices in every PAT state (PT1-PT4): never tested,
// passed on any day of the last two to six years (month ends among them), failed
// after a pass or with none, an interval of their own, retired.
void add_pat_register(harness::School& school, int n, core::Date today, unsigned seed) {
  using core::EquipmentClass;
  using core::EquipmentType;
  std::mt19937 rng{seed};
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  auto day_before = [&](int max_days) {
    core::Date d = today - std::chrono::days{pick(max_days)};
    if (pick(4) == 0) d = core::add_months(*core::parse_date("2020-01-31"), pick(84));  // a month's end
    return d;
  };
  const EquipmentClass classes[] = {EquipmentClass::I, EquipmentClass::II, EquipmentClass::BatteryOrElv};
  const EquipmentType types[] = {EquipmentType::It,      EquipmentType::Portable,   EquipmentType::HandHeld,
                                 EquipmentType::Movable, EquipmentType::Stationary, EquipmentType::ExtensionLead};
  for (int i = 0; i < n; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "PAT%04d", i);
    core::Device d{.id = id, .name = std::string{"Kettle "} + id, .home_location = "Staff room",
                   .equipment_class = classes[pick(3)], .equipment_type = types[pick(6)]};
    if (pick(10) == 0) d.status = core::DeviceStatus::Retired;
    if (pick(10) == 0) d.pat_interval_months = 1 + pick(36);
    if (pick(8) == 0) d.last_pat_pass = day_before(2000);  // an imported register's date, with no record
    school.seed(core::DeviceRecorded{d});
    auto test = [&](core::Date when, bool passed) {
      school.seed(core::PatTested{core::PatRecord{.device = d.id, .date = when,
                                                  .inspection = pick(2) ? core::Inspection::Visual
                                                                        : core::Inspection::Combined,
                                                  .passed = passed, .equipment_class = d.equipment_class,
                                                  .equipment_type = d.equipment_type, .tester = "A0001"}});
    };
    switch (pick(6)) {
      case 0: break;  // never tested
      case 1: test(day_before(2000), false); break;
      case 2: {
        core::Date pass = day_before(2000);
        test(pass, true);
        test(std::min(today, pass + std::chrono::days{1 + pick(300)}), false);
        break;
      }
      default: test(day_before(730), true);  // most within their interval
    }
  }
}

// What core::Walk says only_pat_cutoffs leaves out, worked out from the whole
// row: all but an interval of its own, a failed latest test, or a routine
// test (a cutoff for its class and type) with no pass or a pass on or before
// its cutoff.
bool not_pat_due(const core::Walk& walk, const core::Device& d) {
  if (d.pat_interval_months || (d.last_pat && !d.last_pat->passed)) return false;
  auto inspection = d.last_pat ? d.last_pat->inspection : core::Inspection::Combined;
  bool routine = false;
  for (const auto& c : walk.only_pat_cutoffs) {
    if (c.equipment_class != d.equipment_class || c.equipment_type != d.equipment_type) continue;
    routine = true;
    if (d.last_pat_pass && c.inspection == inspection) return *d.last_pat_pass > c.passed_after;
  }
  return !routine || d.last_pat_pass;
}

std::vector<std::string> ids_of(const std::vector<core::Device>& devices) {
  std::vector<std::string> out;
  for (const auto& d : devices) out.push_back(d.id);
  return out;
}

}  // namespace

TEST(WorkingSet, PT4_PatDueFromTheFileIsTheWholeRegistersForEveryWindowAndInterval) {
  struct Case {
    const char* today;
    int window_days;
    const char* shortest;  // an interval the table gets, or nullptr
  };
  for (const Case& c : {Case{"2027-01-31", 30, nullptr}, Case{"2027-02-28", 0, nullptr},
                        Case{"2028-02-29", 365, nullptr}, Case{"2027-03-31", 30, "1/none"},
                        Case{"2026-12-31", 7, "none/none"}}) {
    SCOPED_TRACE(c.today);
    TempDir dir;
    harness::School school;
    core::Date today = *core::parse_date(c.today);
    school.setting("pat.due-window-days", std::to_string(c.window_days));
    if (c.shortest) school.setting("pat.interval.II.hand-held", c.shortest);
    add_pat_register(school, 600, today, static_cast<unsigned>(today.time_since_epoch().count()));
    db::Store store = working_set_of(school, dir / "school.sqlite");

    auto whole = core::pat_due(school.state, today);
    auto from_file = core::pat_due(store.state(), today);
    EXPECT_GT(whole.size(), 20u);
    ASSERT_EQ(ids_of(from_file), ids_of(whole));
    for (std::size_t i = 0; i < whole.size(); ++i) EXPECT_EQ(from_file[i], whole[i]) << "whole rows, not the walk's";
    EXPECT_EQ(core::pat_due_report(store.state(), today), core::pat_due_report(school.state, today));
    // As the kiosk's screen reads them (from devices_pat_due alone): the same
    // devices, with what its rows show.
    auto fields = core::kPatFields;
    fields.push_back("name");
    auto narrowed = core::pat_due(store.state(), today, fields);
    ASSERT_EQ(ids_of(narrowed), ids_of(whole));
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(narrowed[i].name, whole[i].name);
      EXPECT_EQ(core::pat_status(narrowed[i], store.state().settings, today),
                core::pat_status(whole[i], school.state.settings, today)) << whole[i].id;
      EXPECT_EQ(core::pat_next_due(narrowed[i], store.state().settings),
                core::pat_next_due(whole[i], school.state.settings)) << whole[i].id;
      EXPECT_TRUE(narrowed[i].home_location.empty()) << "a field not asked for is not read";
    }

    // The file's walk left out exactly what core::Walk says it may: retired
    // devices, and those that can be neither due nor untested: no interval of
    // their own, no failed latest test, and a pass after its cutoff, or no
    // routine test for them.
    core::Walk walk = core::pat_due_walk(store.state().settings, today);
    int read = 0, may_skip = 0, retired = 0;
    store.state().each_device([&](const core::Device&) { ++read; }, walk);
    for (const auto& [id, d] : school.state.devices) {
      retired += d.status == core::DeviceStatus::Retired;
      may_skip += d.status == core::DeviceStatus::Retired || not_pat_due(walk, d);
    }
    EXPECT_EQ(read, static_cast<int>(school.state.devices.size()) - may_skip);
    EXPECT_GT(retired, 20);
    if (c.window_days <= 30) {
      EXPECT_GT(may_skip, retired + 50) << "recent passes left out too";
    }
  }
}

TEST(WorkingSet, PT4_EachCutoffIsExactlyTheLastPassStillDue) {
  // For each class, type and inspection the table has an interval for, every
  // pass up to the cutoff is due by the window's end (month ends included),
  // and every pass after it is not.
  core::Settings s;
  s.pat_intervals[{core::EquipmentClass::II, core::EquipmentType::HandHeld}] = {1, std::nullopt};
  s.pat_intervals[{core::EquipmentClass::II, core::EquipmentType::Movable}] = {};  // no routine test
  for (const char* day : {"2027-01-31", "2027-02-28", "2028-02-29", "2027-03-30", "2027-07-01"})
    for (int window : {0, 1, 30, 365}) {
      s.pat_due_window_days = window;
      core::Date today = *core::parse_date(day);
      core::Date limit = today + std::chrono::days{window};
      auto cutoffs = core::pat_due_walk(s, today).only_pat_cutoffs;
      std::size_t with_a_test = 0;
      for (const auto& [key, interval] : s.pat_intervals) with_a_test += interval.visual || interval.combined;
      EXPECT_EQ(cutoffs.size(), 2 * with_a_test) << "visual and combined, for each class and type with a test";
      for (const auto& c : cutoffs) {
        core::Device probe{.equipment_class = c.equipment_class, .equipment_type = c.equipment_type};
        probe.last_pat = core::PatRecord{.inspection = c.inspection};
        int months = *core::pat_interval_months(probe, s);
        EXPECT_LE(core::add_months(c.passed_after, months), limit) << day << " +" << window;
        EXPECT_GT(core::add_months(c.passed_after + std::chrono::days{1}, months), limit) << day << " +" << window;
      }
    }
  s.pat_intervals.clear();  // no routine test anywhere: nothing to leave out by date
  EXPECT_TRUE(core::pat_due_walk(s, *core::parse_date("2027-01-31")).only_pat_cutoffs.empty());
}

TEST(WorkingSet, PH8_ComplianceFromTheFileIsTheWholeSchools) {
  TempDir dir;
  harness::School school;
  std::mt19937 rng{20261203};
  core::Date today = harness::day(harness::kMonday);
  std::vector<core::Event> log;
  for (int i = 0; i < 300; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "PP%04d", i);
    core::Person p{.id = id, .first_name = "Pupil", .surname = id, .form = std::to_string(7 + i % 5) + "B",
                   .year = 7 + i % 5};
    p.roles.add(i % 11 == 0 ? core::Right::Staff : core::Right::Pupil);
    p.active = i % 13 != 0;
    school.seed(core::PersonRecorded{p});
    for (int back = 0; back < 20; ++back)  // hand-ins on some of the last school days
      if (rng() % 3 != 0) {
        core::Time when = core::at(today - std::chrono::days{back}, std::chrono::hours{8});
        log.push_back(core::Event{.at = when, .actor = id,
                                  .data = core::HandedIn{core::HeldItem{.id = std::string{id} + "-" + std::to_string(back),
                                                                        .pupil = id, .slot = "S001", .at = when}}});
      }
  }
  db::Store store = working_set_of(school, dir / "school.sqlite");
  auto whole = core::compliance_report(school.state, log, today);
  EXPECT_EQ(core::compliance_report(store.state(), log, today), whole);
  int expected = 0, handed_in = 0, repeat = 0;
  for (const auto& row : whole)
    if (row.group.starts_with("Year")) expected += row.expected, handed_in += row.handed_in, repeat += row.repeat;
  EXPECT_GT(expected, 200);
  EXPECT_GT(handed_in, 100);
  EXPECT_GT(repeat, 0);
}

namespace {

// PH8 worked out pupil by pupil, as the policy says it: every active pupil,
// their strongest mark of each day (a hand-in, else the form box's), exempt
// on a day their exemption covers, a repeat when not handed in today and on
// another of the days looked at on which any mark was taken.
std::vector<core::ComplianceRow> compliance_one_by_one(const core::State& s, const std::vector<core::Event>& log,
                                                       core::Date today) {
  enum Mark { None, NoDevice, Absent, Exempt, HandedIn };  // stronger marks win
  auto days = core::compliance_days(s.settings, today);
  std::map<std::string, std::vector<int>> marks;
  std::vector<bool> taken(days.size());
  auto mark = [&](core::Time at, const std::string& pupil, int m) {
    auto day = std::ranges::find(days, core::date_of(at));
    if (day == days.end()) return;
    auto i = static_cast<std::size_t>(day - days.begin());
    auto& of = marks.try_emplace(pupil, days.size(), None).first->second;
    of[i] = std::max(of[i], m);
    taken[i] = true;
  };
  for (const auto& e : log) {
    if (const auto* h = std::get_if<core::HandedIn>(&e.data)) mark(e.at, h->item.pupil, HandedIn);
    if (const auto* f = std::get_if<core::FormBoxHandedIn>(&e.data))
      for (const auto& entry : f->entries)
        mark(e.at, entry.pupil, entry.mark == core::FormMark::HandedIn  ? HandedIn
                                : entry.mark == core::FormMark::Exempt  ? Exempt
                                : entry.mark == core::FormMark::Absent  ? Absent
                                                                        : NoDevice);
  }
  std::map<std::string, core::ComplianceRow> forms;
  std::map<int, core::ComplianceRow> years;
  for (const auto& [id, p] : s.people) {
    if (!p.active || !p.roles.has(core::Right::Pupil)) continue;
    auto on = [&](std::size_t i) {
      int m = marks.contains(id) ? marks[id][i] : None;
      return m < Exempt && core::is_exempt(s, id, days[i]) ? Exempt : m;
    };
    bool repeat = false;
    for (std::size_t i = 1; i < days.size(); ++i) repeat = repeat || (on(0) == None && taken[i] && on(i) == None);
    for (auto* row : {&forms[p.form], &years[p.year]}) {
      ++row->expected;
      int m = on(0);
      ++(m == HandedIn ? row->handed_in : m == Exempt ? row->exempt : m == Absent ? row->absent
         : m == NoDevice ? row->no_device : row->not_handed_in);
      row->repeat += repeat;
    }
  }
  std::vector<core::ComplianceRow> out;
  for (auto& [form, row] : forms) {
    row.group = form.empty() ? "No form" : form;
    out.push_back(row);
  }
  for (auto& [year, row] : years) {
    row.group = "Year " + std::to_string(year);
    out.push_back(row);
  }
  return out;
}

}  // namespace

namespace core {
void PrintTo(const ComplianceRow& r, std::ostream* out) {
  *out << r.group << ": " << r.expected << " expected, " << r.handed_in << " in, " << r.exempt << " exempt, "
       << r.absent << " absent, " << r.no_device << " no device, " << r.not_handed_in << " not, " << r.repeat
       << " repeat";
}
}  // namespace core

// The report counts the roll (pupils_by_form_year) and then only the pupils
// with a mark or an exemption: the roll must follow every joiner, leaver and
// move, in the whole school, in the working set as it commits, and in the
// working set as it opens the file.
TEST(WorkingSet, PH8_ComplianceCountsEveryActivePupilThroughJoinersLeaversAndMoves) {
  std::mt19937 rng{20261203};
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  core::Date today = harness::day(harness::kMonday);
  for (int round = 0; round < 8; ++round) {
    TempDir dir;
    harness::School school;
    db::Store store = working_set_of(school, dir / "school.sqlite");
    std::vector<core::Event> log;
    auto record = [&](core::EventData data, core::Time when) {
      school.seed(data, when);
      auto event = school.log.back();
      log.push_back(event);
      store.commit({event});
    };
    auto someone = [&] {
      char id[16];
      std::snprintf(id, sizeof id, "PP%03d", pick(120));
      return std::string{id};
    };
    // Four weeks: people join, move form or year, change role, leave and come
    // back; hand-ins, form boxes and exemptions on the school days.
    for (core::Date d = today - std::chrono::days{27}; d <= today; d += std::chrono::days{1}) {
      core::Time morning = core::at(d, std::chrono::hours{7});
      for (int i = 0; i < 12; ++i) {
        std::string id = someone();
        if (pick(4) == 0) {
          if (school.state.people.contains(id)) record(core::PersonDeactivated{.person = id}, morning);
          continue;
        }
        int year = 7 + pick(3);
        std::string form = pick(9) ? std::to_string(year) + "AB"[pick(2)] : "";  // a few with none
        core::Person p{.id = id, .first_name = "Pupil", .surname = id, .form = form, .year = year};
        p.roles.add(pick(8) ? core::Right::Pupil : core::Right::Staff);
        p.active = pick(10) != 0;
        record(core::PersonRecorded{p}, morning);
      }
      if (!core::is_school_day(school.state.settings, d) || pick(6) == 0) continue;  // some days, no marks at all
      for (int i = 0; i < 40; ++i) {
        std::string id = someone();
        core::Time when = core::at(d, std::chrono::hours{8} + std::chrono::minutes{i});
        if (pick(3) == 0) {
          record(core::FormBoxHandedIn{.box = "FB", .form = "7A",
                                       .entries = {{.pupil = id, .mark = static_cast<core::FormMark>(pick(4))}}},
                 when);
        } else if (pick(10) == 0) {
          record(core::ExemptionRecorded{{.pupil = id, .start = d - std::chrono::days{pick(5)},
                                          .end = d + std::chrono::days{pick(5)}}},
                 when);
        } else {
          record(core::HandedIn{core::HeldItem{.id = id + "-" + core::format_date(d) + std::to_string(i),
                                               .pupil = id, .slot = "S001", .at = when}},
                 when);
        }
      }
    }
    auto one_by_one = compliance_one_by_one(school.state, log, today);
    int expected = 0, repeat = 0, exempt = 0;
    for (const auto& row : one_by_one)
      if (row.group.starts_with("Year")) expected += row.expected, repeat += row.repeat, exempt += row.exempt;
    ASSERT_GT(expected, 30) << "round " << round;
    EXPECT_EQ(core::compliance_report(school.state, log, today), one_by_one) << "round " << round;
    EXPECT_EQ(core::compliance_report(store.state(), log, today), one_by_one) << "round " << round;
    EXPECT_EQ(store.state().pupils_by_form_year, school.state.pupils_by_form_year) << "round " << round;
    auto reopened = db::Store::open(dir / "school.sqlite", {.working_set = true});
    ASSERT_TRUE(reopened) << reopened.error();
    EXPECT_EQ(reopened->state().pupils_by_form_year, school.state.pupils_by_form_year) << "round " << round;
    EXPECT_EQ(core::compliance_report(reopened->state(), log, today), one_by_one) << "round " << round;
    if (round == 0) {
      EXPECT_GT(repeat + exempt, 0);
    }
  }
}

TEST(WorkingSet, ANarrowedWalkReadsOnlyItsFieldsAndAWrongFieldNameIsTold) {
  TempDir dir;
  harness::School school;
  db::Store store = working_set_of(school, dir / "school.sqlite");
  std::vector<core::Device> seen;
  store.state().each_device([&](const core::Device& d) { seen.push_back(d); }, {.fields = {"status", "home_location"}});
  ASSERT_EQ(seen.size(), school.state.devices.size());
  for (const auto& d : seen) {
    const core::Device& whole = school.state.devices.at(d.id);
    EXPECT_EQ(d.home_location, whole.home_location);  // asked for
    EXPECT_EQ(d.status, whole.status);
    EXPECT_FALSE(whole.name.empty());
    EXPECT_TRUE(d.name.empty()) << "not asked for, so not read";
  }
  EXPECT_TRUE(store.state().devices.empty()) << "a walk's rows are not kept";
  // Rows a walk may skip are skipped: here, all but active pupils.
  std::vector<std::string> pupils, expected;
  store.state().each_person([&](const core::Person& p) { pupils.push_back(p.id); }, {.active_pupils_only = true});
  for (const auto& [id, p] : school.state.people)
    if (p.active && p.roles.has(core::Right::Pupil)) expected.push_back(id);
  EXPECT_EQ(pupils, expected);
  EXPECT_LT(expected.size(), school.state.people.size());
  // And all but one form's (a form box's list), or those of no form.
  for (std::string_view form : {"7A", "9C", ""}) {
    std::vector<std::string> of_form, expected_of_form;
    store.state().each_person([&](const core::Person& p) { of_form.push_back(p.id); }, {.only_form = form});
    for (const auto& [id, p] : school.state.people)
      if (p.form == form) expected_of_form.push_back(id);
    EXPECT_EQ(of_form, expected_of_form) << form;
    EXPECT_FALSE(expected_of_form.empty()) << form;
  }
  EXPECT_THROW(store.state().each_person([](const core::Person&) {}, {.fields = {"nickname"}}), db::Error);
}
