#include <gtest/gtest.h>

#include "imgui_harness.h"

using namespace kiosk;

namespace {

ScreenModel staff_menu() {
  ScreenModel m;
  m.screen = "staff.menu";
  m.title = "Staff";
  m.prompt = "What would you like to do?";
  m.signed_in = "Ms Okafor";
  m.choices = {{"signout", "Sign out a device"}, {"return", "Return a device"}, {"confiscate", "Confiscate a phone"},
               {"reports", "Reports"}, {"back", "Back"}};
  return m;
}

}  // namespace

TEST(ViewChoices, TapOnATileSendsItsId) {
  ImGuiHarness ui;
  auto inputs = ui.tap(staff_menu(), "Confiscate a phone");
  ASSERT_TRUE(ui.missing.empty());
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Choose>(inputs[0]).id, "confiscate");
}

TEST(ViewChoices, TapOnBackSendsBack) {
  ImGuiHarness ui;
  auto inputs = ui.tap(staff_menu(), "Back");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Choose>(inputs[0]).id, "back");
}

TEST(ViewChoices, DisabledChoiceSendsNothing) {
  ImGuiHarness ui;
  auto model = staff_menu();
  model.choices[0].enabled = false;
  EXPECT_TRUE(ui.tap(model, "Sign out a device").empty());
  EXPECT_TRUE(ui.missing.empty());
}

TEST(ViewChoices, HomeChoicesAreTappable) {
  ImGuiHarness ui;
  ScreenModel home;
  home.screen = "home";
  home.title = "Northfield Academy";
  home.prompt = "Scan your card";
  home.choices = {{"staff", "Staff"}};
  auto inputs = ui.tap(home, "Staff");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Choose>(inputs[0]).id, "staff");
}

TEST(ViewChoices, TouchTargetsAreAtLeastFifteenMillimetres) {
  ImGuiHarness ui;
  ui.frame(staff_menu());
  ASSERT_FALSE(ui.view.hits.empty());
  const float fifteen_mm = 15 * 96 / 25.4f;
  for (const auto& hit : ui.view.hits) {
    EXPECT_GE(hit.h, fifteen_mm) << hit.label;
    EXPECT_GE(hit.w, fifteen_mm) << hit.label;
  }
}

TEST(ViewChoices, TouchTargetsFollowTheMonitorsRealSize) {
  // A 1280 px wide monitor that is 200 mm wide has 6.4 px per mm.
  Metrics small = theme_metrics(1280, 800, 6.4f);
  EXPECT_FLOAT_EQ(small.px_per_mm, 6.4f);
  ImGui::CreateContext();
  Theme theme = load_theme(ImGui::GetIO(), small);
  EXPECT_GE(theme.target, 15 * 6.4f);
  ImGui::DestroyContext();
}
