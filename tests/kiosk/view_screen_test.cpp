#include <gtest/gtest.h>

#include "imgui_harness.h"

using namespace kiosk;

namespace {

// One model of each kind of screen the kiosk draws.
std::vector<ScreenModel> every_kind_of_screen() {
  std::vector<ScreenModel> models;
  ScreenModel result;
  result.screen = "result";
  result.title = "Hand in";
  result.message = "Phone in pouch 42";
  result.feedback = Feedback::Accepted;
  result.allowed = true;
  models.push_back(result);
  ScreenModel collect;
  collect.screen = "collect";
  collect.big = "42";
  collect.choices = {{"done", "Done", true}};
  models.push_back(collect);
  ScreenModel pin;
  pin.screen = "pin";
  pin.wants_pin = true;
  models.push_back(pin);
  ScreenModel text;
  text.screen = "search";
  text.wants_text = true;
  models.push_back(text);
  ScreenModel table;
  table.screen = "report";
  table.columns = {"Device"};
  table.rows = {{{"LT001"}, "LT001", ""}};
  models.push_back(table);
  ScreenModel menu;
  menu.screen = "staff.menu";
  menu.choices = {{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}};
  models.push_back(menu);
  return models;
}

}  // namespace

TEST(ViewScreen, EveryScreenButHomeHasAWayBack) {
  for (const auto& model : every_kind_of_screen()) {
    ImGuiHarness ui;
    auto inputs = ui.tap(model, "Cancel");
    ASSERT_EQ(inputs.size(), 1u) << model.screen;
    EXPECT_EQ(std::get<Choose>(inputs[0]).id, "cancel") << model.screen;
  }
}

TEST(ViewScreen, TheModelsOwnBackIsUsedAndNotDoubled) {
  ImGuiHarness ui;
  ScreenModel m;
  m.screen = "signout.conditions";
  m.choices = {{"back", "Back"}, {"confirm", "Take home", true}};
  auto inputs = ui.tap(m, "Back");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Choose>(inputs[0]).id, "back");
  EXPECT_EQ(ui.find("Cancel"), nullptr);
}

TEST(ViewScreen, HomeNeedsNoWayBack) {
  ImGuiHarness ui;
  ScreenModel home;
  home.screen = "home";
  ui.frame(home);
  EXPECT_EQ(ui.find("Cancel"), nullptr);
}

TEST(ViewScreen, FlashRunsItsCourseAndStops) {
  ImGuiHarness ui;
  ImGui::NewFrame();
  EXPECT_TRUE(draw_flash(Feedback::Refused, "Not allowed", 0.0, ui.theme));
  EXPECT_TRUE(draw_flash(Feedback::Accepted, "Done", 0.5, ui.theme));
  EXPECT_FALSE(draw_flash(Feedback::Accepted, "Done", kFlashSeconds, ui.theme));
  EXPECT_FALSE(draw_flash(Feedback::None, "", 0.0, ui.theme));
  ImGui::Render();
}

TEST(ViewScreen, BigTextThatIsNotAsciiStillDraws) {
  ImGuiHarness ui;
  EXPECT_TRUE(fits_huge(ui.theme, "PO0042"));
  EXPECT_FALSE(fits_huge(ui.theme, "Zo\xC3\xAB"));
  ScreenModel m;
  m.screen = "collect";
  m.big = "Zo\xC3\xAB";
  EXPECT_TRUE(ui.frame(m).empty());
}
