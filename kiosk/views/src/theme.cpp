// Fonts, sizes and colours of the kiosk.
#include "views/theme.h"

#include <algorithm>
#include <filesystem>

#include <imgui_internal.h>  // ImTextCharFromUtf8

namespace kiosk {
namespace {

// Debian's fonts-noto-core; Latin, Latin-1, Latin Extended-A/B, combining
// marks, Latin Extended Additional (Vietnamese: Nguyễn) and punctuation
// (• – ’ …). Noto Sans has no arrows or check marks: those are drawn.
constexpr ImWchar kTextRanges[] = {0x0020, 0x024F, 0x0300, 0x036F, 0x1E00, 0x1EFF, 0x2000, 0x206F, 0x20A0, 0x20BF, 0};
// The huge font shows pouch numbers; ASCII keeps its atlas small.
constexpr ImWchar kHugeRanges[] = {0x0020, 0x007E, 0};
constexpr ImWchar kDisplayRanges[] = {0x0020, 0x017F, 0};
constexpr const char* kRegular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

ImFont* add_font(ImGuiIO& io, const char* path, float size, const ImWchar* ranges) {
  if (!std::filesystem::exists(path)) {
    ImFontConfig config;
    config.SizePixels = size;
    return io.Fonts->AddFontDefault(&config);
  }
  ImFontConfig config;
  // Big glyphs need no horizontal oversampling; it would triple the atlas.
  config.OversampleH = size < 40 ? 2 : 1;
  config.OversampleV = 1;
  return io.Fonts->AddFontFromFileTTF(path, size, &config, ranges);
}

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

void apply_style(const Theme& t) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle{};
  style.WindowPadding = {t.gap, t.gap};
  style.FramePadding = {t.gap, t.gap * 0.75f};
  style.ItemSpacing = {t.gap, t.gap};
  style.CellPadding = {t.gap * 0.75f, t.gap * 0.25f};
  style.ScrollbarSize = t.target * 0.6f;  // a finger must be able to drag it
  style.GrabMinSize = t.target * 0.6f;
  style.FrameRounding = 10 * t.scale;
  style.WindowRounding = 0;
  style.WindowBorderSize = 0;
  style.FrameBorderSize = 1;
  style.SelectableTextAlign = {0, 0.5f};
  style.TouchExtraPadding = {2 * t.scale, 2 * t.scale};
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = colour(t.text);
  c[ImGuiCol_TextDisabled] = colour(t.muted);
  c[ImGuiCol_WindowBg] = colour(t.background);
  c[ImGuiCol_ChildBg] = colour(t.background);
  c[ImGuiCol_Border] = ImVec4(0.70f, 0.73f, 0.77f, 1.0f);
  c[ImGuiCol_Button] = colour(t.panel);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.90f, 0.93f, 0.97f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.78f, 0.85f, 0.95f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.88f, 0.92f, 0.98f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.90f, 0.93f, 0.97f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.78f, 0.85f, 0.95f, 1.0f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.86f, 0.89f, 0.93f, 1.0f);
  c[ImGuiCol_TableRowBg] = colour(t.panel);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.96f, 0.97f, 0.98f, 1.0f);
  c[ImGuiCol_TableBorderLight] = ImVec4(0.85f, 0.87f, 0.90f, 1.0f);
  c[ImGuiCol_TableBorderStrong] = ImVec4(0.70f, 0.73f, 0.77f, 1.0f);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0.90f, 0.91f, 0.93f, 1.0f);
  c[ImGuiCol_ScrollbarGrab] = ImVec4(0.60f, 0.64f, 0.70f, 1.0f);
}

}  // namespace

Metrics theme_metrics(int width, int height, float px_per_mm) {
  Metrics m;
  m.scale = std::clamp(std::min(static_cast<float>(width) / 1280.0f, static_cast<float>(height) / 800.0f), 0.6f, 3.0f);
  // Between 50 and 400 dpi; anything else is a monitor reporting nonsense.
  if (px_per_mm >= 2.0f && px_per_mm <= 16.0f) m.px_per_mm = px_per_mm;
  return m;
}

Theme load_theme(ImGuiIO& io, Metrics m) {
  Theme t;
  t.scale = m.scale;
  t.target = std::max(15.0f * m.px_per_mm, 64.0f * m.scale);
  t.gap = 12.0f * m.scale;
  t.body = add_font(io, kRegular, 28.0f * m.scale, kTextRanges);
  t.button = add_font(io, kBold, 32.0f * m.scale, kTextRanges);
  t.title = add_font(io, kBold, 44.0f * m.scale, kTextRanges);
  t.display = add_font(io, kBold, 68.0f * m.scale, kDisplayRanges);
  t.huge = add_font(io, kBold, 200.0f * m.scale, kHugeRanges);
  io.FontDefault = t.body;
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  apply_style(t);
  return t;
}

bool has_glyphs(const ImFont* font, const char* text) {
  for (const char* s = text; *s;) {
    unsigned int c = 0;
    s += ImTextCharFromUtf8(&c, s, nullptr);
    if (c == 0 || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
  }
  return true;
}

}  // namespace kiosk
