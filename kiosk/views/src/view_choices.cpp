// Choices: a grid of tiles for menus, a bar of buttons under everything else.
#include <algorithm>
#include <cmath>

#include "views/views.h"

namespace kiosk {
namespace {

std::string button_label(const Choice& c) { return c.label + "##" + c.id; }

// One choice as a button; a disabled choice is drawn but cannot be tapped.
bool choice_button(const Choice& c, ImVec2 size, ViewState& view, const Theme& theme) {
  if (!c.enabled) ImGui::BeginDisabled();
  bool pressed = c.primary ? touch_button(button_label(c), size, view, theme, theme.primary, IM_COL32_WHITE)
                           : touch_button(button_label(c), size, view, theme);
  if (!c.enabled) ImGui::EndDisabled();
  return pressed && c.enabled;
}

float label_width(const Choice& c, const Theme& theme) {
  return theme.button->CalcTextSizeA(theme.button->FontSize, 1e9f, 0, c.label.c_str()).x + 4 * theme.gap;
}

}  // namespace

std::optional<Input> draw_choice_tiles(const std::vector<Choice>& choices, ImVec2 size, ViewState& view,
                                       const Theme& theme) {
  if (choices.empty()) return std::nullopt;
  int n = static_cast<int>(choices.size());
  int columns = n <= 3 ? n : (n == 4 ? 2 : 3);
  int rows = (n + columns - 1) / columns;
  float gap = theme.gap;
  // A lone tile is a button, not a banner: at most six targets wide, centred.
  float w = std::min((size.x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns), theme.target * 6);
  float grid_w = w * static_cast<float>(columns) + gap * static_cast<float>(columns - 1);
  float h = std::clamp((size.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows), theme.target,
                       theme.target * 2.2f);
  std::optional<Input> tapped;
  ImVec2 origin = ImGui::GetCursorPos();
  origin.x += (size.x - grid_w) / 2;
  for (int i = 0; i < n; ++i) {
    ImGui::SetCursorPos({origin.x + static_cast<float>(i % columns) * (w + gap),
                         origin.y + static_cast<float>(i / columns) * (h + gap)});
    if (choice_button(choices[static_cast<std::size_t>(i)], {w, h}, view, theme))
      tapped = Choose{choices[static_cast<std::size_t>(i)].id};
  }
  return tapped;
}

std::optional<Input> draw_choice_bar(const std::vector<Choice>& choices, float height, ViewState& view,
                                     const Theme& theme) {
  std::optional<Input> tapped;
  float min_w = theme.target * 3;
  ImVec2 origin = ImGui::GetCursorPos();
  float left = origin.x;
  for (const auto& c : choices) {
    if (!is_back(c)) continue;
    ImGui::SetCursorPos({left, origin.y});
    float w = std::max(min_w, label_width(c, theme));
    if (choice_button(c, {w, height}, view, theme)) tapped = Choose{c.id};
    left += w + theme.gap;
  }
  // The rest to the right, the primary choice last (nearest the thumb).
  std::vector<const Choice*> rest;
  for (const auto& c : choices)
    if (!is_back(c) && !c.primary) rest.push_back(&c);
  for (const auto& c : choices)
    if (!is_back(c) && c.primary) rest.push_back(&c);
  float total = 0;
  for (const auto* c : rest) total += std::max(min_w, label_width(*c, theme)) + theme.gap;
  float right_edge = ImGui::GetWindowContentRegionMax().x;
  float x = std::max(left, right_edge - total + theme.gap);
  for (const auto* c : rest) {
    float w = std::max(min_w, label_width(*c, theme));
    ImGui::SetCursorPos({x, origin.y});
    if (choice_button(*c, {w, height}, view, theme)) tapped = Choose{c->id};
    x += w + theme.gap;
  }
  return tapped;
}

}  // namespace kiosk
