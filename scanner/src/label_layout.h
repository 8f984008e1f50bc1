// Label sheet geometry, in millimetres.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scanner::detail {

struct LabelLayout {
  std::string_view name;
  double page_width, page_height;
  int columns, rows;
  double label_width, label_height;
  double left, top;          // first label's top-left corner
  double pitch_x, pitch_y;   // distance between neighbouring labels' corners

  [[nodiscard]] int per_page() const { return columns * rows; }
};

[[nodiscard]] const std::vector<LabelLayout>& label_layouts();
// Case-insensitive lookup.
[[nodiscard]] std::optional<LabelLayout> find_layout(std::string_view name);

}  // namespace scanner::detail
