#include <gtest/gtest.h>

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include "imgui_harness.h"

using namespace kiosk;

TEST(ViewTable, RowTapSendsTheRowsChoice) {
  ImGuiHarness ui;
  ScreenModel m;
  m.screen = "handin.form";
  m.title = "Form 9B";
  m.columns = {"Pupil", "Pouch"};
  m.rows = {{{"Zo\xC3\xAB Adams", "PO0012"}, "pupil:P0012", "handed-in"},
            {{"Siobh\xC3\xA1n Byrne", "PO0013"}, "pupil:P0013", ""},
            {{"\xC5\x81ukasz Nowak", "PO0014"}, "pupil:P0014", "absent"}};
  m.choices = {{"back", "Back"}, {"done", "Done", true}};
  auto inputs = ui.tap(m, "Siobh\xC3\xA1n Byrne");
  ASSERT_TRUE(ui.missing.empty());
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(std::get<Choose>(inputs[0]).id, "pupil:P0013");
}

TEST(ViewTable, RowsWithoutAChoiceAreNotTargets) {
  ImGuiHarness ui;
  ScreenModel m;
  m.screen = "report";
  m.columns = {"Device", "Due"};
  m.rows = {{{"LT001", "Mon 09:00"}, "", ""}};
  ui.frame(m);
  EXPECT_EQ(ui.find("LT001"), nullptr);
}

TEST(ViewTable, AccentedNamesHaveTheirGlyphs) {
  ImGuiHarness ui;
  for (const char* name : {"Zo\xC3\xAB", "Siobh\xC3\xA1n", "\xC5\x81ukasz", "Nguy\xE1\xBB\x85n"}) {
    for (ImFont* font : {ui.theme.body, ui.theme.button, ui.theme.title}) {
      for (const char* s = name; *s;) {
        unsigned int c = 0;
        s += ImTextCharFromUtf8(&c, s, nullptr);
        EXPECT_NE(font->FindGlyphNoFallback(static_cast<ImWchar>(c)), nullptr) << name << " U+" << std::hex << c;
      }
    }
  }
}
