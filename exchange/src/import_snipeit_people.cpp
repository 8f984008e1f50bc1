// tagdesk import snipeit-users|snipeit-locations: Snipe-IT's users and
// locations CSVs (the columns of its importer and of sample_csvs/ in its
// repository), planned like every import: all rows or none.
#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"
#include "exchange/import.h"
#include "import_common.h"
#include "register_fields.h"

namespace exchange {
namespace {


// Each column's key from its header, by the labels Snipe-IT's importer matches
// (lower case, '_' read as a space); empty = not imported, with a note.
std::vector<std::string> header_keys(const csv::Table& table,
                                     const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& labels,
                                     ImportPlan& plan) {
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const auto& raw : table.header) {
    auto label = core::ascii_lower(core::trim(raw));
    std::ranges::replace(label, '_', ' ');
    std::string key;
    for (const auto& [k, names] : labels)
      if (std::ranges::find(names, label) != names.end()) key = k;
    if (!key.empty() && !seen.insert(key).second)
      plan.problems.push_back({1, core::trim(raw), "names the same thing as another column (" + key + ")"});
    if (key.empty() && !core::trim(raw).empty())
      plan.notes.push_back("column \"" + core::trim(raw) + "\" has no place in tagdesk and was not imported");
    keys.push_back(key);
  }
  return keys;
}

std::map<std::string, std::string> cells(const csv::Row& row, const std::vector<std::string>& keys) {
  std::map<std::string, std::string> v;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (!keys[i].empty()) v[keys[i]] = core::trim(row.fields[i]);
  return v;
}

const detail::Field<core::Person>& person_field(std::string_view name) {
  const auto& fields = detail::person_fields();
  return *std::ranges::find_if(fields, [&](const auto& f) { return f.name == name; });
}

}  // namespace

ImportPlan plan_snipeit_users_import(const csv::Table& table, const core::State& state, core::Time now,
                                     const ImportOptions& options) {
  ImportPlan plan = detail::new_plan(options);
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> labels = {
      {"first_name", {"first name"}},
      {"last_name", {"last name"}},
      {"email", {"email", "email address"}},
      {"username", {"username", "user name"}},
      {"employee_num", {"employee number", "employee num", "employee no"}},
      {"activated", {"activated", "active"}},
  };
  auto keys = header_keys(table, labels, plan);
  for (auto [key, label] : {std::pair{"first_name", "First Name"}, std::pair{"last_name", "Last Name"}})
    if (std::ranges::find(keys, key) == keys.end())
      plan.problems.push_back({1, label, "required column is missing (Snipe-IT names it \"" + std::string{label} + "\")"});
  if (!plan.ok()) return plan;

  std::map<std::string, std::string> by_email, by_code;
  state.each_person([&](const core::Person& p) {
    if (!p.email.empty()) by_email[core::ascii_lower(p.email)] = p.id;
    if (!p.staff_code.empty()) by_code[core::ascii_lower(p.staff_code)] = p.id;
  }, {.fields = {"id", "email", "staff_code"}});
  detail::IdMaker staff_ids(state, 'S', 3);
  std::map<std::string, std::size_t> seen;
  for (const auto& row : csv::rows(table)) {
    plan.next_row();
    if (!detail::check_row_width(row, keys.size(), plan.problems)) continue;
    if (!detail::check_row_utf8(row, table.header, plan.problems)) continue;
    auto v = cells(row, keys);
    std::size_t before = plan.problems.size();
    auto problem = [&](std::string_view key, const std::string& message) {
      auto at = std::ranges::find(keys, key) - keys.begin();
      plan.problems.push_back({row.line, core::trim(table.header[static_cast<std::size_t>(at)]), message});
    };
    // Snipe-IT's employee number is the code tagdesk knows staff by; its username stands in without one.
    const std::string code = v["employee_num"].empty() ? v["username"] : v["employee_num"];
    const std::string match = !v["email"].empty() ? "email " + core::ascii_lower(v["email"]) : "code " + core::ascii_lower(code);
    if (v["email"].empty() && code.empty()) {
      problem("first_name", "the row has no email, employee number or username to know the person by");
      continue;
    }
    if (auto [it, inserted] = seen.emplace(match, row.line); !inserted) {
      problem(v["email"].empty() ? "username" : "email", "names the same person as line " + std::to_string(it->second));
      continue;
    }
    core::Person p{};
    const core::Person* existing = nullptr;
    if (auto it = by_email.find(core::ascii_lower(v["email"])); !v["email"].empty() && it != by_email.end())
      existing = state.person(it->second);
    else if (auto by = by_code.find(core::ascii_lower(code)); !code.empty() && by != by_code.end())
      existing = state.person(by->second);
    if (existing) {
      p = *existing;
    } else {
      p.id = staff_ids.make();
      p.roles.add(core::Right::Staff);  // Snipe-IT's users are staff, unless on record as something else
    }
    if (v["first_name"].empty() || v["last_name"].empty())
      problem(v["first_name"].empty() ? "first_name" : "last_name", "is empty; every person needs a first and last name");
    if (auto e = person_field("first_name").set(p, v["first_name"])) problem("first_name", *e);
    if (auto e = person_field("surname").set(p, v["last_name"])) problem("last_name", *e);
    if (!v["email"].empty())
      if (auto e = person_field("email").set(p, v["email"])) problem("email", *e);
    if (!code.empty() && p.staff_code.empty())
      if (auto e = person_field("staff_code").set(p, code)) problem(v["employee_num"].empty() ? "username" : "employee_num", *e);
    auto activated = keys.end() == std::ranges::find(keys, "activated") ? std::optional{true}
                     : v["activated"].empty()                           ? std::optional{true}
                                                                         : detail::parse_bool(v["activated"]);
    if (!activated) problem("activated", "'" + v["activated"] + "' is not true or false");
    if (plan.problems.size() != before) continue;

    bool leaving = existing && existing->active && !*activated;
    if (*activated || !existing) p.active = *activated;
    if (existing && !leaving && *existing == p) {
      ++plan.unchanged;
      continue;
    }
    if (!existing || *existing != p) {
      if (!detail::decide_row(state, core::RecordPerson{.actor = std::string{core::kSystemActor}, .person = p},
                              now, row.line, plan))
        continue;
      ++(existing ? plan.updated : plan.added);
    }
    if (leaving) {
      // Activated=false: deactivated as a leaver (LN10 lists what they still hold).
      core::Decision d = core::decide(state, core::DeactivatePerson{.actor = std::string{core::kSystemActor}, .person = p.id}, now);
      if (!d.allowed()) {
        for (const auto& r : d.refusals) plan.problems.push_back({row.line, "", r.message + " (" + r.rule + ")"});
        continue;
      }
      for (auto& e : d.events) plan.events.push_back(std::move(e));
      ++plan.deactivated;
      std::string detail = p.public_name() + ": Activated is false";
      for (const auto& n : d.notices) detail += "; " + n;
      plan.add_row({row.line, "deactivated", p.id, detail});
    }
  }
  detail::sort_problems(plan.problems, table.header);
  if (!plan.ok()) plan.events.clear();
  return plan;
}

ImportPlan plan_snipeit_locations_import(const csv::Table& table, const core::State& state, core::Time now,
                                         const ImportOptions& options) {
  ImportPlan plan = detail::new_plan(options);
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> labels = {
      {"name", {"name", "location name", "location"}},
      {"address", {"address"}},
      {"address2", {"address2", "address 2"}},
      {"city", {"city"}},
      {"zip", {"zip", "postcode", "post code"}},
  };
  auto keys = header_keys(table, labels, plan);
  if (std::ranges::find(keys, "name") == keys.end())
    plan.problems.push_back({1, "name", "required column is missing (Snipe-IT names it \"name\")"});
  if (!plan.ok()) return plan;
  std::map<std::string, std::size_t> seen;
  for (const auto& row : csv::rows(table)) {
    plan.next_row();
    if (!detail::check_row_width(row, keys.size(), plan.problems)) continue;
    if (!detail::check_row_utf8(row, table.header, plan.problems)) continue;
    auto v = cells(row, keys);
    const auto& name = v["name"];
    if (name.empty()) {
      plan.problems.push_back({row.line, "name", "is empty; every location needs a name"});
      continue;
    }
    if (auto e = detail::check_length(name, core::kNameLimit)) {
      plan.problems.push_back({row.line, "name", *e});
      continue;
    }
    if (auto [it, inserted] = seen.emplace(name, row.line); !inserted) {
      // Snipe-IT's own sample lists a town twice, at two addresses: one location here.
      ++plan.skipped;
      plan.add_row({row.line, "skipped", name, "already on line " + std::to_string(it->second)});
      continue;
    }
    std::string note;
    for (const char* part : {"address", "address2", "city", "zip"})
      if (!v[part].empty()) note += (note.empty() ? "" : ", ") + v[part];
    auto old = state.settings.locations.find(name);
    if (old != state.settings.locations.end() && old->second == note) {
      ++plan.unchanged;
      continue;
    }
    if (!detail::decide_row(state, core::ChangeSetting{.actor = std::string{core::kSystemActor}, .key = "location." + name, .value = note},
                            now, row.line, plan))
      continue;
    ++(old == state.settings.locations.end() ? plan.added : plan.updated);
  }
  // Devices whose home is not in the register: an audit of it would be refused.
  std::map<std::string, int> homeless;
  state.each_device([&](const core::Device& d) {
    if (!d.home_location.empty() && !seen.contains(d.home_location) && !state.settings.locations.contains(d.home_location))
      ++homeless[d.home_location];
  }, {.fields = {"id", "home_location"}});
  for (const auto& [where, n] : homeless)
    plan.notes.push_back("location \"" + where + "\" (home of " + std::to_string(n) + " device" + (n == 1 ? "" : "s") +
                         ") is not in the register; audits of it are refused until it is added");
  detail::sort_problems(plan.problems, table.header);
  if (!plan.ok()) plan.events.clear();
  return plan;
}

}  // namespace exchange
