// Snipe-IT's asset CSV: its column labels and ours, shared by import and export.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model.h"

namespace exchange::detail {

// Snipe-IT columns tagdesk reads, with the alternative names its importer accepts.
struct SnipeColumn {
  std::string_view key;                   // ours: a device field name, or "asset_tag", "category", "status",
                                          // or the checkout's: "checkout_type", "to_email", ...
  std::vector<std::string_view> labels;   // lower case; the first is what the export writes
};
[[nodiscard]] const std::vector<SnipeColumn>& snipeit_columns();

// Snipe-IT columns that tagdesk has no place for (lower case).
[[nodiscard]] const std::vector<std::string_view>& snipeit_unrepresented_columns();

// Custom fields: our device fields that Snipe-IT has no standard column for.
// Written by the export as "Encrypted", "Encryption Verified", ...
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>& snipeit_custom_fields();

// Status labels, lower case, and what they mean here.
[[nodiscard]] const std::vector<std::pair<std::string_view, core::DeviceStatus>>& snipeit_statuses();
[[nodiscard]] std::string_view snipeit_status_label(core::DeviceStatus s);
[[nodiscard]] std::string snipeit_category_label(core::DeviceKind k);

}  // namespace exchange::detail
