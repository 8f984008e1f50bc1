// Every screen: home and results in the home layout; the rest with a title
// bar, then what the model has, in order, and Back/Cancel at the bottom.
#include <algorithm>

#include "views/views.h"

namespace kiosk {
namespace {

// No background: the frame is cleared to the same colour, and on a software
// renderer a second full-screen blended layer costs a few ms every frame.
constexpr ImGuiWindowFlags kFullScreen = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                         ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                                         ImGuiWindowFlags_NoBackground;

// Every screen but home must offer a way back (Back, Cancel, or the OK that
// closes a result); a model without one gets Cancel, so no one is stuck.
std::vector<Choice> with_way_back(const ScreenModel& model) {
  std::vector<Choice> choices = model.choices;
  auto way_back = [](const Choice& c) { return is_back(c) || c.id == "ok"; };
  if (std::none_of(choices.begin(), choices.end(), way_back)) choices.insert(choices.begin(), Choice{"cancel", "Cancel"});
  return choices;
}

// How tall the part with the keypad, keyboard, table or tiles is: fixed by the
// kind of screen and the room, never by its message or lines, so a band that
// appears never moves what a finger is about to press.
float controls_height(const ScreenModel& model, int tiles, ImVec2 room, const Theme& theme) {
  const float gap = theme.gap;
  const float box_h = theme.title->FontSize + 2 * gap + gap;
  float natural = 0;
  if (model.wants_pin) natural = box_h + 5 * (theme.target * 1.2f + gap);
  else if (is_search(model)) natural = room.y;
  else if (model.wants_text) natural = box_h + 5 * (theme.target * 1.1f + gap);
  else if (!model.columns.empty()) natural = room.y;
  else if (tiles > 0) natural = static_cast<float>(tile_rows(tiles)) * (theme.target * 1.6f + gap) - gap;
  // The prompt and a one-line message band always keep their room above; a
  // table's screen one line more, for its count ("12 entries").
  const float line_gap = ImGui::GetStyle().ItemSpacing.y;
  const float prompt_h = theme.button->FontSize + line_gap;
  const float band_h = theme.button->FontSize + 3 * gap + line_gap;  // draw_message's padding
  const float count_h = model.columns.empty() ? 0 : theme.body->FontSize + line_gap;
  const float text_min = prompt_h + band_h + count_h;
  return std::clamp(natural, 0.0f, std::max(0.0f, room.y - text_min));
}

void draw_body(const ScreenModel& model, const std::vector<Choice>& choices, bool tiles, ViewState& view,
               const Theme& theme, std::vector<Input>& inputs) {
  std::vector<Choice> menu;
  if (tiles)
    std::copy_if(choices.begin(), choices.end(), std::back_inserter(menu), [](const Choice& c) { return !is_back(c); });
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const float controls_h = controls_height(model, static_cast<int>(menu.size()), room, theme);
  const float text_h = room.y - controls_h - (controls_h > 0 ? theme.gap : 0);

  // What the screen says: prompt, verdict, big text, details. Long details scroll here.
  ImGui::BeginChild("text", {room.x, std::max(text_h, 1.0f)}, false, ImGuiWindowFlags_NoBackground);
  ImGui::PushTextWrapPos(0);
  if (!model.prompt.empty()) {
    ImGui::PushFont(theme.button);
    ImGui::TextUnformatted(model.prompt.c_str());
    ImGui::PopFont();
  }
  draw_message(model, theme);
  draw_big(model.big, theme);
  for (const auto& line : model.lines) ImGui::TextUnformatted(line.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();

  if (controls_h <= 0) return;
  ImGui::SetCursorPos({0, room.y - controls_h});
  const ImVec2 size{room.x, controls_h};
  std::optional<Input> tapped;
  if (model.wants_pin) tapped = draw_keypad(view, size, theme);
  else if (model.wants_text) tapped = draw_keyboard(model, view, size, theme);
  else if (!model.columns.empty()) tapped = draw_table(model, size, view, theme);
  else if (tiles) tapped = draw_choice_tiles(menu, size, view, theme);
  if (tapped) inputs.push_back(*tapped);
}

}  // namespace

void reset_entries(ViewState& view) {
  view.pin.clear();
  view.text.clear();
  view.shift = false;
  view.accents = false;
}

std::vector<Input> draw_screen(const ScreenModel& model, ViewState& view, const Theme& theme) {
  std::vector<Input> inputs;
  view.hits.clear();
  ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(display);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::Begin("tagdesk", nullptr, kFullScreen);
  ImGui::PopStyleVar();
  if (model.screen == "home" || model.screen == "result") {
    inputs = draw_home(model, view, theme);
  } else {
    const float gap = theme.gap;
    draw_header(model, theme);
    const std::vector<Choice> choices = with_way_back(model);
    const auto menu_size = std::count_if(choices.begin(), choices.end(), [](const Choice& c) { return !is_back(c); });
    // A menu of three or more gets tiles; otherwise choices sit in the bottom bar.
    const bool tiles = menu_size >= 3 && !model.wants_pin && !model.wants_text && model.columns.empty();
    std::vector<Choice> bar;
    std::copy_if(choices.begin(), choices.end(), std::back_inserter(bar),
                 [&](const Choice& c) { return is_back(c) || !tiles; });
    // The bar wraps onto more rows when its choices do not fit in one.
    const float bar_w = display.x - 4 * gap;
    const int bar_rows = choice_bar_rows(bar, bar_w, theme);
    const float bar_h = static_cast<float>(bar_rows) * (theme.target + gap) - gap;
    const float top = ImGui::GetCursorPosY() + gap;
    ImGui::SetCursorPos({2 * gap, top});
    // No scroll bar on the body: one appearing would narrow, and so move, the choices.
    ImGui::BeginChild("body", {bar_w, std::max(display.y - top - bar_h - 3 * gap, 1.0f)}, false,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    draw_body(model, choices, tiles, view, theme, inputs);
    ImGui::EndChild();

    ImGui::SetCursorPos({2 * gap, display.y - bar_h - 2 * gap});
    ImGui::BeginChild("bar", {bar_w, bar_h + gap}, false,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (auto tapped = draw_choice_bar(bar, bar_w, theme.target, view, theme)) inputs.push_back(*tapped);
    ImGui::EndChild();
  }
  ImGui::End();
  return inputs;
}

}  // namespace kiosk
