// kiosk/views/: Dear ImGui only. Each view draws a screen model; nothing here
// opens a window or decides anything.
//
// The kiosk's views: Dear ImGui code that draws a ScreenModel and turns taps
// into Inputs. Views read the model and never change it; what they remember
// between frames (digits typed on the keypad, text on the keyboard) lives in
// one ViewState the app owns.
//
//   kiosk::ViewState view;
//   ImGui::NewFrame();
//   for (auto& input : kiosk::draw_screen(model, view, theme)) controller.handle(input, now);
//   ImGui::Render();
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "desk/screen.h"
#include "views/theme.h"

namespace kiosk {

// Where a touch target was drawn this frame, in window pixels; used by tests
// and by the end-to-end tests (TAGDESK_LAYOUT_FILE) to tap by label.
struct HitBox {
  std::string label;
  std::string id;  // the choice's id; the part after "##" of a key's label
  float x = 0, y = 0, w = 0, h = 0;
};

inline constexpr std::size_t kMaxPin = 12;

struct ViewState {
  std::string pin;    // digits on the keypad, never shown
  std::string text;   // what is in the text box
  bool shift = false; // the on-screen keyboard's shift key
  bool accents = false; // the keyboard's second layer: accents and , . / @
  std::vector<HitBox> hits;
};

// Clears what the previous screen left behind (a half-typed PIN) when the
// screen changes; keeps it while the same screen is redrawn.
void reset_entries(ViewState& view);

// The whole screen, filling ImGui's display. Home and results have their own
// layout; every other screen has a title bar, the prompt, any message, big text, details,
// then a table, keypad, keyboard or buttons, and Back/Cancel at the bottom.
[[nodiscard]] std::vector<Input> draw_screen(const ScreenModel& model, ViewState& view, const Theme& theme);

// ---- the parts, one file each (view_*.cpp)

// Home and "result" (which works like home): the school's name, the clock,
// the verdict, "Scan your card" and the few choices along the bottom.
[[nodiscard]] std::vector<Input> draw_home(const ScreenModel& model, ViewState& view, const Theme& theme);
// The title bar: title on the left, who is signed in and the clock on the right.
void draw_header(const ScreenModel& model, const Theme& theme);
// Choices as a grid of large tiles filling `size` (menus): tile_rows(n) rows of
// tile_columns(n); tiles shrink to fit a small screen.
[[nodiscard]] int tile_columns(int n);
[[nodiscard]] int tile_rows(int n);
[[nodiscard]] std::optional<Input> draw_choice_tiles(const std::vector<Choice>& choices, ImVec2 size, ViewState& view,
                                                     const Theme& theme);
// Choices as rows of buttons `height` tall in `width`; Back/Cancel first, the
// primary last; rows wrap when they do not fit (choice_bar_rows says how many).
[[nodiscard]] std::optional<Input> draw_choice_bar(const std::vector<Choice>& choices, float width, float height,
                                                   ViewState& view, const Theme& theme);
[[nodiscard]] int choice_bar_rows(const std::vector<Choice>& choices, float width, const Theme& theme);
// The PIN keypad: digits are shown as dots; OK sends Pin{digits}.
[[nodiscard]] std::optional<Input> draw_keypad(ViewState& view, ImVec2 size, const Theme& theme);
// The text box (labelled model.text_label) and on-screen keyboard, in `size`
// (the keys shrink to fit); Enter sends Text{value}. A search (is_search) shows
// its table between the box and the keys and sends Text as the words change.
[[nodiscard]] std::optional<Input> draw_keyboard(const ScreenModel& model, ViewState& view, ImVec2 size,
                                                 const Theme& theme);
// A screen that asks for text and shows a table: the results of what is typed.
[[nodiscard]] bool is_search(const ScreenModel& model);
// A table from columns/rows; tapping a row with a choice sends Choose{row.choice}.
[[nodiscard]] std::optional<Input> draw_table(const ScreenModel& model, ImVec2 size, ViewState& view,
                                              const Theme& theme);
// Huge centred text: the pouch number.
void draw_big(const std::string& text, const Theme& theme);
// The decision's message on a band coloured by its feedback.
void draw_message(const ScreenModel& model, const Theme& theme);

// A full-screen flash of the feedback colour with the message, fading out.
// `age` is seconds since the decision; returns false once it has faded.
// `fill`, if given, paints the colour instead of a rectangle: a draw
// callback whose UserCallbackData is the ImU32 colour (fill_colour reads it;
// the window's fill_screen paints it with plain OpenGL).
bool draw_flash(Feedback feedback, const std::string& message, double age, const Theme& theme,
                ImDrawCallback fill = nullptr);
// The colour a fill callback of draw_flash paints.
[[nodiscard]] inline ImU32 fill_colour(const ImDrawCmd& cmd) {
  return static_cast<ImU32>(reinterpret_cast<std::uintptr_t>(cmd.UserCallbackData));
}
inline constexpr double kFlashSeconds = 0.9;
// "Working…" over the screen while the controller is busy (`fill` as for draw_flash).
void draw_busy(double age, const Theme& theme, ImDrawCallback fill = nullptr);
// Before the controller's first screen (the school's records still loading):
// the background and "Starting…", no touch targets.
void draw_starting(const Theme& theme);

// A small strip at the bottom of the screen for the machine's own trouble
// ("No camera found"); the screen's content stays usable above it.
void draw_status(const std::string& text, const Theme& theme);

// What a person typed on a physical keyboard, applied to the keypad or text
// box of this screen: Enter submits, Backspace ('\b') deletes.
[[nodiscard]] std::vector<Input> type_into(const ScreenModel& model, ViewState& view, std::string_view typed);

// A touch button at least theme.target tall that records its HitBox.
[[nodiscard]] bool touch_button(const std::string& label, ImVec2 size, ViewState& view, const Theme& theme,
                                ImU32 fill = 0, ImU32 text = 0);
// Whether a choice is Back or Cancel, which every screen but home must offer.
[[nodiscard]] bool is_back(const Choice& choice);

}  // namespace kiosk
