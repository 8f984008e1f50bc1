// Draws one label onto a cairo context whose user units are millimetres and
// whose origin is the label's top-left corner.
#pragma once

#include <cairo.h>

#include <expected>
#include <string>

#include "scanner/labels.h"

namespace scanner::detail {

[[nodiscard]] std::expected<void, std::string> draw_label(cairo_t* cr, const LabelSpec& label, double width,
                                                          double height);

}  // namespace scanner::detail
