// Home: what a pupil in the 08:20 queue sees. The school, the time, one
// instruction in large letters, and the few choices (staff sign-in, ...).
#include <algorithm>

#include "kiosk/views.h"

namespace kiosk {
namespace {

void centred(ImFont* font, float size, const std::string& text, ImU32 colour, float wrap) {
  if (text.empty()) return;
  ImVec2 extent = font->CalcTextSizeA(size, 1e9f, wrap, text.c_str());
  float width = ImGui::GetContentRegionAvail().x;
  ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddText(font, size, {at.x + (width - extent.x) / 2, at.y}, colour, text.c_str(), nullptr,
                                      wrap);
  ImGui::Dummy({width, extent.y});
}

}  // namespace

std::vector<Input> draw_home(const ScreenModel& model, ViewState& view, const Theme& theme) {
  std::vector<Input> inputs;
  draw_header(model, theme);
  ImVec2 display = ImGui::GetIO().DisplaySize;
  float gap = theme.gap;
  float wrap = display.x - 6 * gap;
  float tiles_h = model.choices.empty() ? 0 : theme.target * 1.6f;

  ImGui::SetCursorPos({3 * gap, ImGui::GetCursorPosY() + display.y * 0.12f});
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(wrap);
  centred(theme.title, theme.title->FontSize * 1.6f, model.prompt.empty() ? "Scan your card" : model.prompt, theme.text,
          wrap);
  ImGui::Dummy({0, gap});
  for (const auto& line : model.lines) centred(theme.button, theme.button->FontSize, line, theme.muted, wrap);
  ImGui::Dummy({0, gap});
  if (!model.message.empty()) draw_message(model, theme);
  draw_big(model.big, theme);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  if (tiles_h > 0) {
    ImGui::SetCursorPos({3 * gap, display.y - tiles_h - 3 * gap});
    if (auto tapped = draw_choice_tiles(model.choices, {display.x - 6 * gap, tiles_h}, view, theme))
      inputs.push_back(*tapped);
  }
  return inputs;
}

}  // namespace kiosk
