// tagdesk import snipeit: the CSV Snipe-IT's asset importer reads.
#include <algorithm>
#include <map>
#include <set>

#include "exchange/import.h"
#include "import_common.h"
#include "register_fields.h"
#include "snipeit_columns.h"

namespace exchange {
namespace {

using detail::Field;
using detail::lower;
using detail::trim;

const Field<core::Device>* device_field(std::string_view name) {
  for (const auto& f : detail::device_fields())
    if (f.name == name) return &f;
  return nullptr;
}

// "Encryption Verified" -> "encryption_verified"
std::string field_key(std::string_view label) {
  std::string k = lower(trim(label));
  std::ranges::replace(k, ' ', '_');
  std::ranges::replace(k, '-', '_');
  return k;
}

struct Column {
  std::string key;  // a device field, "asset_tag", "category", "status"; empty = not represented
  std::string label;
};

std::string known_statuses() {
  std::vector<std::string> names;
  for (const auto& [label, status] : detail::snipeit_statuses()) names.emplace_back(label);
  return detail::join(names);
}

// A new device's id: the asset tag's letters and digits when they fit and are free.
std::string new_id(const std::string& tag, const core::State& state, const std::set<std::string>& taken) {
  std::string id;
  for (char c : tag) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) id += c;
  }
  auto free = [&](const std::string& x) { return !x.empty() && x.size() <= 12 && !state.devices.contains(x) && !taken.contains(x); };
  if (free(id)) return id;
  for (int n = 1;; ++n) {
    id = "D" + std::to_string(n);
    if (free(id)) return id;
  }
}

}  // namespace

ImportPlan plan_snipeit_import(const csv::Table& table, const core::State& state, core::Time now) {
  ImportPlan plan;
  std::vector<Column> columns;
  std::set<std::string> seen;
  for (const auto& raw : table.header) {
    auto label = trim(raw);
    auto l = lower(label);
    Column col{.key = "", .label = label};
    for (const auto& c : detail::snipeit_columns())
      if (std::ranges::find(c.labels, l) != c.labels.end()) col.key = c.key;
    if (col.key.empty())
      for (const auto& [field, name] : detail::snipeit_custom_fields())
        if (field_key(label) == field || l == lower(name)) col.key = field;
    if (!col.key.empty() && !seen.insert(col.key).second)
      plan.problems.push_back({1, label, "names the same thing as another column (" + col.key + ")"});
    if (!csv::valid_utf8(raw)) plan.problems.push_back({1, "", "a column name is not valid UTF-8 text"});
    columns.push_back(col);
  }
  if (!seen.contains("asset_tag") && !seen.contains("id"))
    plan.problems.push_back({1, "Asset Tag", "required column is missing (Snipe-IT names it \"Asset Tag\")"});
  if (!plan.ok()) return plan;

  // Columns with values that have no place here: one note each.
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (!columns[i].key.empty()) continue;
    auto filled = std::ranges::count_if(table.rows, [&](const csv::Row& r) { return i < r.fields.size() && !trim(r.fields[i]).empty(); });
    if (filled == 0) continue;
    bool known = std::ranges::find(detail::snipeit_unrepresented_columns(), lower(columns[i].label)) !=
                 detail::snipeit_unrepresented_columns().end();
    plan.notes.push_back("column \"" + columns[i].label + "\" (" + std::to_string(filled) + " value" +
                         (filled == 1 ? "" : "s") + ") " +
                         (known ? "has no place in tagdesk's register and was not imported"
                                : "is not a Snipe-IT column or custom field tagdesk knows; not imported"));
  }

  std::map<std::string, std::size_t> ids, tags;
  std::set<std::string> taken;
  std::map<std::string, int> unmapped_categories;
  for (const auto& row : table.rows) {
    if (!detail::check_row_width(row, columns.size(), plan.problems)) continue;
    if (!detail::check_row_utf8(row, table.header, plan.problems)) continue;
    auto cell = [&](std::string_view key) -> std::string {
      for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].key == key) return trim(row.fields[i]);
      return {};
    };
    auto label_of = [&](std::string_view key) -> std::string {
      for (const auto& c : columns)
        if (c.key == key) return c.label;
      return std::string{key};
    };
    auto tag = cell("asset_tag");
    auto id = cell("id");
    std::size_t before = plan.problems.size();
    if (!id.empty()) {
      if (auto e = detail::check_id(id)) plan.problems.push_back({row.line, label_of("id"), *e});
    } else if (tag.empty()) {
      plan.problems.push_back({row.line, label_of("asset_tag"), "is empty; every asset needs an asset tag"});
      continue;
    } else if (auto it = state.device_by_code.find(tag); it != state.device_by_code.end()) {
      id = it->second;
    } else if (state.devices.contains(tag)) {
      id = tag;
    } else {
      id = new_id(tag, state, taken);
    }
    if (plan.problems.size() != before) continue;
    taken.insert(id);
    if (auto [it, inserted] = ids.emplace(id, row.line); !inserted)
      plan.problems.push_back({row.line, label_of(cell("id").empty() ? "asset_tag" : "id"),
                               "names the same device as line " + std::to_string(it->second)});
    if (!tag.empty())
      if (auto [it, inserted] = tags.emplace(tag, row.line); !inserted)
        plan.problems.push_back({row.line, label_of("asset_tag"), "'" + tag + "' is already used on line " + std::to_string(it->second)});

    core::Device d{};
    if (auto it = state.devices.find(id); it != state.devices.end()) d = it->second;
    d.id = id;
    if (tag != id) d.asset_tag = tag;  // a tag that is our id adds nothing to look up
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto& key = columns[i].key;
      auto value = trim(row.fields[i]);
      if (key.empty() || key == "id" || key == "asset_tag") continue;
      if (key == "category") {
        if (value.empty()) continue;
        if (auto k = detail::kind_from_category(value)) d.kind = *k;
        else {
          d.kind = core::DeviceKind::Other;
          ++unmapped_categories[value];
        }
      } else if (key == "status") {
        if (value.empty()) continue;
        auto it = std::ranges::find_if(detail::snipeit_statuses(), [&](const auto& s) { return s.first == lower(value); });
        if (it == detail::snipeit_statuses().end())
          plan.problems.push_back({row.line, columns[i].label, "'" + value + "' is not a status tagdesk knows; the known ones are: " + known_statuses()});
        else d.status = it->second;
      } else if (const auto* f = device_field(key)) {
        if (auto e = f->set(d, value)) plan.problems.push_back({row.line, columns[i].label, *e});
      }
    }
    if (plan.problems.size() != before) continue;
    auto existing = state.devices.find(id);
    if (existing != state.devices.end() && existing->second == d) {
      ++plan.unchanged;
      continue;
    }
    if (!detail::decide_row(state, core::RecordDevice{.actor = std::string{core::kSystemActor}, .device = d}, now,
                            row.line, plan))
      continue;
    ++(existing == state.devices.end() ? plan.added : plan.updated);
  }
  for (const auto& [category, n] : unmapped_categories)
    plan.notes.push_back("category \"" + category + "\" (" + std::to_string(n) + " asset" + (n == 1 ? "" : "s") +
                         ") matches no kind of device here; imported as \"other\"");
  detail::sort_problems(plan.problems, table.header);
  if (!plan.ok()) plan.events.clear();
  return plan;
}

}  // namespace exchange
