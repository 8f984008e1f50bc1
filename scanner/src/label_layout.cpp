#include "label_layout.h"

#include <algorithm>

#include "core/strings.h"

namespace scanner::detail {

const std::vector<LabelLayout>& label_layouts() {
  // Avery's published templates; the margins centre the grid on A4.
  static const std::vector<LabelLayout> kLayouts = {
      {"L7651", 210.0, 297.0, 5, 13, 38.1, 21.2, 4.75, 10.7, 40.6, 21.2},
      {"L7160", 210.0, 297.0, 3, 7, 63.5, 38.1, 7.25, 15.15, 66.0, 38.1},
      // 62 mm continuous or die-cut thermal rolls (Brother QL and alike).
      {"62x29", 62.0, 29.0, 1, 1, 62.0, 29.0, 0.0, 0.0, 62.0, 29.0},
  };
  return kLayouts;
}

std::optional<LabelLayout> find_layout(std::string_view name) {
  const std::string wanted = core::ascii_upper(name);
  for (const auto& layout : label_layouts())
    if (core::ascii_upper(layout.name) == wanted) return layout;
  return std::nullopt;
}

}  // namespace scanner::detail
