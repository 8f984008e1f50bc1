#include "register_fields.h"

#include <charconv>

#include "core/enum_names.h"
#include "core/fields.h"
#include "core/strings.h"

namespace exchange::detail {
namespace {

using core::Device;
using core::Person;

template <class T>
using Member = core::Text T::*;

// A text column, limited as the kiosk and every event limit it (core's field table).
template <class T>
Field<T> text(std::string_view name, Member<T> m, bool required = false) {
  const std::size_t max = core::limit_of<T>(name);
  return {name, required,
          [m, max](T& r, std::string_view v) -> std::optional<std::string> {
            if (auto e = check_length(v, max)) return e;
            r.*m = std::string{v};
            return std::nullopt;
          },
          [m](const T& r) { return r.*m; }};
}

template <class T, class E>
Field<T> enumeration(std::string_view name, E T::*m, bool required = false) {
  return {name, required,
          [m](T& r, std::string_view v) -> std::optional<std::string> {
            if (v.empty()) return std::nullopt;  // the default
            auto e = core::parse_enum<E>(v);
            if (!e) return "'" + std::string{v} + "' is not one of " + core::enum_choices<E>();
            r.*m = *e;
            return std::nullopt;
          },
          [m](const T& r) { return std::string{core::to_string(r.*m)}; }};
}

template <class T>
Field<T> boolean(std::string_view name, bool T::*m) {
  return {name, false,
          [m](T& r, std::string_view v) -> std::optional<std::string> {
            auto b = parse_bool(v);
            if (!b) return "'" + std::string{v} + "' is not yes or no";
            r.*m = *b;
            return std::nullopt;
          },
          [m](const T& r) { return std::string{r.*m ? "yes" : "no"}; }};
}

template <class T>
Field<T> date(std::string_view name, std::optional<core::Date> T::*m) {
  return {name, false,
          [m](T& r, std::string_view v) { return parse_date_cell(v, r.*m); },
          [m](const T& r) { return (r.*m) ? core::format_date(*(r.*m)) : std::string{}; }, true};
}

std::optional<std::string> parse_int(std::string_view v, int lo, int hi, int& out) {
  int n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size()) return "'" + std::string{v} + "' is not a whole number";
  if (n < lo || n > hi) return "'" + std::string{v} + "' is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")";
  out = n;
  return std::nullopt;
}

template <class T>
Field<T> optional_int(std::string_view name, std::optional<int> T::*m, int lo, int hi) {
  return {name, false,
          [m, lo, hi](T& r, std::string_view v) -> std::optional<std::string> {
            if (v.empty()) {
              (r.*m).reset();
              return std::nullopt;
            }
            int n = 0;
            if (auto e = parse_int(v, lo, hi, n)) return e;
            r.*m = n;
            return std::nullopt;
          },
          [m](const T& r) { return (r.*m) ? std::to_string(*(r.*m)) : std::string{}; }};
}

}  // namespace

std::optional<std::string> check_length(std::string_view v, std::size_t max) {
  if (core::utf8_length(v) > max)
    return "is " + std::to_string(core::utf8_length(v)) + " characters long; at most " + std::to_string(max) + " are allowed";
  return std::nullopt;
}

std::optional<std::string> check_id(std::string_view v) {
  if (v.empty()) return "is empty; every row needs an id";
  if (v.size() > 12) return "'" + std::string{v} + "' is longer than 12 characters";
  for (char c : v)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return "'" + std::string{v} + "' may hold only capital letters A-Z and digits 0-9";
  return std::nullopt;
}

std::optional<bool> parse_bool(std::string_view v) {
  auto l = core::ascii_lower(v);
  if (l.empty() || l == "no" || l == "n" || l == "false" || l == "0") return false;
  if (l == "yes" || l == "y" || l == "true" || l == "1") return true;
  return std::nullopt;
}

std::optional<std::string> parse_date_cell(std::string_view v, std::optional<core::Date>& out) {
  if (v.empty()) {
    out.reset();
    return std::nullopt;
  }
  std::string_view day = v;
  // Snipe-IT and spreadsheets may add a midnight time: "2026-04-03 00:00:00".
  if (day.size() > 10 && (day[10] == ' ' || day[10] == 'T')) day = day.substr(0, 10);
  if (day.find_first_of("/.") != std::string_view::npos || (day.size() == 10 && day[2] == '-'))
    return "'" + std::string{v} + "' is not a date in the calendar in the order of the rest of its column";
  auto d = core::parse_date(day);
  if (!d) {
    if (day.size() == 10 && day[4] == '-' && day[7] == '-') return "'" + std::string{v} + "' is not a date in the calendar";
    return "'" + std::string{v} + "' is not a date (write YYYY-MM-DD)";
  }
  out = *d;
  return std::nullopt;
}

const std::vector<Field<Person>>& person_fields() {
  static const std::vector<Field<Person>> fields = [] {
    std::vector<Field<Person>> f;
    f.push_back({"id", true,
                 [](Person& p, std::string_view v) -> std::optional<std::string> {
                   if (auto e = check_id(v)) return e;
                   p.id = std::string{v};
                   return std::nullopt;
                 },
                 [](const Person& p) { return p.id; }});
    f.push_back(text<Person>("first_name", &Person::first_name, true));
    f.push_back(text<Person>("preferred_name", &Person::preferred_name));
    f.push_back(text<Person>("surname", &Person::surname, true));
    f.push_back({"roles", true,
                 [](Person& p, std::string_view v) -> std::optional<std::string> {
                   auto r = core::parse_roles(v);
                   if (!r) return "'" + std::string{v} + "' names a role that is not one of " + core::enum_choices<core::Right>() + " (join several with +)";
                   p.roles = *r;
                   return std::nullopt;
                 },
                 [](const Person& p) { return core::format_roles(p.roles); }});
    f.push_back(text<Person>("form", &Person::form));
    f.push_back({"year", false,
                 [](Person& p, std::string_view v) -> std::optional<std::string> {
                   if (v.empty()) {
                     p.year = 0;
                     return std::nullopt;
                   }
                   return parse_int(v, 0, 14, p.year);
                 },
                 [](const Person& p) { return p.year ? std::to_string(p.year) : std::string{}; }});
    f.push_back(text<Person>("card", &Person::card));
    f.push_back(text<Person>("admission_no", &Person::admission_no));
    f.push_back(text<Person>("staff_code", &Person::staff_code));
    f.push_back(text<Person>("email", &Person::email));
    f.push_back({"active", false,
                 [](Person& p, std::string_view v) -> std::optional<std::string> {
                   if (v.empty()) {
                     p.active = true;
                     return std::nullopt;
                   }
                   auto b = parse_bool(v);
                   if (!b) return "'" + std::string{v} + "' is not yes or no";
                   p.active = *b;
                   return std::nullopt;
                 },
                 [](const Person& p) { return std::string{p.active ? "yes" : "no"}; }});
    return f;
  }();
  return fields;
}

const std::vector<Field<Device>>& device_fields() {
  static const std::vector<Field<Device>> fields = [] {
    std::vector<Field<Device>> f;
    f.push_back({"id", true,
                 [](Device& d, std::string_view v) -> std::optional<std::string> {
                   if (auto e = check_id(v)) return e;
                   d.id = std::string{v};
                   return std::nullopt;
                 },
                 [](const Device& d) { return d.id; }});
    f.push_back(text<Device>("asset_tag", &Device::asset_tag));
    f.push_back(text<Device>("serial", &Device::serial));
    f.push_back(text<Device>("name", &Device::name));
    f.push_back(text<Device>("make", &Device::make));
    f.push_back(text<Device>("model", &Device::model));
    f.push_back(enumeration<Device>("kind", &Device::kind, true));
    f.push_back(enumeration<Device>("owner", &Device::owner));
    f.push_back(text<Device>("home_location", &Device::home_location));
    f.push_back(enumeration<Device>("status", &Device::status));
    f.push_back(enumeration<Device>("sensitivity", &Device::sensitivity));
    f.push_back(boolean<Device>("encrypted", &Device::encrypted));
    f.push_back(date<Device>("encryption_verified", &Device::encryption_verified));
    f.push_back(boolean<Device>("mdm_enrolled", &Device::mdm_enrolled));
    f.push_back(enumeration<Device>("equipment_class", &Device::equipment_class));
    f.push_back(enumeration<Device>("equipment_type", &Device::equipment_type));
    f.push_back(optional_int<Device>("pat_interval_months", &Device::pat_interval_months, 1, 120));
    f.push_back(date<Device>("purchase_date", &Device::purchase_date));
    f.push_back(date<Device>("disposal_date", &Device::disposal_date));
    f.push_back(text<Device>("disposal_route", &Device::disposal_route));
    f.push_back({"accessories", false,
                 [](Device& d, std::string_view v) -> std::optional<std::string> {
                   d.accessories.clear();
                   while (!v.empty()) {
                     auto cut = v.find(';');
                     auto item = core::trim(v.substr(0, cut));
                     if (auto e = check_length(item, core::limit_of<Device>("accessories")))
                       return "an accessory " + *e;
                     if (!item.empty()) d.accessories.push_back(item);
                     if (cut == std::string_view::npos) break;
                     v.remove_prefix(cut + 1);
                   }
                   return std::nullopt;
                 },
                 [](const Device& d) {
                   std::string out;
                   for (const auto& a : d.accessories) out += (out.empty() ? "" : ";") + a;
                   return out;
                 }});
    f.push_back(boolean<Device>("visitor_equipment", &Device::visitor_equipment));
    f.push_back(text<Device>("use_permitted_by", &Device::use_permitted_by));
    f.push_back(optional_int<Device>("max_loan_days", &Device::max_loan_days, 1, 400));
    f.push_back(text<Device>("notes", &Device::notes));
    return f;
  }();
  return fields;
}

}  // namespace exchange::detail
