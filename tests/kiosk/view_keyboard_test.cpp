#include <gtest/gtest.h>

#include "imgui_harness.h"

using namespace kiosk;

namespace {

ScreenModel search_screen() {
  ScreenModel m;
  m.screen = "search";
  m.title = "Find a pupil";
  m.wants_text = true;
  m.text_label = "Search";
  m.choices = {{"back", "Back"}};
  return m;
}

}  // namespace

TEST(ViewKeyboard, KeysThenEnterSendText) {
  ImGuiHarness ui;
  auto model = search_screen();
  for (const char* key : {"Shift", "O", "k", "a", "Space", "f"}) EXPECT_TRUE(ui.tap(model, key).empty());
  auto inputs = ui.tap(model, "Enter");
  ASSERT_TRUE(ui.missing.empty());
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Text>(inputs[0]).value, "Oka f");
}

TEST(ViewKeyboard, TheSecondLayerTypesAccentsAndACrimeReference) {
  ImGuiHarness ui;
  auto model = search_screen();
  for (const char* key : {"Shift", "S", "i", "o", "b", "h", "\xC3\xA1\xC3\xA9@", "\xC3\xA1", "abc", "n", "Space", "4",
                          "2", "\xC3\xA1\xC3\xA9@", "/", "Shift", "\xC5\x81"})
    EXPECT_TRUE(ui.tap(model, key).empty()) << key;
  auto inputs = ui.tap(model, "Enter");
  ASSERT_TRUE(ui.missing.empty()) << ui.missing.front();
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Text>(inputs[0]).value, "Siobh\xC3\xA1n 42/\xC5\x81");
}

TEST(ViewKeyboard, TypingKeepsAccentsAndBackspaceRemovesWholeLetters) {
  ImGuiHarness ui;
  auto inputs = type_into(search_screen(), ui.view, "Nguy\xE1\xBB\x85n\bn Zo\xC3\xAB\b\n");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Text>(inputs[0]).value, "Nguy\xE1\xBB\x85n Zo");
}

TEST(ViewKeyboard, TypingOutsideAnyFieldIsIgnored) {
  ImGuiHarness ui;
  ScreenModel menu;
  menu.screen = "staff.menu";
  EXPECT_TRUE(type_into(menu, ui.view, "1234\n").empty());
}
