// The one touch button every view uses.
#include <algorithm>

#include "views/views.h"

namespace kiosk {

bool touch_button(const std::string& label, ImVec2 size, ViewState& view, const Theme& theme, ImU32 fill, ImU32 text) {
  size.y = std::max(size.y, theme.target);
  if (size.x > 0) size.x = std::max(size.x, theme.target);
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
  ImGui::PushFont(theme.button);
  bool pressed = ImGui::Button(label.c_str(), size);
  ImGui::PopFont();
  ImGui::PopStyleColor(colours);
  // The label as a person reads it, and the "##id" suffix ImGui tells buttons apart by.
  ImVec2 at = ImGui::GetItemRectMin(), extent = ImGui::GetItemRectSize();
  auto hash = label.find("##");
  view.hits.push_back({label.substr(0, hash), hash == std::string::npos ? "" : label.substr(hash + 2), at.x, at.y,
                       extent.x, extent.y});
  return pressed;
}

bool is_back(const Choice& choice) { return choice.id == "back" || choice.id == "cancel"; }

}  // namespace kiosk
