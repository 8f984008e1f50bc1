// Tables: reports, the form list, an audit. Rows with a choice are tappable
// and as tall as a touch target; ticked rows (PH6) show a drawn tick.
#include <algorithm>

#include "views/views.h"

namespace kiosk {
namespace {

// Noto Sans has no check mark; two strokes make one.
void draw_tick(ImVec2 at, float size, ImU32 colour, float thickness) {
  ImVec2 points[3] = {{at.x + size * 0.15f, at.y + size * 0.55f},
                      {at.x + size * 0.40f, at.y + size * 0.80f},
                      {at.x + size * 0.88f, at.y + size * 0.22f}};
  ImGui::GetWindowDrawList()->AddPolyline(points, 3, colour, 0, thickness);
}

std::string words(std::string mark) {
  std::replace(mark.begin(), mark.end(), '-', ' ');
  return mark;
}

// Text vertically centred in a row `row_h` tall.
void cell_text(const std::string& text, float row_h) {
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (row_h - ImGui::GetTextLineHeight()) / 2);
  ImGui::TextUnformatted(text.c_str());
}

}  // namespace

std::optional<Input> draw_table(const ScreenModel& model, ImVec2 size, ViewState& view, const Theme& theme) {
  const bool marks = std::any_of(model.rows.begin(), model.rows.end(), [](const Row& r) { return !r.mark.empty(); });
  const int columns = static_cast<int>(model.columns.size()) + (marks ? 1 : 0);
  if (columns == 0) return std::nullopt;
  std::optional<Input> tapped;
  const float row_h = theme.target;
  ImGui::PushFont(theme.body);
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  if (ImGui::BeginTable("table", columns, flags, size)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    if (marks) ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, theme.target * 3);
    for (const auto& c : model.columns) ImGui::TableSetupColumn(c.c_str());
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < model.rows.size(); ++i) {
      const Row& row = model.rows[i];
      ImGui::TableNextRow(0, row_h);
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      if (!row.choice.empty()) {
        // The whole row is the button; the cells are drawn over it.
        ImVec2 start = ImGui::GetCursorPos();
        if (ImGui::Selectable("##row", false, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                              {0, row_h}))
          tapped = Choose{row.choice};
        // Only what shows of a row is a target: rows scrolled out of the
        // table, or the part of one under its edge, are not.
        const ImVec2 at = ImGui::GetItemRectMin();
        const ImDrawList* draw = ImGui::GetWindowDrawList();
        const float top = std::max(at.y, draw->GetClipRectMin().y);
        const float bottom = std::min(at.y + row_h, draw->GetClipRectMax().y);
        if (bottom - top >= row_h / 2)
          view.hits.push_back({row.cells.empty() ? row.choice : row.cells.front(), row.choice, at.x, top,
                               origin.x + size.x - at.x, bottom - top});
        ImGui::SetCursorPos(start);
      }
      if (marks) {
        ImVec2 at = ImGui::GetCursorScreenPos();
        if (!row.mark.empty()) {
          float tick = ImGui::GetTextLineHeight();
          draw_tick({at.x, at.y + (row_h - tick) / 2}, tick, theme.accepted, 4 * theme.scale);
          ImGui::SetCursorPosX(ImGui::GetCursorPosX() + tick + theme.gap / 2);
          cell_text(words(row.mark), row_h);
        }
        ImGui::TableNextColumn();
      }
      for (std::size_t c = 0; c < model.columns.size(); ++c) {
        if (c > 0) ImGui::TableNextColumn();
        if (c < row.cells.size()) cell_text(row.cells[c], row_h);
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();
  return tapped;
}

}  // namespace kiosk
