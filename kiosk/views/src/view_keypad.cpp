// The PIN keypad. Digits are never drawn, only a dot for each.
#include <algorithm>

#include "views/views.h"

namespace kiosk {
namespace {
constexpr const char* kKeys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "Delete"};
}  // namespace

std::optional<Input> draw_keypad(ViewState& view, ImVec2 size, const Theme& theme) {
  const float gap = theme.gap;
  const float display_h = theme.title->FontSize + 2 * gap;
  // Keys shrink to fit a small screen rather than fall off it.
  const float key_h = std::min((size.y - display_h - 5 * gap) / 5, theme.target * 1.4f);
  const float key_w = std::clamp((size.x - 2 * gap) / 3, theme.target, theme.target * 2.2f);
  const float pad_w = 3 * key_w + 2 * gap;
  ImVec2 origin = ImGui::GetCursorPos();
  origin.x += std::max(0.0f, (size.x - pad_w) / 2);

  // The dots, on a white field so an empty PIN still shows where it goes.
  ImGui::SetCursorPos(origin);
  ImVec2 field = ImGui::GetCursorScreenPos();
  auto* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(field, {field.x + pad_w, field.y + display_h}, theme.panel, 10 * theme.scale);
  draw->AddRect(field, {field.x + pad_w, field.y + display_h}, theme.muted, 10 * theme.scale);
  std::string dots;
  for (std::size_t i = 0; i < view.pin.size(); ++i) dots += i ? " \xE2\x80\xA2" : "\xE2\x80\xA2";  // •
  ImFont* font = view.pin.empty() ? theme.body : theme.title;
  const char* shown = view.pin.empty() ? "PIN" : dots.c_str();
  ImVec2 text = font->CalcTextSizeA(font->FontSize, 1e9f, 0, shown);
  draw->AddText(font, font->FontSize, {field.x + (pad_w - text.x) / 2, field.y + (display_h - text.y) / 2},
                view.pin.empty() ? theme.muted : theme.text, shown);

  std::optional<Input> submitted;
  for (int i = 0; i < 12; ++i) {
    ImGui::SetCursorPos({origin.x + static_cast<float>(i % 3) * (key_w + gap),
                         origin.y + display_h + gap + static_cast<float>(i / 3) * (key_h + gap)});
    std::string key = kKeys[i];
    if (!touch_button(key + "##pin", {key_w, key_h}, view, theme)) continue;
    if (key == "Clear") view.pin.clear();
    else if (key == "Delete") { if (!view.pin.empty()) view.pin.pop_back(); }
    else if (view.pin.size() < kMaxPin) view.pin += key;
  }
  ImGui::SetCursorPos({origin.x, origin.y + display_h + gap + 4 * (key_h + gap)});
  const bool empty = view.pin.empty();
  if (empty) ImGui::BeginDisabled();
  if (touch_button("OK##pin", {pad_w, key_h}, view, theme, theme.primary, IM_COL32_WHITE) && !empty) {
    submitted = Pin{view.pin};
    view.pin.clear();
  }
  if (empty) ImGui::EndDisabled();
  return submitted;
}

}  // namespace kiosk
