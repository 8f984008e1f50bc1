#include <gtest/gtest.h>

#include "imgui_harness.h"

using namespace kiosk;

namespace {

// One model of each kind of screen the kiosk draws.
std::vector<ScreenModel> every_kind_of_screen() {
  std::vector<ScreenModel> models;
  ScreenModel decided;
  decided.screen = "confiscate.done";
  decided.title = "Confiscate";
  decided.message = "Phone in pouch 42";
  decided.feedback = Feedback::Accepted;
  decided.allowed = true;
  models.push_back(decided);
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
  m.screen = "signout.where";
  m.choices = {{"back", "Back"}, {"confirm", "Take home", true}};
  auto inputs = ui.tap(m, "Back");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Choose>(inputs[0]).id, "back");
  EXPECT_EQ(ui.find("Cancel"), nullptr);
}

TEST(ViewScreen, AResultWorksLikeHomeAndItsOkIsTheWayBack) {
  ImGuiHarness ui;
  ScreenModel result;
  result.screen = "result";
  result.title = "Northfield Academy";
  result.message = "Pouch 1 - Zo\xC3\xAB K. (7A)";
  result.feedback = Feedback::Accepted;
  result.choices = {{"ok", "OK", true}, {"handin", "Hand in"}, {"collect", "Collect"}, {"plugin", "May I plug this in?"}};
  auto inputs = ui.tap(result, "OK");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Choose>(inputs[0]).id, "ok");
  EXPECT_EQ(ui.find("Cancel"), nullptr);
  for (const auto& hit : ui.view.hits) EXPECT_LE(hit.y + hit.h, 800) << hit.label << " runs off the screen";
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

// The window paints the flash's colour itself (cheaper than a textured
// quad on llvmpipe): the draw list carries the callback and the colour,
// then a reset of Dear ImGui's render state for the mark and text after it.
TEST(ViewScreen, FlashHandsItsColourToAFillCallback) {
  ImGuiHarness ui;
  ImGui::NewFrame();
  ImDrawCallback fill = [](const ImDrawList*, const ImDrawCmd*) {};
  ASSERT_TRUE(draw_flash(Feedback::Accepted, "Done", 0.0, ui.theme, fill));
  ImGui::Render();
  const ImDrawList* list = ImGui::GetForegroundDrawList();
  const ImDrawCmd* fill_cmd = nullptr;
  for (int i = 0; i < list->CmdBuffer.Size; ++i)
    if (list->CmdBuffer[i].UserCallback == fill) fill_cmd = &list->CmdBuffer[i];
  ASSERT_NE(fill_cmd, nullptr);
  EXPECT_EQ(fill_colour(*fill_cmd) & ~IM_COL32_A_MASK, ui.theme.accepted & ~IM_COL32_A_MASK);
  EXPECT_EQ(fill_colour(*fill_cmd) >> IM_COL32_A_SHIFT, static_cast<ImU32>(0.94f * 255 + 0.5f));
  EXPECT_EQ((fill_cmd + 1)->UserCallback, ImDrawCallback_ResetRenderState);
  EXPECT_GT(list->CmdBuffer.back().ElemCount, 0u);  // the mark and the message, after the fill
}

TEST(ViewScreen, BigTextThatIsNotAsciiStillDraws) {
  ImGuiHarness ui;
  EXPECT_TRUE(has_glyphs(ui.theme.huge, "Pouch 42"));
  EXPECT_FALSE(has_glyphs(ui.theme.huge, "Zo\xC3\xAB"));
  ScreenModel m;
  m.screen = "collect";
  m.big = "Zo\xC3\xAB";
  EXPECT_TRUE(ui.frame(m).empty());
}
