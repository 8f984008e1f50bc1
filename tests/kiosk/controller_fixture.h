// A small school in a temporary database, driven through the headless front
// end in process: feed JSON lines, read back the screens as JSON.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "../db/temp_dir.h"
#include "core/event.h"
#include "db/pin.h"
#include "db/store.h"
#include "desk/controller.h"
#include "headless/headless.h"

namespace kiosk_test {

using nlohmann::json;

// Demo PINs; hashed once per test binary (Argon2id is slow by design).
inline const std::map<std::string, std::string>& pins() {
  static const std::map<std::string, std::string> kPins = {
      {"S001", "482913"}, {"S002", "573920"}, {"S003", "619384"}};
  return kPins;
}
inline const std::string& pin_hash(const std::string& person) {
  static std::map<std::string, std::string> hashes;
  auto it = hashes.find(person);
  // Every store here uses the default key folder, and so its pepper.
  static const std::string pepper = db::load_or_create_pepper(db::default_key_path()).value();
  if (it == hashes.end()) it = hashes.emplace(person, db::hash_pin(pins().at(person), pepper).value()).first;
  return it->second;
}

inline core::Time t(const char* iso) { return *core::parse_time(iso); }

inline std::vector<core::Event> school_events(core::Time at) {
  using namespace core;
  std::vector<Event> ev;
  auto add = [&](EventData d) { ev.push_back(Event{.at = at, .actor = "system", .data = std::move(d)}); };
  add(SettingChanged{"school.name", "Test School"});
  auto pupil = [&](std::string id, std::string first, std::string sur, std::string form, std::string card) {
    Person p{.id = std::move(id), .first_name = std::move(first), .surname = std::move(sur)};
    p.roles.add(Right::Pupil);
    p.form = std::move(form);
    p.year = 7;
    p.card = std::move(card);
    add(PersonRecorded{p});
  };
  pupil("P0001", "Zoë", "Kowalski-Smith", "7A", "100001");
  pupil("P0002", "Łukasz", "Nguyễn", "7A", "100002");
  pupil("P0003", "Amelia", "Brown", "7B", "100003");
  auto staff = [&](std::string id, std::string first, std::string sur, std::string card, Roles roles) {
    Person p{.id = id, .first_name = std::move(first), .surname = std::move(sur)};
    p.roles = roles.add(Right::Staff);
    p.card = std::move(card);
    add(PersonRecorded{p});
    if (pins().contains(id)) add(PinSet{id, pin_hash(id)});
  };
  staff("S001", "Helen", "Jones", "900001", Roles{}.add(Right::Confiscate));
  staff("S002", "Raj", "Patel", "900002", Roles{}.add(Right::Admin));
  staff("S003", "Claire", "Okafor", "900003", Roles{}.add(Right::Dsl).add(Right::Confiscate));
  staff("S004", "Omar", "Ali", "900004", Roles{});

  PatRecord pat{.device = "", .date = *parse_date("2026-01-10"), .inspection = Inspection::Combined, .passed = true,
                .equipment_class = EquipmentClass::I, .equipment_type = EquipmentType::It, .tester = "S002"};
  auto device = [&](std::string id, std::string name, DeviceKind kind, bool encrypted,
                    std::vector<std::string> accessories, std::string tag) {
    Device d{.id = id, .asset_tag = std::move(tag), .name = std::move(name)};
    d.kind = kind;
    d.home_location = "Office";
    d.encrypted = encrypted;
    if (encrypted) d.encryption_verified = *parse_date("2026-09-01");
    d.accessories = std::move(accessories);
    add(DeviceRecorded{d});
    PatRecord r = pat;
    r.device = id;
    add(PatTested{r});
  };
  device("LT001", "Staff laptop 1", DeviceKind::StaffLaptop, true, {"CH001"}, "NFA-1001");
  device("LT002", "Staff laptop 2", DeviceKind::StaffLaptop, false, {}, "NFA-1002");
  device("CH001", "Charger 1", DeviceKind::Charger, false, {}, "");
  device("PR001", "Projector 1", DeviceKind::Projector, false, {}, "");
  for (int n = 1; n <= 5; ++n)
    add(SlotRecorded{Slot{.id = "PO000" + std::to_string(n), .kind = SlotKind::Pouch,
                          .label = "Pouch " + std::to_string(n)}});
  add(SlotRecorded{Slot{.id = "FB7A", .kind = SlotKind::FormBox, .label = "Form box 7A", .form = "7A"}});
  return ev;
}

class Desk : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto made = db::Store::open(dir / "school.sqlite", {.kiosk = "test", .create = true});
      ASSERT_TRUE(made.has_value()) << made.error();
      made->commit(school_events(t("2026-11-23T18:00:00")));
    }
    // As the kiosk and the headless desk open it: people, devices and slots
    // are read from the file when asked for (OpenOptions::working_set).
    auto opened = db::Store::open(dir / "school.sqlite", {.kiosk = "test", .create = false, .working_set = true});
    ASSERT_TRUE(opened.has_value()) << opened.error();
    store.emplace(std::move(*opened));
    controller.emplace(*store, kiosk::ControllerOptions{.kiosk = "test"});
    session.emplace(*controller, [] { return t("2026-11-24T08:20:00"); }, /*clock_from_input=*/true);
  }

  // Sends one line and returns the parsed answer.
  json send(const std::string& line) {
    auto answer = session->answer(line);
    EXPECT_TRUE(answer.has_value()) << line;
    return answer ? json::parse(*answer) : json{};
  }
  json input(const char* key, const std::string& value, const char* at) {
    json j{{key, value}};
    if (at) j["at"] = at;
    return send(j.dump());
  }
  json scan(const std::string& code, const char* at = nullptr) { return input("scan", code, at); }
  json choose(const std::string& id, const char* at = nullptr) { return input("choose", id, at); }
  json pin(const std::string& digits, const char* at = nullptr) { return input("pin", digits, at); }
  json text(const std::string& value, const char* at = nullptr) { return input("text", value, at); }
  json tick(const char* at) { return send(json{{"tick", json::object()}, {"at", at}}.dump()); }

  // Badge and PIN: the staff menu.
  json sign_in(const std::string& person, const std::string& badge, const char* at = nullptr) {
    scan(badge, at);
    return pin(pins().at(person));
  }

  static bool has_choice(const json& m, const std::string& id) {
    for (const auto& c : m["choices"])
      if (c["id"] == id) return true;
    return false;
  }
  std::vector<core::Event> events_of(const std::string& type) { return store->events({.types = {type}}); }

  TempDir dir;
  std::optional<db::Store> store;
  std::optional<kiosk::Controller> controller;
  std::optional<kiosk::HeadlessSession> session;
};

}  // namespace kiosk_test
