// Huge centred text: the pouch number a pupil reads from across the desk.
#include "views/views.h"

namespace kiosk {

void draw_big(const std::string& text, const Theme& theme) {
  if (text.empty()) return;
  // A name with accents is not in the ASCII-only huge font: scale the title font up instead.
  ImFont* font = has_glyphs(theme.huge, text.c_str()) ? theme.huge : theme.title;
  float size = theme.huge->FontSize;
  ImVec2 extent = font->CalcTextSizeA(size, 1e9f, 0, text.c_str());
  float width = ImGui::GetContentRegionAvail().x;
  if (extent.x > width) {  // too long for one line at full size: shrink to fit
    size *= width / extent.x;
    extent = font->CalcTextSizeA(size, 1e9f, 0, text.c_str());
  }
  ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddText(font, size, {at.x + (width - extent.x) / 2, at.y}, theme.text, text.c_str());
  ImGui::Dummy({width, extent.y});
}

}  // namespace kiosk
