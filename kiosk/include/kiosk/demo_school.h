// A deterministic demo school to try tagdesk on: `tagdesk init --demo`.
//
// About 1,000 pupils in 40 forms (years 7-13), 90 staff (DSLs, two
// administrators), 300 devices with a realistic mix of encryption and PAT
// states, 1,100 pouches and 40 form boxes. Names of many origins, with the
// accented letters a real roll has.
#pragma once

#include <string>
#include <vector>

#include "core/event.h"

namespace kiosk {

struct DemoLogin {
  std::string person;  // id
  std::string name;
  std::string role;
  std::string pin;     // demo only: printed so people can try the kiosk
};

struct DemoSchool {
  std::vector<core::Event> events;
  std::vector<DemoLogin> logins;
};

[[nodiscard]] DemoSchool make_demo_school(core::Time now);

}  // namespace kiosk
