#include "harness.h"

#include "core/queries.h"

namespace harness {
namespace {

core::Person person(std::string id, std::string first, std::string surname, core::Roles roles, std::string form = "",
                    int year = 0) {
  return core::Person{.id = id, .first_name = first, .surname = surname, .roles = roles, .form = form, .year = year};
}

core::Roles roles(std::initializer_list<core::Right> rights) {
  core::Roles r;
  for (auto right : rights) r.add(right);
  return r;
}

}  // namespace

School::School() {
  using core::Right;
  setting("terms", "2026-09-03..2026-12-18,2027-01-05..2027-03-26");
  for (const auto& p : {
           person("A0001", "Ada", "Admin", roles({Right::Staff, Right::Admin})),
           person("S0001", "Sean", "Teacher", roles({Right::Staff, Right::Confiscate})),
           person("S0002", "Tess", "Assistant", roles({Right::Staff})),
           person("D0001", "Dee", "Safeguard", roles({Right::Staff, Right::Dsl, Right::Confiscate})),
           person("P0001", "Zoë", "Kowalski", roles({Right::Pupil}), "7A", 7),
           person("P0002", "Sam", "Lee", roles({Right::Pupil}), "7A", 7),
           person("P0003", "Ali", "Khan", roles({Right::Pupil}), "9C", 9),
           person("V0001", "Val", "Visitor", roles({Right::Visitor})),
       }) {
    seed(core::PersonRecorded{p});
    if (p.roles.is_staff_like()) seed(core::PinSet{.person = p.id, .hash = "$argon2id$stub"});
  }
  core::Device laptop{.id = "LT01", .name = "Staff laptop 1", .kind = core::DeviceKind::StaffLaptop,
                      .home_location = "Office", .encrypted = true, .encryption_verified = day("2026-09-01"),
                      .accessories = {"CH01"}};
  core::Device charger{.id = "CH01", .name = "Charger 1", .kind = core::DeviceKind::Charger,
                       .home_location = "Office", .equipment_class = core::EquipmentClass::II};
  core::Device camera{.id = "CAM1", .name = "Camera 1", .kind = core::DeviceKind::Camera, .home_location = "Office"};
  core::Device projector{.id = "PJ01", .name = "Projector 1", .kind = core::DeviceKind::Projector,
                         .home_location = "Hall", .equipment_class = core::EquipmentClass::II,
                         .equipment_type = core::EquipmentType::Movable};
  core::Device visitor{.id = "VL01", .name = "Visitor laptop", .kind = core::DeviceKind::PupilLaptop,
                       .home_location = "Office", .sensitivity = core::Sensitivity::HoldsNone,
                       .visitor_equipment = true};
  for (const auto& d : {laptop, charger, camera, projector, visitor}) {
    seed(core::DeviceRecorded{d});
    // Everything passed a combined test in January: due years from now.
    seed(core::PatTested{core::PatRecord{.device = d.id, .date = day("2026-01-10"), .passed = true,
                                         .equipment_class = d.equipment_class, .equipment_type = d.equipment_type,
                                         .tester = "A0001"}});
  }
  for (int i = 1; i <= 5; ++i) {
    std::string id = "S00" + std::to_string(i);
    seed(core::SlotRecorded{core::Slot{.id = id, .kind = core::SlotKind::Pouch, .label = "Pouch 000" + std::to_string(i)}});
  }
  seed(core::SlotRecorded{core::Slot{.id = "FB7A", .kind = core::SlotKind::FormBox, .label = "Form box 7A", .form = "7A"}});
}

core::Decision School::submit(const core::Request& request, core::Time now) {
  core::Decision d = core::decide(state, request, now);
  for (const auto& e : d.events) {
    core::Event copy = e;
    copy.seq = static_cast<std::int64_t>(log.size()) + 1;
    core::apply(state, copy);
    log.push_back(std::move(copy));
  }
  return d;
}

void School::seed(core::EventData data, core::Time now) {
  core::Event e{.seq = static_cast<std::int64_t>(log.size()) + 1, .at = now, .actor = "system", .data = std::move(data)};
  core::apply(state, e);
  log.push_back(std::move(e));
}

void School::setting(const std::string& key, const std::string& value) {
  seed(core::SettingChanged{.key = key, .value = value});
}

core::State School::rebuild() const {
  core::State fresh;
  for (const auto& e : log) core::apply(fresh, e);
  return fresh;
}

std::string School::held_of(const std::string& pupil) const {
  auto items = core::held_for(state, pupil);
  return items.size() == 1 ? items.front()->id : std::string{};
}

}  // namespace harness
