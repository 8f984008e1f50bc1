// The one touch button every view uses.
#include <algorithm>

#include "views/views.h"

namespace kiosk {

bool touch_button(const std::string& label, ImVec2 size, ViewState& view, const Theme& theme, ImU32 fill, ImU32 text) {
  // A size given is kept, so a layout that fits the screen stays fitted;
  // only an automatic one is made a full touch target.
  if (size.y <= 0) size.y = theme.target;
  int colours = 0;
  if (fill) {
    ImVec4 f = ImGui::ColorConvertU32ToFloat4(fill);
    ImGui::PushStyleColor(ImGuiCol_Button, f);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(f.x * 0.9f, f.y * 0.9f, f.z * 0.9f, f.w));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(f.x * 0.75f, f.y * 0.75f, f.z * 0.75f, f.w));
    colours += 3;
  }
  if (text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(text));
    ++colours;
  }
  // The label as a person reads it, and the "##id" suffix ImGui tells buttons apart by.
  auto hash = label.find("##");
  const std::string shown = label.substr(0, hash);
  ImFont* font = theme.button;
  const float room = size.x > 0 ? size.x - theme.gap : 1e9f;
  ImVec2 one_line = font->CalcTextSizeA(font->FontSize, 1e9f, 0, shown.c_str());
  bool pressed = false;
  if (one_line.x <= room) {
    ImGui::PushFont(font);
    pressed = ImGui::Button(label.c_str(), size);
    ImGui::PopFont();
  } else {
    // Too long for one line: wrapped inside the button, smaller if it must be.
    if (font->CalcTextSizeA(font->FontSize, 1e9f, room, shown.c_str()).y > size.y - theme.gap / 2) font = theme.body;
    pressed = ImGui::Button(("##" + label).c_str(), size);
    ImVec2 at = ImGui::GetItemRectMin();
    ImVec2 wrapped = font->CalcTextSizeA(font->FontSize, 1e9f, room, shown.c_str());
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize,
                                        {at.x + (size.x - wrapped.x) / 2, at.y + (size.y - wrapped.y) / 2},
                                        ImGui::GetColorU32(ImGuiCol_Text), shown.c_str(), nullptr, room);
  }
  ImGui::PopStyleColor(colours);
  ImVec2 at = ImGui::GetItemRectMin(), extent = ImGui::GetItemRectSize();
  view.hits.push_back({shown, hash == std::string::npos ? "" : label.substr(hash + 2), at.x, at.y, extent.x, extent.y});
  return pressed;
}

bool is_back(const Choice& choice) { return choice.id == "back" || choice.id == "cancel"; }

}  // namespace kiosk
