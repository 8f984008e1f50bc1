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
  bool pressed = c.primary    ? touch_button(button_label(c), size, view, theme, theme.primary, IM_COL32_WHITE)
                 : c.selected ? touch_button(button_label(c), size, view, theme, theme.selected, theme.text)
                              : touch_button(button_label(c), size, view, theme);
  if (!c.enabled) ImGui::EndDisabled();
  return pressed && c.enabled;
}

float label_width(const Choice& c, const Theme& theme) {
  return theme.button->CalcTextSizeA(theme.button->FontSize, 1e9f, 0, c.label.c_str()).x + 4 * theme.gap;
}

}  // namespace

int tile_columns(int n) { return n <= 3 ? std::max(n, 1) : (n == 4 ? 2 : 3); }
int tile_rows(int n) { return (n + tile_columns(n) - 1) / tile_columns(n); }

std::optional<Input> draw_choice_tiles(const std::vector<Choice>& choices, ImVec2 size, ViewState& view,
                                       const Theme& theme) {
  if (choices.empty()) return std::nullopt;
  int n = static_cast<int>(choices.size());
  int columns = tile_columns(n);
  int rows = tile_rows(n);
  float gap = theme.gap;
  // A lone tile is a button, not a banner: at most six targets wide, centred.
  float w = std::min((size.x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns), theme.target * 6);
  float grid_w = w * static_cast<float>(columns) + gap * static_cast<float>(columns - 1);
  // Tiles shrink to fit the room they are given rather than run off the screen.
  float h = std::min((size.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows), theme.target * 2.2f);
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

namespace {

// The bar's rows: Back/Cancel first, the primary last (nearest the thumb),
// each button as wide as its label; a row that would overflow starts another.
using BarRow = std::vector<std::pair<const Choice*, float>>;
std::vector<BarRow> bar_rows(const std::vector<Choice>& choices, float width, const Theme& theme) {
  std::vector<const Choice*> order;
  for (const auto& c : choices)
    if (is_back(c)) order.push_back(&c);
  for (const auto& c : choices)
    if (!is_back(c) && !c.primary) order.push_back(&c);
  for (const auto& c : choices)
    if (!is_back(c) && c.primary) order.push_back(&c);
  std::vector<BarRow> rows;
  float used = 0;
  for (const Choice* c : order) {
    float w = std::min(std::max(theme.target * 3, label_width(*c, theme)), width);
    if (rows.empty() || used + w > width) {
      rows.emplace_back();
      used = 0;
    }
    rows.back().emplace_back(c, w);
    used += w + theme.gap;
  }
  return rows;
}

}  // namespace

int choice_bar_rows(const std::vector<Choice>& choices, float width, const Theme& theme) {
  return std::max<int>(1, static_cast<int>(bar_rows(choices, width, theme).size()));
}

std::optional<Input> draw_choice_bar(const std::vector<Choice>& choices, float width, float height, ViewState& view,
                                     const Theme& theme) {
  std::optional<Input> tapped;
  const ImVec2 origin = ImGui::GetCursorPos();
  const auto rows = bar_rows(choices, width, theme);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const float y = origin.y + static_cast<float>(r) * (height + theme.gap);
    float sum = 0, rest = 0;
    for (const auto& [c, w] : rows[r]) {
      sum += w + theme.gap;
      if (!is_back(*c)) rest += w + theme.gap;
    }
    // One row: Back/Cancel on the left, the rest to the right. Several: each fills the width.
    const float stretch = rows.size() == 1 ? 0 : (width - sum + theme.gap) / static_cast<float>(rows[r].size());
    const float rest_from = origin.x + width - rest + theme.gap;
    float x = origin.x;
    for (const auto& [c, w] : rows[r]) {
      if (rows.size() == 1 && !is_back(*c)) x = std::max(x, rest_from);
      ImGui::SetCursorPos({x, y});
      if (choice_button(*c, {w + stretch, height}, view, theme)) tapped = Choose{c->id};
      x += w + stretch + theme.gap;
    }
  }
  return tapped;
}

}  // namespace kiosk
