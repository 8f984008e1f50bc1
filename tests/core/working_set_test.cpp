// The kiosk's working set (db::OpenOptions::working_set): a store that keeps
// people, devices and slots in the file and reads them when a decision asks
// must decide exactly as the whole school in memory does, write back whole
// rows, and leave projections a rebuild agrees with.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "../db/temp_dir.h"
#include "core/decide.h"
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
