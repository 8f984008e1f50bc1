// The decision's message on a band in its feedback colour, so the verdict
// stays on screen after the flash has faded.
#include "views/views.h"

namespace kiosk {

void draw_message(const ScreenModel& model, const Theme& theme) {
  if (model.message.empty()) return;
  ImU32 fill = theme.panel, ink = theme.text;
  switch (model.feedback) {
    case Feedback::Accepted: fill = theme.accepted; ink = IM_COL32_WHITE; break;
    case Feedback::Refused: fill = theme.refused; ink = IM_COL32_WHITE; break;
    case Feedback::Notice: fill = theme.notice; break;
    case Feedback::None: break;
  }
  float width = ImGui::GetContentRegionAvail().x;
  float pad = theme.gap * 1.5f;
  ImFont* font = theme.button;
  ImVec2 text = font->CalcTextSizeA(font->FontSize, 1e9f, width - 2 * pad, model.message.c_str());
  ImVec2 at = ImGui::GetCursorScreenPos();
  ImVec2 end{at.x + width, at.y + text.y + 2 * pad};
  auto* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, end, fill, 10 * theme.scale);
  if (model.feedback == Feedback::None) draw->AddRect(at, end, theme.muted, 10 * theme.scale);
  draw->AddText(font, font->FontSize, {at.x + pad, at.y + pad}, ink, model.message.c_str(), nullptr, width - 2 * pad);
  ImGui::Dummy({width, end.y - at.y});
}

}  // namespace kiosk

namespace kiosk {

void draw_status(const std::string& text, const Theme& theme) {
  ImVec2 display = ImGui::GetIO().DisplaySize;
  ImVec2 size = theme.body->CalcTextSizeA(theme.body->FontSize, 1e9f, 0, text.c_str());
  ImVec2 at{display.x - size.x - 3 * theme.gap, display.y - size.y - theme.gap};
  auto* draw = ImGui::GetForegroundDrawList();
  draw->AddRectFilled({at.x - theme.gap, at.y - theme.gap / 2}, {display.x, display.y}, theme.notice, 8 * theme.scale);
  draw->AddText(theme.body, theme.body->FontSize, at, theme.text, text.c_str());
}

}  // namespace kiosk
