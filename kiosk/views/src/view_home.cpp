// Home, and the result of a finished transaction, which works like home:
// what a pupil in the 08:20 queue sees. The school, the time, the verdict on
// a coloured band, one instruction in large letters, and the few choices
// along the bottom.
#include <algorithm>

#include "views/views.h"

namespace kiosk {
namespace {

void centred(ImFont* font, const std::string& text, ImU32 colour) {
  if (text.empty()) return;
  float width = ImGui::GetContentRegionAvail().x;
  ImVec2 extent = font->CalcTextSizeA(font->FontSize, 1e9f, width, text.c_str());
  ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, {at.x + (width - extent.x) / 2, at.y}, colour,
                                      text.c_str(), nullptr, width);
  ImGui::Dummy({width, extent.y});
}

}  // namespace

std::vector<Input> draw_home(const ScreenModel& model, ViewState& view, const Theme& theme) {
  std::vector<Input> inputs;
  draw_header(model, theme);
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float gap = theme.gap;
  const int n = static_cast<int>(model.choices.size());
  const int rows = (n + 2) / 3;  // three a row
  const float tiles_h = n == 0 ? 0 : static_cast<float>(rows) * (theme.target * 1.25f + gap) - gap;
  const float top = ImGui::GetCursorPosY() + 2 * gap;

  ImGui::SetCursorPos({3 * gap, top});
  ImGui::BeginChild("home", {display.x - 6 * gap, display.y - top - tiles_h - 5 * gap}, false,
                    ImGuiWindowFlags_NoBackground);
  const std::string prompt = model.prompt.empty() ? "Scan your card" : model.prompt;
  ImFont* large = has_glyphs(theme.display, prompt.c_str()) ? theme.display : theme.title;
  if (model.message.empty()) {
    ImGui::Dummy({0, display.y * 0.08f});
    centred(large, prompt, theme.text);
  } else {
    // A result: the verdict first, then what to do next.
    draw_message(model, theme);
  }
  ImGui::Dummy({0, gap});
  for (const auto& line : model.lines) centred(theme.button, line, theme.muted);
  draw_big(model.big, theme);
  if (!model.message.empty()) {
    ImGui::Dummy({0, gap});
    centred(theme.title, prompt, theme.text);
  }
  ImGui::EndChild();

  if (n > 0) {
    ImGui::SetCursorPos({3 * gap, display.y - tiles_h - 3 * gap});
    if (auto tapped = draw_choice_tiles(model.choices, {display.x - 6 * gap, tiles_h}, view, theme))
      inputs.push_back(*tapped);
  }
  return inputs;
}

}  // namespace kiosk
