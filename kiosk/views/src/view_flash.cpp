// The full-screen flash after a decision (green accepted, red refused, amber
// notice), and the "Working…" veil while the controller is busy.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "views/views.h"

namespace kiosk {
namespace {

constexpr double kSolidSeconds = 0.35;  // fully coloured, then it fades
constexpr float kPi = 3.14159265f;

void draw_mark(ImDrawList* draw, Feedback feedback, ImVec2 centre, float r, float thickness, ImU32 colour) {
  if (feedback == Feedback::Accepted) {
    ImVec2 points[3] = {{centre.x - r * 0.6f, centre.y}, {centre.x - r * 0.15f, centre.y + r * 0.45f},
                        {centre.x + r * 0.65f, centre.y - r * 0.45f}};
    draw->AddPolyline(points, 3, colour, 0, thickness);
  } else if (feedback == Feedback::Refused) {
    float d = r * 0.5f;
    draw->AddLine({centre.x - d, centre.y - d}, {centre.x + d, centre.y + d}, colour, thickness);
    draw->AddLine({centre.x + d, centre.y - d}, {centre.x - d, centre.y + d}, colour, thickness);
  } else {
    draw->AddLine({centre.x, centre.y - r * 0.55f}, {centre.x, centre.y + r * 0.15f}, colour, thickness);
    draw->AddCircleFilled({centre.x, centre.y + r * 0.5f}, thickness * 0.6f, colour);
  }
  draw->AddCircle(centre, r, colour, 0, thickness);
}

// The whole display in `colour`: by `fill` if given (the colour travels in the
// callback's data pointer, so nothing has to outlive this frame), else a rectangle.
void fill_display(ImDrawList* draw, ImU32 colour, ImDrawCallback fill) {
  if (fill) {
    draw->AddCallback(fill, reinterpret_cast<void*>(static_cast<std::uintptr_t>(colour)));
    draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  } else {
    draw->AddRectFilled({0, 0}, ImGui::GetIO().DisplaySize, colour);
  }
}

}  // namespace

bool draw_flash(Feedback feedback, const std::string& message, double age, const Theme& theme, ImDrawCallback fill) {
  if (feedback == Feedback::None || age < 0 || age >= kFlashSeconds) return false;
  float alpha = age < kSolidSeconds ? 1.0f : static_cast<float>(1 - (age - kSolidSeconds) / (kFlashSeconds - kSolidSeconds));
  ImU32 base = feedback == Feedback::Accepted ? theme.accepted : feedback == Feedback::Refused ? theme.refused : theme.notice;
  ImVec4 tint = ImGui::ColorConvertU32ToFloat4(base);
  tint.w = 0.94f * alpha;
  ImU32 ink = IM_COL32(255, 255, 255, static_cast<int>(255 * alpha));
  ImVec2 display = ImGui::GetIO().DisplaySize;
  auto* draw = ImGui::GetForegroundDrawList();
  fill_display(draw, ImGui::ColorConvertFloat4ToU32(tint), fill);
  float r = std::min(display.x, display.y) * 0.13f;
  ImVec2 centre{display.x / 2, display.y * 0.36f};
  draw_mark(draw, feedback, centre, r, 14 * theme.scale, ink);
  float wrap = display.x * 0.8f;
  ImVec2 text = theme.title->CalcTextSizeA(theme.title->FontSize, 1e9f, wrap, message.c_str());
  draw->AddText(theme.title, theme.title->FontSize, {(display.x - text.x) / 2, centre.y + r + 3 * theme.gap}, ink,
                message.c_str(), nullptr, wrap);
  return true;
}

void draw_busy(double age, const Theme& theme, ImDrawCallback fill) {
  ImVec2 display = ImGui::GetIO().DisplaySize;
  auto* draw = ImGui::GetForegroundDrawList();
  fill_display(draw, IM_COL32(244, 246, 248, 210), fill);
  ImVec2 centre{display.x / 2, display.y / 2 - theme.target};
  float r = theme.target * 0.6f;
  float start = static_cast<float>(std::fmod(age * 5.0, 2 * kPi));
  draw->PathArcTo(centre, r, start, start + kPi * 1.4f, 32);
  draw->PathStroke(theme.primary, 0, 8 * theme.scale);
  char text[64];
  std::snprintf(text, sizeof text, "Working\xE2\x80\xA6 %d s", static_cast<int>(age));
  ImVec2 size = theme.button->CalcTextSizeA(theme.button->FontSize, 1e9f, 0, text);
  draw->AddText(theme.button, theme.button->FontSize, {(display.x - size.x) / 2, centre.y + r + 2 * theme.gap},
                theme.text, text);
}

void draw_starting(const Theme& theme) {
  ImVec2 display = ImGui::GetIO().DisplaySize;
  const char* text = "Starting\xE2\x80\xA6";
  ImVec2 size = theme.title->CalcTextSizeA(theme.title->FontSize, 1e9f, 0, text);
  ImGui::GetForegroundDrawList()->AddText(theme.title, theme.title->FontSize,
                                          {(display.x - size.x) / 2, (display.y - size.y) / 2}, theme.muted, text);
}

}  // namespace kiosk
