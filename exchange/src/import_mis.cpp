// tagdesk import mis / import people --mis: pupils and staff as school
// information systems export them. Re-importing is how the roll is kept:
// joiners are added, leavers deactivated (LN10), nobody duplicated.
#include <algorithm>
#include <map>
#include <set>

#include "exchange/import.h"
#include "import_common.h"
#include "register_fields.h"
#include "core/strings.h"

namespace exchange {
namespace {


// Header labels school MIS exports use, lower case, '_' and '.' read as spaces
// (header_key): SIMS ("Adno", "Legal Surname", "Reg", "Year"), Arbor
// ("Admission No", "Legal First Name", "Registration Form", "Year Group"),
// Bromcom ("Admission Number", "Legal Forename", "Tutor Group", "NC Year").
const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& mis_labels() {
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> labels = {
      {"admission_no", {"admission number", "admission no", "adno", "adm no", "admission num", "adm number"}},
      {"first_name", {"legal forename", "forename", "first name", "legal first name", "legal forenames",
                      "forenames", "given name"}},
      {"preferred_name", {"preferred forename", "preferred first name", "known as", "preferred name",
                          "chosen name", "preferred forenames"}},
      {"surname", {"surname", "legal surname", "last name", "family name", "legal last name", "preferred surname"}},
      {"year", {"year", "year group", "nc year", "ncyear", "national curriculum year", "year taught in",
                "curriculum year"}},
      {"form", {"reg group", "registration group", "reg", "form", "tutor group", "registration form", "reg form",
                "form group", "tutor grp"}},
      {"card", {"card number", "card no", "card", "cashless card number", "id card"}},
      {"staff_code", {"staff code", "teacher code", "staff initials code"}},
      {"email", {"email", "email address", "school email", "work email", "school email address"}},
  };
  return labels;
}

// "LEGAL_FIRST_NAME", "Adm.No" -> "legal first name", "adm no".
std::string header_key(std::string_view label) {
  std::string k = core::ascii_lower(core::trim(label));
  std::ranges::replace(k, '_', ' ');
  std::ranges::replace(k, '.', ' ');
  std::string out;
  for (char c : k)
    if (c != ' ' || (!out.empty() && out.back() != ' ')) out += c;
  return core::trim(out);
}

const detail::Field<core::Person>* person_field(std::string_view name) {
  for (const auto& f : detail::person_fields())
    if (f.name == name) return &f;
  return nullptr;
}

// "Year 7", "Y7", "7" -> "7"
std::string year_digits(std::string value) {
  auto l = core::ascii_lower(value);
  for (std::string_view prefix : {"year ", "year", "y"})
    if (l.starts_with(prefix)) return core::trim(std::string_view{value}.substr(prefix.size()));
  return value;
}

}  // namespace

ImportPlan plan_mis_import(const csv::Table& table, const core::State& state, core::Time now,
                           const ImportOptions& options) {
  const auto& map = options.map;
  ImportPlan plan = detail::new_plan(options);
  std::vector<std::string> keys;  // per column: a Person field, or empty
  std::set<std::string> used;
  std::set<std::string> mapped_found;
  for (const auto& raw : table.header) {
    auto label = core::trim(raw);
    std::string key;
    for (const auto& [column, field] : map)
      if (core::ascii_lower(column) == core::ascii_lower(label)) {
        key = field;
        mapped_found.insert(column);
        if (!person_field(key) || key == "id" || key == "roles" || key == "active")
          plan.problems.push_back({1, label, "--map names '" + field + "', which is not a field an MIS import sets; use one of "
                                                 "admission_no, first_name, preferred_name, surname, year, form, card, staff_code, email"});
      }
    if (key.empty())
      for (const auto& [field, labels] : mis_labels())
        if (std::ranges::find(labels, header_key(label)) != labels.end() || header_key(field) == header_key(label))
          key = field;
    if (!key.empty() && !used.insert(key).second)
      plan.problems.push_back({1, label, "names the same field as another column (" + key + ")"});
    keys.push_back(key);
  }
  for (const auto& [column, field] : map)
    if (!mapped_found.contains(column))
      plan.problems.push_back({1, column, "--map names a column the file does not have"});
  if (!used.contains("admission_no") && !used.contains("staff_code"))
    plan.problems.push_back({1, "Admission Number", "required column is missing: an MIS file needs \"Admission Number\" "
                                                     "(pupils) or \"Staff Code\" (staff); --map COLUMN=admission_no names another"});
  for (std::string_view required : {"first_name", "surname"})
    if (!used.contains(std::string{required}))
      plan.problems.push_back({1, required == "first_name" ? "Legal Forename" : "Surname",
                               "required column is missing (or name yours with --map COLUMN=" + std::string{required} + ")"});
  if (!plan.ok()) return plan;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i].empty() && !core::trim(table.header[i]).empty())
      plan.notes.push_back("column \"" + core::trim(table.header[i]) + "\" is not imported (name it with --map COLUMN=FIELD)");

  std::map<std::string, std::string> by_admission, by_staff_code;
  state.each_person([&](const core::Person& p) {
    if (!p.admission_no.empty()) by_admission[p.admission_no] = p.id;
    if (!p.staff_code.empty()) by_staff_code[p.staff_code] = p.id;
  }, {.fields = {"id", "admission_no", "staff_code"}});
  detail::IdMaker pupil_ids(state, 'P', 4), staff_ids(state, 'S', 3);
  std::map<std::string, std::size_t> seen_adm, seen_staff, seen_card;
  std::set<std::string> in_file;
  bool has_pupils = false, has_staff = false;

  for (const auto& row : csv::rows(table)) {
    plan.next_row();
    if (!detail::check_row_width(row, keys.size(), plan.problems)) continue;
    if (!detail::check_row_utf8(row, table.header, plan.problems)) continue;
    auto label_of = [&](std::string_view key) {
      for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key) return core::trim(table.header[i]);
      return std::string{key};
    };
    std::map<std::string, std::string> v;
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (!keys[i].empty()) v[keys[i]] = core::trim(row.fields[i]);
    std::size_t before = plan.problems.size();
    const auto& adm = v["admission_no"];
    const auto& code = v["staff_code"];
    bool pupil = !adm.empty();
    if (adm.empty() && code.empty()) {
      plan.problems.push_back({row.line, label_of(used.contains("admission_no") ? "admission_no" : "staff_code"),
                               "is empty; each row needs an admission number (pupils) or a staff code (staff)"});
      continue;
    }
    (pupil ? has_pupils : has_staff) = true;
    auto& seen = pupil ? seen_adm : seen_staff;
    const auto& key = pupil ? adm : code;
    if (auto [it, inserted] = seen.emplace(key, row.line); !inserted) {
      plan.problems.push_back({row.line, label_of(pupil ? "admission_no" : "staff_code"),
                               "'" + key + "' is already used on line " + std::to_string(it->second)});
      continue;
    }
    const auto& index = pupil ? by_admission : by_staff_code;
    core::Person p{};
    bool existing = false;
    if (auto it = index.find(key); it != index.end()) {
      p = *state.person(it->second);
      existing = true;
    } else {
      p.id = pupil ? pupil_ids.make() : staff_ids.make();
      p.roles.add(pupil ? core::Right::Pupil : core::Right::Staff);
    }
    p.active = true;  // on the roll again
    for (const auto& [field, value] : v) {
      std::string cell = field == "year" ? year_digits(value) : value;
      if ((field == "first_name" || field == "surname") && cell.empty()) {
        plan.problems.push_back({row.line, label_of(field), "is empty; every person needs a forename and a surname"});
        continue;
      }
      if (auto e = person_field(field)->set(p, cell)) plan.problems.push_back({row.line, label_of(field), *e});
    }
    if (!p.card.empty()) {
      if (auto [it, inserted] = seen_card.emplace(p.card, row.line); !inserted)
        plan.problems.push_back({row.line, label_of("card"), "'" + p.card + "' is already used on line " + std::to_string(it->second)});
    }
    if (plan.problems.size() != before) continue;
    in_file.insert(p.id);
    if (existing && *state.person(p.id) == p) {
      ++plan.unchanged;
      continue;
    }
    if (!detail::decide_row(state, core::RecordPerson{.actor = std::string{core::kSystemActor}, .person = p}, now,
                            row.line, plan))
      continue;
    ++(existing ? plan.updated : plan.added);
  }
  detail::sort_problems(plan.problems, table.header);
  if (!plan.ok()) {
    plan.events.clear();
    return plan;
  }

  // Leavers: on the roll before, of a kind this file lists, and not in it.
  state.each_person([&](const core::Person& p) {
    const std::string& id = p.id;
    if (!p.active || in_file.contains(id)) return;
    bool listed_kind = (has_pupils && !p.admission_no.empty()) || (has_staff && p.admission_no.empty() && !p.staff_code.empty());
    if (!listed_kind) return;
    core::Decision d = core::decide(state, core::DeactivatePerson{.actor = std::string{core::kSystemActor}, .person = id}, now);
    if (!d.allowed()) {
      for (const auto& r : d.refusals) plan.problems.push_back({0, "", id + ": " + r.message + " (" + r.rule + ")"});
      return;
    }
    ++plan.deactivated;
    for (auto& e : d.events) plan.events.push_back(std::move(e));
    // LN10: the rules list what is still with them.
    std::string line = "leaver " + id + " " + p.public_name() + " deactivated";
    for (const auto& n : d.notices) line += "; " + n;
    plan.notes.push_back(line);
  });
  if (!plan.ok()) plan.events.clear();
  return plan;
}

}  // namespace exchange
