// The real controller's screens, drawn by the real views: every screen a
// person can reach offers a way back, and taps on it drive the controller.
#include <gtest/gtest.h>

#include <set>

#include "controller_fixture.h"
#include "imgui_harness.h"

using namespace kiosk;
using kiosk_test::pins;
using kiosk_test::t;

namespace {

class ViewOfController : public kiosk_test::Desk {
 protected:
  ScreenModel handle(const Input& input) { return controller->handle(input, t("2026-11-24T08:20:00")); }

  // Whether the drawn screen has a Back, Cancel or (on a result) OK target.
  bool way_back_drawn(const ScreenModel& m) {
    ui.frame(m);
    for (const auto& hit : ui.view.hits)
      if (hit.id == "back" || hit.id == "cancel" || hit.id == "ok") return true;
    return false;
  }

  ImGuiHarness ui;
};

}  // namespace

TEST_F(ViewOfController, EveryStaffAndAdminScreenDrawsAWayBack) {
  // Cancel leads back to the staff menu, or home for the public flows; then sign in again.
  auto staff_menu = [&] {
    ScreenModel m = handle(Choose{"cancel"});
    if (m.screen == "staff.menu") return m;
    handle(Scan{"900002"});  // Raj Patel, administrator
    return handle(Pin{pins().at("S002")});
  };
  ScreenModel menu = staff_menu();
  ASSERT_EQ(menu.screen, "staff.menu");
  std::set<std::string> seen;
  for (const auto& choice : menu.choices) {
    if (is_back(choice) || choice.id == "signoff" || !choice.enabled) continue;
    ScreenModel next = handle(Choose{choice.id});
    seen.insert(next.screen);
    EXPECT_TRUE(way_back_drawn(next)) << next.screen << " (from " << choice.id << ")";
    if (choice.id == "admin") {
      for (const auto& sub : next.choices) {
        if (is_back(sub) || sub.id == "quit") continue;  // closing the kiosk ends the walk
        ScreenModel deeper = handle(Choose{sub.id});
        seen.insert(deeper.screen);
        EXPECT_TRUE(way_back_drawn(deeper)) << deeper.screen << " (from admin " << sub.id << ")";
        handle(Choose{"back"});
      }
    }
    staff_menu();
  }
  EXPECT_GE(seen.size(), 8u) << "the walk should reach most screens";
}

TEST_F(ViewOfController, TappingCancelOnTheKeypadGoesHome) {
  ScreenModel pin = handle(Scan{"900001"});
  ASSERT_TRUE(pin.wants_pin);
  auto inputs = ui.tap(pin, "Cancel");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(handle(inputs[0]).screen, "home");
}

TEST_F(ViewOfController, KeypadTapsSignIn) {
  ScreenModel m = handle(Scan{"900001"});
  std::vector<Input> inputs;
  for (char digit : pins().at("S001")) (void)ui.tap(m, std::string(1, digit));
  inputs = ui.tap(m, "OK");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(handle(inputs[0]).screen, "staff.menu");
}
