// tagdesk import snipeit: the CSV Snipe-IT's asset importer reads.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/kind_guess.h"
#include "core/queries.h"
#include "exchange/import.h"
#include "import_common.h"
#include "register_fields.h"
#include "snipeit_columns.h"
#include "core/strings.h"

namespace exchange {
namespace {

using detail::Field;

const Field<core::Device>* device_field(std::string_view name) {
  for (const auto& f : detail::device_fields())
    if (f.name == name) return &f;
  return nullptr;
}

// "Encryption Verified" -> "encryption_verified"
std::string field_key(std::string_view label) {
  std::string k = core::ascii_lower(core::trim(label));
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
// `taken`: the ids of the file's rows so far, each with its line.
std::string new_id(const std::string& tag, const core::State& state, const detail::FirstLines& taken) {
  std::string id;
  for (char c : tag) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) id += c;
  }
  auto free = [&](const std::string& x) { return !x.empty() && x.size() <= 12 && !state.device(x) && !taken.contains(x); };
  if (free(id)) return id;
  for (int n = 1;; ++n) {
    id = "D" + std::to_string(n);
    if (free(id)) return id;
  }
}

// An asset Snipe-IT has checked out to a user: its "Checked Out To" columns.
struct Checkout {
  std::size_t line = 0;
  std::string device, email, username, first, last;
  std::string due;  // Expected Checkin Date, YYYY-MM-DD, or empty
  int max_days = 0;
};

// The person a checkout names: by email, then username (a staff code here),
// then first and last name when only one person has them.
std::optional<core::Person> borrower(const Checkout& c, const core::State& state) {
  std::optional<core::Person> found, by_name;
  int named = 0;
  state.each_person([&](const core::Person& p) {
    if ((!c.email.empty() && core::ascii_lower(p.email) == core::ascii_lower(c.email)) ||
        (!c.username.empty() && core::ascii_lower(p.staff_code) == core::ascii_lower(c.username))) {
      found = p;
      return false;
    }
    if (!c.first.empty() && core::ascii_lower(p.first_name) == core::ascii_lower(c.first) && core::ascii_lower(p.surname) == core::ascii_lower(c.last)) {
      by_name = p;
      ++named;
    }
    return true;
  });
  if (found) return found;
  return named == 1 ? by_name : std::nullopt;
}

// Snipe-IT's checkouts as open loans: recorded as they stand, not decided
// again (they were made before tagdesk), each listed in the report.
void plan_checkouts(const std::vector<Checkout>& checkouts, const core::State& state, core::Time now, ImportPlan& plan) {
  for (const auto& c : checkouts) {
    std::string who = c.email.empty() ? core::trim(c.first + " " + c.last) : c.email;
    if (who.empty()) who = c.username;
    auto skip = [&](const std::string& why) {
      ++plan.skipped;
      plan.add_row({c.line, "skipped", c.device, "checked out in Snipe-IT to " + who + ": " + why});
    };
    auto p = borrower(c, state);
    if (!p) {
      skip("no such person in tagdesk (import them first: tagdesk import snipeit-users FILE), so no loan was recorded");
      continue;
    }
    if (!p->active) {
      skip(p->id + " is not active, so no loan was recorded");
      continue;
    }
    if (const auto* open = state.loan_of(c.device)) {
      if (open->borrower != p->id) skip("already on loan in tagdesk to " + open->borrower + "; left as it is");
      continue;
    }
    core::Loan loan{.id = "LIMP" + c.device, .device = c.device, .borrower = p->id, .out_at = now,
                    .due_at = now + std::chrono::days{c.max_days}};
    if (auto due = core::parse_date(c.due)) loan.due_at = core::at(*due, state.settings.onsite_due);
    if (state.loans.contains(loan.id)) loan.id += "-" + std::to_string(state.loans.size());
    plan.events.push_back(core::Event{.at = now, .actor = std::string{core::kSystemActor}, .data = core::SignedOut{.loan = loan}});
    plan.add_row({c.line, "added", c.device, "open loan to " + p->id + " " + p->public_name() + ", due " +
                                                        core::format_time(loan.due_at)});
  }
}

}  // namespace

ImportPlan plan_snipeit_import(const csv::Table& table, const core::State& state, core::Time now,
                               const ImportOptions& options) {
  ImportPlan plan = detail::new_plan(options);
  std::vector<Column> columns;
  std::set<std::string> seen;
  for (const auto& raw : table.header) {
    auto label = core::trim(raw);
    auto l = core::ascii_lower(label);
    Column col{.key = "", .label = label};
    for (const auto& c : detail::snipeit_columns())
      if (std::ranges::find(c.labels, l) != c.labels.end()) col.key = c.key;
    if (col.key.empty())
      for (const auto& [field, name] : detail::snipeit_custom_fields())
        if (field_key(label) == field || l == core::ascii_lower(name)) col.key = field;
    if (!col.key.empty() && !seen.insert(col.key).second)
      plan.problems.push_back({1, label, "names the same thing as another column (" + col.key + ")"});
    if (!core::valid_utf8(raw)) plan.problems.push_back({1, "", "a column name is not valid UTF-8 text"});
    columns.push_back(col);
  }
  if (!seen.contains("asset_tag") && !seen.contains("id"))
    plan.problems.push_back({1, "Asset Tag", "required column is missing (Snipe-IT names it \"Asset Tag\")"});
  if (!plan.ok()) return plan;
  std::vector<std::size_t> date_columns;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto* f = device_field(columns[i].key);
    if ((f && f->date) || columns[i].key == "expected_checkin") date_columns.push_back(i);
  }
  const auto date_orders = detail::date_orders(table, date_columns, options, plan);
  if (!plan.ok()) return plan;

  // Columns with values that have no place here: one note each.
  std::vector<std::size_t> values(columns.size(), 0);
  for (const auto& r : csv::rows(table))
    for (std::size_t i = 0; i < columns.size() && i < r.fields.size(); ++i)
      if (columns[i].key.empty() && !core::trim(r.fields[i]).empty()) ++values[i];
  for (std::size_t i = 0; i < columns.size(); ++i) {
    auto filled = values[i];
    if (filled == 0) continue;
    bool known = std::ranges::find(detail::snipeit_unrepresented_columns(), core::ascii_lower(columns[i].label)) !=
                 detail::snipeit_unrepresented_columns().end();
    plan.notes.push_back("column \"" + columns[i].label + "\" (" + std::to_string(filled) + " value" +
                         (filled == 1 ? "" : "s") + ") " +
                         (known ? "has no place in tagdesk's register and was not imported"
                                : "is not a Snipe-IT column or custom field tagdesk knows; not imported"));
  }

  detail::FirstLines ids, tags;
  std::vector<Checkout> checkouts;
  for (const auto& row : csv::rows(table)) {
    plan.next_row();
    if (!detail::check_row_width(row, columns.size(), plan.problems)) continue;
    if (!detail::check_row_utf8(row, table.header, plan.problems)) continue;
    auto cell = [&](std::string_view key) -> std::string {
      for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].key == key) {
          auto order = date_orders.find(i);
          return order == date_orders.end() ? core::trim(row.fields[i]) : detail::iso_date(core::trim(row.fields[i]), order->second);
        }
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
    } else if (auto by_code = state.device_by_tag_or_serial(tag); !by_code.empty()) {
      id = by_code;
    } else if (state.device(tag)) {
      id = tag;
    } else {
      id = new_id(tag, state, ids);
    }
    if (plan.problems.size() != before) continue;
    if (auto first = ids.add(id, row.line))
      plan.problems.push_back({row.line, label_of(cell("id").empty() ? "asset_tag" : "id"),
                               "names the same device as line " + std::to_string(*first)});
    if (!tag.empty())
      if (auto first = tags.add(tag, row.line))
        plan.problems.push_back({row.line, label_of("asset_tag"), "'" + tag + "' is already used on line " + std::to_string(*first)});

    core::Device d{};
    std::optional<core::Device> existing;
    if (const auto* found = state.device(id)) existing = *found;
    if (existing) d = *existing;
    d.id = id;
    if (tag != id) d.asset_tag = tag;  // a tag that is our id adds nothing to look up
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto& key = columns[i].key;
      auto value = cell(key);
      if (key.empty() || key == "id" || key == "asset_tag" || key == "category") continue;
      if (key == "status") {
        if (value.empty()) continue;
        auto it = std::ranges::find_if(detail::snipeit_statuses(), [&](const auto& s) { return s.first == core::ascii_lower(value); });
        if (it == detail::snipeit_statuses().end())
          plan.problems.push_back({row.line, columns[i].label, "'" + value + "' is not a status tagdesk knows; the known ones are: " + known_statuses()});
        else d.status = it->second;
      } else if (const auto* f = device_field(key)) {
        if (auto e = f->set(d, value)) plan.problems.push_back({row.line, columns[i].label, *e});
      }
    }
    // A new device's kind from what the file says of it; a device on record keeps the kind an administrator gave it.
    if (!existing) {
      auto guess = core::guess_kind({.category = cell("category"), .model = d.model, .name = d.name, .manufacturer = d.make},
                                    state.settings.kind_words);
      d.kind = guess.kind;
      plan.add_row({row.line, "guessed", id, "kind " + core::describe(guess)});
    }
    if (plan.problems.size() != before) continue;
    if (core::ascii_lower(cell("checkout_type")) == "user")
      checkouts.push_back({.line = row.line, .device = id, .email = cell("to_email"), .username = cell("to_username"),
                           .first = cell("to_first_name"), .last = cell("to_last_name"),
                           .due = cell("expected_checkin"), .max_days = core::max_loan_days(d, state.settings)});
    if (existing && *existing == d) {
      ++plan.unchanged;
      continue;
    }
    if (!detail::decide_row(state, core::RecordDevice{.actor = std::string{core::kSystemActor}, .device = d}, now,
                            row.line, plan))
      continue;
    ++(existing ? plan.updated : plan.added);
  }
  detail::sort_problems(plan.problems, table.header);
  if (!plan.ok()) {
    plan.events.clear();
    return plan;
  }
  plan_checkouts(checkouts, state, now, plan);
  return plan;
}

}  // namespace exchange
