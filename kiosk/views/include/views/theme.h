// How the kiosk looks: fonts, sizes and colours, sized for a touchscreen.
//
// Sizes follow the screen: `scale` is 1 at 1280x800 and grows with bigger
// displays; touch targets never fall below 15 mm, measured with the
// monitor's real pixels per millimetre when it reports its size.
//
//   ImGui::CreateContext();
//   kiosk::Theme theme = kiosk::load_theme(ImGui::GetIO(), kiosk::theme_metrics(1280, 800));
#pragma once

#include <imgui.h>

namespace kiosk {

struct Metrics {
  float scale = 1.0f;      // font and spacing factor; 1 at 1280x800
  float px_per_mm = 3.78f; // 96 dpi unless the monitor says otherwise
};

// The metrics for a window of `width` x `height` pixels on a monitor with
// `px_per_mm` pixels per millimetre (0 if it does not say: 96 dpi).
[[nodiscard]] Metrics theme_metrics(int width, int height, float px_per_mm = 0);

struct Theme {
  ImFont* body = nullptr;    // lines, table cells
  ImFont* button = nullptr;  // buttons, prompts, messages
  ImFont* title = nullptr;   // screen titles
  ImFont* display = nullptr; // the home screen's instruction; Latin-1 and Latin Extended-A
  ImFont* huge = nullptr;    // the pouch number; ASCII only (see fits_huge)
  float scale = 1.0f;
  float target = 57.0f;      // smallest touch target, px (15 mm)
  float gap = 12.0f;         // space between things, px

  ImU32 background = IM_COL32(244, 246, 248, 255);
  ImU32 panel = IM_COL32(255, 255, 255, 255);
  ImU32 text = IM_COL32(27, 31, 36, 255);
  ImU32 muted = IM_COL32(90, 98, 110, 255);
  ImU32 header = IM_COL32(23, 50, 87, 255);
  ImU32 primary = IM_COL32(31, 95, 191, 255);
  ImU32 selected = IM_COL32(200, 219, 247, 255);  // a toggle that is on
  ImU32 accepted = IM_COL32(30, 142, 62, 255);
  ImU32 refused = IM_COL32(197, 34, 31, 255);
  ImU32 notice = IM_COL32(242, 153, 0, 255);
};

// Adds the fonts to io.Fonts (Noto Sans, with the accented letters of a real
// register: Zoë, Siobhán, Łukasz, Nguyễn) and sets ImGui's style. Falls back
// to ImGui's own font if Noto Sans is not installed. The caller (or the
// renderer backend) builds the atlas.
[[nodiscard]] Theme load_theme(ImGuiIO& io, Metrics metrics);

// Whether `font` has a glyph for every character of `text` (the huge and
// display fonts carry fewer letters, to keep the font atlas small).
[[nodiscard]] bool has_glyphs(const ImFont* font, const char* text);

}  // namespace kiosk
