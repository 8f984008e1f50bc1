// tagdesk export snipeit: a CSV Snipe-IT's asset importer takes, with our
// register fields that it has no column for as custom fields.
#include <algorithm>

#include "exchange/import.h"
#include "register_fields.h"
#include "snipeit_columns.h"

namespace exchange {
namespace {

const detail::Field<core::Device>& field(std::string_view name) {
  const auto& fields = detail::device_fields();
  return *std::ranges::find_if(fields, [&](const auto& f) { return f.name == name; });
}

}  // namespace

SnipeitExport export_snipeit_csv(const core::State& state) {
  std::vector<std::string> header = {"Asset Tag", "Asset Name", "Serial Number", "Model Name", "Manufacturer",
                                     "Category", "Status", "Location", "Purchase Date", "Notes", "Tagdesk ID"};
  for (const auto& [key, label] : detail::snipeit_custom_fields()) header.emplace_back(label);
  SnipeitExport out;
  out.csv = csv::format_row(header);
  int pat = 0, seen = 0, recalled = 0, holds = 0;
  state.each_device([&](const core::Device& d) {
    std::vector<std::string> row = {d.asset_tag.empty() ? d.id : d.asset_tag,
                                    d.name,
                                    d.serial,
                                    d.model,
                                    d.make,
                                    detail::snipeit_category_label(d.kind),
                                    std::string{detail::snipeit_status_label(d.status)},
                                    d.home_location,
                                    field("purchase_date").get(d),
                                    d.notes,
                                    d.id};
    for (const auto& [key, label] : detail::snipeit_custom_fields()) row.push_back(field(key).get(d));
    out.csv += csv::format_row(row);
    pat += d.last_pat.has_value();
    seen += d.last_seen.has_value();
    recalled += d.recalled;
    holds += d.evidence_hold;
  });
  auto say = [&](int n, const std::string& what) {
    if (n) out.not_represented.push_back(std::to_string(n) + " " + what);
  };
  say(static_cast<int>(state.loans.size()), "open loan(s): Snipe-IT imports checkouts only for users it already has");
  say(pat, "device(s) with PAT records: Snipe-IT has no PAT history (keep tagdesk's)");
  say(seen, "last-seen date(s) from audits");
  say(recalled, "recall(s) in force");
  say(holds, "evidence hold(s)");
  return out;
}

}  // namespace exchange
