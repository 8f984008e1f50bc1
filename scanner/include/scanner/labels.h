// QR labels for assets, person cards, slots and command cards, on standard
// label sheets, as PDF, PNG or SVG (chosen by the file's extension).
//
//   std::vector<scanner::LabelSpec> specs = {
//       {scanner::LabelKind::Asset, scanner::encode_tag("DEMO", scanner::TagKind::Asset, "0042"),
//        "iPad 17", "Demo School"}};
//   if (auto ok = scanner::render_labels(specs, "L7651", "labels.pdf"); !ok) print(ok.error());
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/image.h"

namespace scanner {

enum class LabelKind { Asset, Person, Slot, Command };

struct LabelSpec {
  LabelKind kind = LabelKind::Asset;
  std::string payload;  // what the QR code holds, usually encode_tag(...)
  std::string title;    // device name, person's name, slot name, or "Hand in"
  std::string school;   // the school's name, printed small
};

// Known layouts: "L7651" (A4, 65 labels of 38.1x21.2 mm), "L7160" (A4, 21 of
// 63.5x38.1 mm), "62x29" (one 62x29 mm label per page, thermal printers).
[[nodiscard]] std::vector<std::string> layout_names();

// Writes the labels, filling sheets in reading order. A .pdf holds every
// sheet; .png (300 dpi) and .svg write one file per sheet, the second and
// later named "NAME-2.png", "NAME-3.png" ...
[[nodiscard]] std::expected<void, std::string> render_labels(const std::vector<LabelSpec>& labels,
                                                             const std::string& layout_name,
                                                             const std::string& out_path);

// One label as the layout prints it, rasterised at `dpi`: for previews and
// for checking that what we print scans.
[[nodiscard]] std::expected<GreyImage, std::string> rasterise_label(const LabelSpec& label,
                                                                    const std::string& layout_name, int dpi = 300);

// The five command cards ("Hand in", "Collect", ...) for a school.
[[nodiscard]] std::vector<LabelSpec> command_card_labels(std::string_view school_prefix, std::string_view school_name);

}  // namespace scanner
