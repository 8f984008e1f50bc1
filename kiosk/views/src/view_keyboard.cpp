// The text box and on-screen keyboard, and typing on a real keyboard.
#include <algorithm>
#include <array>
#include <utility>

#include "views/views.h"

namespace kiosk {
namespace {

constexpr std::size_t kMaxText = 120;
constexpr std::array<const char*, 4> kRows = {"1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm-"};
// The second layer ("áé@"): the accents of a register (Siobhán, Łukasz, Zoë)
// and what a crime reference or an email needs (42/1234/26). Each key as
// typed and with Shift; rows as long as the letters' above.
struct Key { const char* plain; const char* shifted; };
constexpr std::array<std::array<Key, 10>, 3> kAccentRows = {{
    {{{"á", "Á"}, {"é", "É"}, {"í", "Í"}, {"ó", "Ó"}, {"ú", "Ú"}, {"à", "À"}, {"è", "È"}, {"ì", "Ì"}, {"ò", "Ò"}, {"ù", "Ù"}}},
    {{{"â", "Â"}, {"ê", "Ê"}, {"ô", "Ô"}, {"ä", "Ä"}, {"ë", "Ë"}, {"ï", "Ï"}, {"ö", "Ö"}, {"ü", "Ü"}, {"ñ", "Ñ"}, {"ç", "Ç"}}},
    {{{"ł", "Ł"}, {"ø", "Ø"}, {"å", "Å"}, {"ß", "ß"}, {",", ","}, {".", "."}, {"/", "/"}, {"@", "@"}, {"", ""}, {"", ""}}},
}};

void pop_utf8(std::string& s) {
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
  if (!s.empty()) s.pop_back();
}

void draw_text_box(const std::string& label, const std::string& text, float width, const Theme& theme) {
  ImVec2 at = ImGui::GetCursorScreenPos();
  float h = theme.title->FontSize + 2 * theme.gap;
  auto* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, {at.x + width, at.y + h}, theme.panel, 10 * theme.scale);
  draw->AddRect(at, {at.x + width, at.y + h}, theme.primary, 10 * theme.scale, 0, 2 * theme.scale);
  ImVec2 label_size = theme.body->CalcTextSizeA(theme.body->FontSize, 1e9f, 0, label.c_str());
  draw->AddText(theme.body, theme.body->FontSize, {at.x + theme.gap, at.y + (h - label_size.y) / 2}, theme.muted,
                label.c_str());
  float x = at.x + 2 * theme.gap + label_size.x;
  ImVec2 text_size = theme.title->CalcTextSizeA(theme.title->FontSize, 1e9f, 0, text.c_str());
  // Long text scrolls left so the end, where typing happens, stays in view.
  float room = at.x + width - theme.gap - x;
  float shift = std::max(0.0f, text_size.x - room + 4 * theme.scale);
  draw->PushClipRect({x, at.y}, {at.x + width - theme.gap, at.y + h}, true);
  float ty = at.y + (h - text_size.y) / 2;
  draw->AddText(theme.title, theme.title->FontSize, {x - shift, ty}, theme.text, text.c_str());
  float caret = x - shift + text_size.x + 2 * theme.scale;
  draw->AddLine({caret, ty + 4}, {caret, ty + text_size.y - 4}, theme.primary, 3 * theme.scale);
  draw->PopClipRect();
  ImGui::Dummy({width, h});
}

}  // namespace

std::optional<Input> draw_keyboard(const ScreenModel& model, ViewState& view, ImVec2 size, const Theme& theme) {
  const float gap = theme.gap;
  const bool live = is_search(model);
  const std::string before = view.text;
  std::optional<Input> submitted;
  draw_text_box(model.text_label, view.text, size.x, theme);
  const float box_h = theme.title->FontSize + 2 * gap;  // as draw_text_box drew it, plus the spacing after
  // A search shows its results between the box and the keys, as they are typed.
  const float keys_room = size.y - box_h - gap;
  const float keys_h = live ? std::min(keys_room * 0.6f, 5 * (theme.target + gap)) : keys_room;
  if (live) {
    if (auto tapped = draw_table(model, {size.x, keys_room - keys_h - gap}, view, theme)) submitted = tapped;
  }
  const float top = ImGui::GetCursorPosY();
  // Keys shrink to fit a small screen rather than fall off it.
  const float key_h = std::min((keys_h - 4 * gap) / 5, theme.target * 1.3f);
  const float key_w = (size.x - 9 * gap) / 10;
  const float left = ImGui::GetCursorPosX();
  auto key_at = [&](int row, float column) { ImGui::SetCursorPos({left + column * (key_w + gap), top + static_cast<float>(row) * (key_h + gap)}); };

  auto letter = [&](int row, float column, const std::string& key) {
    key_at(row, column);
    if (touch_button(key + "##key", {key_w, key_h}, view, theme) && view.text.size() + key.size() <= kMaxText) {
      view.text += key;
      view.shift = false;
    }
  };
  for (int r = 0; r < static_cast<int>(kRows.size()); ++r) {
    std::string_view keys = kRows[static_cast<std::size_t>(r)];
    float indent = r == 3 ? 1.0f : 0.0f;  // Shift sits at the start of the last row
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (view.accents && r > 0) {
        const Key& k = kAccentRows[static_cast<std::size_t>(r - 1)][i];
        if (*k.plain) letter(r, indent + static_cast<float>(i), view.shift ? k.shifted : k.plain);
        continue;
      }
      char c = keys[i];
      if (view.shift && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      letter(r, indent + static_cast<float>(i), std::string(1, c));
    }
  }
  key_at(3, 0);
  if (touch_button(view.shift ? "SHIFT##key" : "Shift##key", {key_w, key_h}, view, theme,
                   view.shift ? theme.header : 0, view.shift ? IM_COL32_WHITE : 0))
    view.shift = !view.shift;
  key_at(3, 9);
  if (touch_button("Delete##key", {key_w, key_h}, view, theme)) pop_utf8(view.text);
  key_at(4, 0);
  if (touch_button("Clear##key", {2 * key_w + gap, key_h}, view, theme)) view.text.clear();
  key_at(4, 2);
  if (touch_button("Space##key", {4 * key_w + 3 * gap, key_h}, view, theme) && view.text.size() < kMaxText)
    view.text += ' ';
  key_at(4, 6);
  if (touch_button(view.accents ? "abc##key" : "\xC3\xA1\xC3\xA9@##key", {key_w, key_h}, view, theme))
    view.accents = !view.accents;
  key_at(4, 7);
  if (touch_button("Enter##key", {3 * key_w + 2 * gap, key_h}, view, theme, theme.primary, IM_COL32_WHITE)) {
    submitted = Text{view.text};
    if (!live) view.text.clear();  // a search keeps its words, and its results
  } else if (live && view.text != before) {
    submitted = Text{view.text};
  }
  ImGui::SetCursorPos({left, top + 5 * (key_h + gap)});
  return submitted;
}

bool is_search(const ScreenModel& model) { return model.wants_text && !model.columns.empty(); }

std::vector<Input> type_into(const ScreenModel& model, ViewState& view, std::string_view typed) {
  std::vector<Input> out;
  const std::string before = view.text;
  for (char c : typed) {
    const bool enter = c == '\n' || c == '\r';
    if (model.wants_pin) {
      if (enter && !view.pin.empty()) out.push_back(Pin{std::exchange(view.pin, {})});
      else if (c == '\b') { if (!view.pin.empty()) view.pin.pop_back(); }
      else if (c >= '0' && c <= '9' && view.pin.size() < kMaxPin) view.pin += c;
    } else if (model.wants_text) {
      if (enter) out.push_back(Text{is_search(model) ? view.text : std::exchange(view.text, {})});
      else if (c == '\b') pop_utf8(view.text);
      else if (static_cast<unsigned char>(c) >= 0x20 && view.text.size() < kMaxText) view.text += c;
    }
  }
  // A search looks again as its words change: once for a burst of keys.
  if (is_search(model) && out.empty() && view.text != before) out.push_back(Text{view.text});
  return out;
}

}  // namespace kiosk
