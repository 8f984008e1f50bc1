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

void draw_body(const ScreenModel& model, const std::vector<Choice>& choices, bool tiles, ViewState& view,
               const Theme& theme, std::vector<Input>& inputs) {
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

  ImVec2 room = ImGui::GetContentRegionAvail();
  room.y = std::max(room.y, theme.target * 4);
  std::optional<Input> tapped;
  if (model.wants_pin) tapped = draw_keypad(view, room, theme);
  else if (model.wants_text) tapped = draw_keyboard(model.text_label, view, room, theme);
  else if (!model.columns.empty()) tapped = draw_table(model, room, view, theme);
  else if (tiles) {
    std::vector<Choice> menu;
    std::copy_if(choices.begin(), choices.end(), std::back_inserter(menu), [](const Choice& c) { return !is_back(c); });
    tapped = draw_choice_tiles(menu, room, view, theme);
  }
  if (tapped) inputs.push_back(*tapped);
}

}  // namespace

void reset_entries(ViewState& view) {
  view.pin.clear();
  view.text.clear();
  view.shift = false;
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
    const float bar_h = theme.target;
    draw_header(model, theme);
    const std::vector<Choice> choices = with_way_back(model);
    const auto menu_size = std::count_if(choices.begin(), choices.end(), [](const Choice& c) { return !is_back(c); });
    // A menu of three or more gets tiles; otherwise choices sit in the bottom bar.
    const bool tiles = menu_size >= 3 && !model.wants_pin && !model.wants_text && model.columns.empty();
    const float top = ImGui::GetCursorPosY() + gap;
    ImGui::SetCursorPos({2 * gap, top});
    ImGui::BeginChild("body", {display.x - 4 * gap, display.y - top - bar_h - 3 * gap}, false,
                      ImGuiWindowFlags_NoBackground);
    draw_body(model, choices, tiles, view, theme, inputs);
    ImGui::EndChild();

    std::vector<Choice> bar;
    std::copy_if(choices.begin(), choices.end(), std::back_inserter(bar),
                 [&](const Choice& c) { return is_back(c) || !tiles; });
    ImGui::SetCursorPos({2 * gap, display.y - bar_h - 2 * gap});
    ImGui::BeginChild("bar", {display.x - 4 * gap, bar_h + gap}, false, ImGuiWindowFlags_NoBackground);
    if (auto tapped = draw_choice_bar(bar, bar_h, view, theme)) inputs.push_back(*tapped);
    ImGui::EndChild();
  }
  ImGui::End();
  return inputs;
}

}  // namespace kiosk
