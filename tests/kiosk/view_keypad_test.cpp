#include <gtest/gtest.h>

#include "imgui_harness.h"

using namespace kiosk;

namespace {

ScreenModel pin_screen() {
  ScreenModel m;
  m.screen = "pin";
  m.title = "Staff sign-in";
  m.prompt = "Enter your PIN";
  m.wants_pin = true;
  m.choices = {{"cancel", "Cancel"}};
  return m;
}

}  // namespace

TEST(ViewKeypad, DigitsThenOkSendPin) {
  ImGuiHarness ui;
  auto model = pin_screen();
  for (const char* key : {"4", "7", "1", "9"}) EXPECT_TRUE(ui.tap(model, key).empty());
  auto inputs = ui.tap(model, "OK");
  ASSERT_TRUE(ui.missing.empty());
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Pin>(inputs[0]).digits, "4719");
  EXPECT_TRUE(ui.view.pin.empty()) << "the keypad forgets the PIN once sent";
}

TEST(ViewKeypad, DeleteAndClearEdit) {
  ImGuiHarness ui;
  auto model = pin_screen();
  for (const char* key : {"1", "2", "Delete", "3", "Clear", "5", "6"}) (void)ui.tap(model, key);
  auto inputs = ui.tap(model, "OK");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Pin>(inputs[0]).digits, "56");
}

TEST(ViewKeypad, OkWithNoDigitsSendsNothing) {
  ImGuiHarness ui;
  EXPECT_TRUE(ui.tap(pin_screen(), "OK").empty());
}

TEST(ViewKeypad, TypedDigitsAndEnterSendPin) {
  ImGuiHarness ui;
  auto inputs = type_into(pin_screen(), ui.view, "12x3\b4\r");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Pin>(inputs[0]).digits, "124");
}
