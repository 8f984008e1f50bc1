// The title bar: the screen's title, how sync stands (quietly), who is
// signed in, and the clock.
#include "views/views.h"

namespace kiosk {

void draw_header(const ScreenModel& model, const Theme& theme) {
  ImVec2 at = ImGui::GetWindowPos();
  float width = ImGui::GetWindowSize().x;
  float h = theme.title->FontSize + 2 * theme.gap;
  auto* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, {at.x + width, at.y + h}, theme.header);
  float right = at.x + width - 2 * theme.gap;
  if (!model.clock.empty()) {
    ImVec2 size = theme.button->CalcTextSizeA(theme.button->FontSize, 1e9f, 0, model.clock.c_str());
    right -= size.x;
    draw->AddText(theme.button, theme.button->FontSize, {right, at.y + (h - size.y) / 2}, IM_COL32_WHITE,
                  model.clock.c_str());
    right -= 2 * theme.gap;
  }
  if (!model.signed_in.empty()) {
    // White on the navy bar, as the clock: who is signed in must be easy to read.
    ImVec2 size = theme.button->CalcTextSizeA(theme.button->FontSize, 1e9f, 0, model.signed_in.c_str());
    right -= size.x;
    draw->AddText(theme.button, theme.button->FontSize, {right, at.y + (h - size.y) / 2}, IM_COL32_WHITE,
                  model.signed_in.c_str());
    right -= 2 * theme.gap;
  }
  if (!model.sync.empty()) {
    // Small and pale while all is well; amber when the desk is on its own or out of date.
    bool trouble = model.sync.starts_with("offline") || model.sync.starts_with("update");
    ImVec2 size = theme.body->CalcTextSizeA(theme.body->FontSize, 1e9f, 0, model.sync.c_str());
    right -= size.x;
    draw->AddText(theme.body, theme.body->FontSize, {right, at.y + (h - size.y) / 2},
                  trouble ? theme.notice : IM_COL32(190, 201, 216, 255), model.sync.c_str());
    right -= 2 * theme.gap;
  }
  // The title gives way to the clock: clipped, never drawn under it.
  draw->PushClipRect(at, {right, at.y + h}, true);
  draw->AddText(theme.title, theme.title->FontSize, {at.x + 2 * theme.gap, at.y + theme.gap}, IM_COL32_WHITE,
                model.title.c_str());
  draw->PopClipRect();
  ImGui::SetCursorPosY(h);
}

}  // namespace kiosk
