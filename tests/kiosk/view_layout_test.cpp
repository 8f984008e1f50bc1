// Every screen the real controller shows, laid out by the real views at the
// sizes the kiosk runs at (1280x800, a Raspberry Pi 7" panel at 800x480, and
// 1920x1080): each choice inside the window and clear of every other, and a
// message band that appears never moves them.
#include <gtest/gtest.h>

#include <imgui_internal.h>

#include <cstring>
#include <map>

#include "controller_fixture.h"
#include "imgui_harness.h"

using namespace kiosk;
using kiosk_test::pins;
using kiosk_test::t;

namespace {

class EveryScreen : public kiosk_test::Desk {
 protected:
  ScreenModel handle(const Input& input, const char* at = "2026-11-24T08:20:00") {
    ScreenModel m = controller->handle(input, t(at));
    keep(m);
    return m;
  }
  void keep(const ScreenModel& m) {
    if (!screens.contains(m.screen)) screens.emplace(m.screen, m);
  }
  ScreenModel staff_menu() {
    ScreenModel m = handle(Choose{"cancel"});
    if (m.screen == "staff.menu") return m;
    handle(Scan{"900003"});  // Claire Okafor: confiscation and DSL
    return handle(Pin{pins().at("S003")});
  }
  ScreenModel admin_menu() {
    handle(Choose{"cancel"});
    handle(Choose{"cancel"});
    handle(Scan{"900002"});  // Raj Patel, administrator
    handle(Pin{pins().at("S002")});
    return handle(Choose{"admin"});
  }
  // Goes on from `m` by its first choice (or row) a few times, typing where
  // asked: most of a flow's screens, in order.
  void walk(ScreenModel m, int steps = 6) {
    for (int i = 0; i < steps; ++i) {
      if (m.screen == "home" || m.screen == "result" || m.screen == "staff.menu" || m.screen == "quit") return;
      if (m.wants_pin) return;
      if (m.wants_text && m.columns.empty()) {
        m = handle(Text{"Test note 42/1234/26"});
        continue;
      }
      const Choice* next = nullptr;
      for (const auto& c : m.choices)
        if (!is_back(c) && c.enabled && c.id != "quit" && (!next || c.primary)) next = &c;
      if (next) m = handle(Choose{next->id});
      else if (!m.rows.empty() && !m.rows.front().choice.empty()) m = handle(Choose{m.rows.front().choice});
      else return;
    }
  }

  // Every screen reached, by name, as first shown.
  std::map<std::string, ScreenModel> screens;

  void tour() {
    keep(controller->screen(t("2026-11-24T08:20:00")));
    ScreenModel m = handle(Scan{"100001"});      // handin.slot
    handle(Choose{"more"});                      // handin.more
    handle(Choose{"back"});
    handle(Scan{"100001"});                      // result: "You've handed in"
    handle(Choose{"early"});                     // collect.authorise
    handle(Scan{"900001"});
    handle(Pin{pins().at("S001")});              // collect.reason
    handle(Choose{"cancel"});
    handle(Scan{"100002"});
    handle(Scan{"100002"}, "2026-11-24T15:12:00");  // collect.pouch
    handle(Choose{"cancel"}, "2026-11-24T15:12:00");
    handle(Choose{"plugin"});                    // plugin.scan
    walk(handle(Scan{"NFA-1002"}));
    handle(Choose{"cancel"});
    handle(Choose{"quit"});                      // quit.authorise
    handle(Choose{"cancel"});
    handle(Scan{"900001"});                      // pin

    staff_menu();
    walk(handle(Choose{"signout"}), 1);
    walk(handle(Scan{"NFA-1001"}), 8);
    staff_menu();
    walk(handle(Choose{"return"}), 1);
    walk(handle(Scan{"NFA-1001"}), 8);
    staff_menu();
    walk(handle(Choose{"confiscate"}), 1);
    walk(handle(Scan{"100003"}), 8);
    staff_menu();
    walk(handle(Choose{"confiscations"}), 4);
    staff_menu();
    walk(handle(Choose{"formbox"}), 1);
    walk(handle(Scan{"FB7A"}), 4);
    for (const char* id : {"held", "lost", "plugin"}) {
      staff_menu();
      walk(handle(Choose{id}), 1);
      walk(handle(Scan{"NFA-1002"}), 4);
    }

    ScreenModel admin = admin_menu();
    for (const auto& c : admin.choices) {
      if (is_back(c) || c.id == "quit") continue;
      admin_menu();
      m = handle(Choose{c.id});
      if (c.id == "find") m = handle(Text{"lt"});
      if (c.id == "pat") m = handle(Scan{"NFA-1002"});
      walk(m, 4);
    }
    admin_menu();
    ScreenModel reports = handle(Choose{"reports"});
    for (const auto& c : reports.choices) {
      if (is_back(c)) continue;
      handle(Choose{c.id});
      handle(Choose{"back"});
    }
  }
};

struct Size {
  float w, h;
};
constexpr Size kSizes[] = {{1280, 800}, {800, 480}, {1920, 1080}};

bool overlap(const HitBox& a, const HitBox& b) {
  return a.x + 1 < b.x + b.w && b.x + 1 < a.x + a.w && a.y + 1 < b.y + b.h && b.y + 1 < a.y + a.h;
}

std::string where(const HitBox& h) {
  return "'" + h.label + "' (" + h.id + ") at " + std::to_string(static_cast<int>(h.x)) + "," +
         std::to_string(static_cast<int>(h.y)) + " " + std::to_string(static_cast<int>(h.w)) + "x" +
         std::to_string(static_cast<int>(h.h));
}

// The model with a verdict on its band and two more lines, as after a refusal.
ScreenModel with_message(ScreenModel m) {
  m.feedback = Feedback::Refused;
  m.message = "That scan does not fit this screen: choose what to do first, or ask at the office";
  m.lines.push_back("Evidence hold: only the designated safeguarding lead can place one");
  m.lines.push_back("Ask the office");
  return m;
}

// How far the words above the last frame's controls run past their room
// (0: they show whole, with no scroll bar).
float text_overflow() {
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (w->WasActive && std::strstr(w->Name, "/text_")) return w->ScrollMax.y;
  return -1;
}

ScreenModel without_message(ScreenModel m) {
  m.feedback = Feedback::None;
  m.message.clear();
  return m;
}

}  // namespace

TEST_F(EveryScreen, EveryChoiceFitsTheWindowAndNoneIsUnderAnother) {
  tour();
  EXPECT_GE(screens.size(), 35u) << "the tour should reach most screens";
  for (Size size : kSizes) {
    ImGuiHarness ui{size.w, size.h};
    for (const auto& [name, model] : screens) {
      for (const ScreenModel& m : {model, with_message(model)}) {
        ui.frame(m);
        const auto& hits = ui.view.hits;
        EXPECT_FALSE(hits.empty() && name != "quit") << name << ": nothing to tap";
        for (std::size_t i = 0; i < hits.size(); ++i) {
          const HitBox& h = hits[i];
          EXPECT_TRUE(h.x >= 0 && h.y >= 0 && h.x + h.w <= size.w + 0.5f && h.y + h.h <= size.h + 0.5f)
              << name << " at " << size.w << "x" << size.h << ": " << where(h) << " is outside the window";
          for (std::size_t j = i + 1; j < hits.size(); ++j)
            EXPECT_FALSE(overlap(h, hits[j])) << name << " at " << size.w << "x" << size.h << ": " << where(h)
                                              << " is under " << where(hits[j]);
        }
      }
    }
  }
}

TEST_F(EveryScreen, AMessageBandNeverMovesTheChoices) {
  tour();
  for (Size size : kSizes) {
    ImGuiHarness ui{size.w, size.h};
    for (const auto& [name, model] : screens) {
      ui.frame(without_message(model));
      const std::vector<HitBox> before = ui.view.hits;
      ui.frame(with_message(model));
      const std::vector<HitBox>& after = ui.view.hits;
      ASSERT_EQ(before.size(), after.size()) << name;
      for (std::size_t i = 0; i < before.size(); ++i)
        EXPECT_TRUE(before[i].x == after[i].x && before[i].y == after[i].y && before[i].w == after[i].w &&
                    before[i].h == after[i].h)
            << name << " at " << size.w << "x" << size.h << ": " << where(before[i]) << " moved to "
            << where(after[i]);
    }
  }
}

// A table's count ("1 entry") shows whole under a one-line band, as after a
// rack is moved on the report of racks: the table leaves it a line (it was
// cut in half under a scroll bar at 1280x800 and 800x480).
TEST_F(EveryScreen, ATablesCountShowsWholeUnderAOneLineBand) {
  tour();
  int tables = 0;
  for (Size size : kSizes) {
    ImGuiHarness ui{size.w, size.h};
    for (const auto& [name, model] : screens) {
      if (model.columns.empty()) continue;
      ScreenModel m = model;
      m.feedback = Feedback::Accepted;
      m.message = "Rack A is now at desk reception";
      m.lines = {"1 entry"};
      ui.frame(m);
      ui.frame(m);  // a window's scroll range follows its content a frame later
      ++tables;
      EXPECT_EQ(text_overflow(), 0.0f) << name << " at " << size.w << "x" << size.h;
    }
  }
  EXPECT_GE(tables, 3);
}
