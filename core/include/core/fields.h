// The fields of the register's records (people, devices, storage slots), each
// named once: the name events, JSON and the database's columns carry, its
// length limit if it is text, and whether an edit of the record writes it.
// The event codec (db/json.cpp), the text checks (core::text_fields) and the
// change events (person.changed, device.changed) all walk these tables; a
// member added to a record and not to its table stops fields.cpp compiling.
//
//   core::for_each_field<core::Device>([&](const auto& f) { out[f.name] = d.*f.member; });
//   core::Changes<core::Device> c = core::changes(before, after);  // what an edit changed
//   core::apply_changes(record, c);                                // and back onto a record
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/model.h"

namespace core {

// Text limits in characters (Unicode code points); core/limits.h checks them.
inline constexpr std::size_t kCodeLimit = 64;    // ids, card numbers, asset tags, serials, badge codes
inline constexpr std::size_t kNameLimit = 100;   // names, forms, locations, makes, models, labels
inline constexpr std::size_t kEmailLimit = 254;  // RFC 5321's longest address
inline constexpr std::size_t kNoteLimit = 2000;  // notes, reasons, descriptions, setting values

// Who writes a field: an edit of the record (the admin screens, an import), or
// only the record's own events (a PIN, a PAT test, a recall...), which an edit
// keeps as they are.
enum class WrittenBy : std::uint8_t { Edit, OwnEvents };

template <class R, class T>
struct Field {
  std::string_view name;         // in events, JSON and the database's columns
  T R::*member;
  std::size_t limit = 0;         // a text's limit, or each text's of a list; 0: none
  std::string_view label = {};   // as a message names it: "The first name"
  WrittenBy by = WrittenBy::Edit;
};

template <class R, class T>
constexpr Field<R, T> field(std::string_view name, T R::*member, std::size_t limit = 0, std::string_view label = {},
                            WrittenBy by = WrittenBy::Edit) {
  return {name, member, limit, label, by};
}
template <class R, class T>
constexpr Field<R, T> own_field(std::string_view name, T R::*member) {
  return {name, member, 0, {}, WrittenBy::OwnEvents};
}

// FieldTable<R>::kWhat ("device") and kFields, a tuple of Field<R, ...> in the
// record's member order.
template <class R>
struct FieldTable;

template <>
struct FieldTable<Person> {
  static constexpr std::string_view kWhat = "person";
  static constexpr auto kFields = std::tuple{
      field("id", &Person::id, kCodeLimit, "The id"),
      field("first_name", &Person::first_name, kNameLimit, "The first name"),
      field("preferred_name", &Person::preferred_name, kNameLimit, "The preferred name"),
      field("surname", &Person::surname, kNameLimit, "The surname"),
      field("roles", &Person::roles),
      field("form", &Person::form, kNameLimit, "The form"),
      field("year", &Person::year),
      field("card", &Person::card, kCodeLimit, "The card number"),
      field("admission_no", &Person::admission_no, kCodeLimit, "The admission number"),
      field("staff_code", &Person::staff_code, kCodeLimit, "The staff code"),
      field("email", &Person::email, kEmailLimit, "The email address"),
      field("active", &Person::active),
      own_field("pin_hash", &Person::pin_hash),          // pin.set (SE2)
      own_field("aup_accepted", &Person::aup_accepted),  // aup.accepted (LN1)
      own_field("pin_failures", &Person::pin_failures),  // pin.failed
      own_field("locked_until", &Person::locked_until),
  };
};

template <>
struct FieldTable<Device> {
  static constexpr std::string_view kWhat = "device";
  static constexpr auto kFields = std::tuple{
      field("id", &Device::id, kCodeLimit, "The id"),
      field("asset_tag", &Device::asset_tag, kCodeLimit, "The asset tag"),
      field("serial", &Device::serial, kCodeLimit, "The serial number"),
      field("name", &Device::name, kNameLimit, "The name"),
      field("make", &Device::make, kNameLimit, "The make"),
      field("model", &Device::model, kNameLimit, "The model"),
      field("kind", &Device::kind),
      field("owner", &Device::owner),
      field("home_location", &Device::home_location, kNameLimit, "The home location"),
      field("status", &Device::status),
      field("sensitivity", &Device::sensitivity),
      field("encrypted", &Device::encrypted),
      field("encryption_verified", &Device::encryption_verified),
      field("mdm_enrolled", &Device::mdm_enrolled),
      field("equipment_class", &Device::equipment_class),
      field("equipment_type", &Device::equipment_type),
      field("pat_interval_months", &Device::pat_interval_months),
      own_field("last_pat", &Device::last_pat),            // pat.tested (PT1)
      own_field("last_pat_pass", &Device::last_pat_pass),
      field("purchase_date", &Device::purchase_date),
      field("disposal_date", &Device::disposal_date),
      field("disposal_route", &Device::disposal_route, kNameLimit, "The disposal route"),
      field("accessories", &Device::accessories, kNameLimit, "An accessory"),
      own_field("missing_accessories", &Device::missing_accessories),  // loan.returned (LN7)
      field("visitor_equipment", &Device::visitor_equipment),
      field("use_permitted_by", &Device::use_permitted_by, kNameLimit, "Who permitted its use"),
      field("max_loan_days", &Device::max_loan_days),
      own_field("recalled", &Device::recalled),            // device.recalled (LN12)
      Field<Device, Text>{"recall_reason", &Device::recall_reason, kNoteLimit, "The recall reason",
                          WrittenBy::OwnEvents},
      own_field("evidence_hold", &Device::evidence_hold),  // evidence.placed (CF3)
      own_field("last_seen", &Device::last_seen),          // audit.scanned (AR2)
      field("notes", &Device::notes, kNoteLimit, "The notes"),
  };
};

template <>
struct FieldTable<Slot> {
  static constexpr std::string_view kWhat = "slot";
  static constexpr auto kFields = std::tuple{
      field("id", &Slot::id, kCodeLimit, "The id"),
      field("kind", &Slot::kind),
      field("label", &Slot::label, kNameLimit, "The label"),
      field("form", &Slot::form, kNameLimit, "The form"),
      Field<Slot, Text>{"custodian", &Slot::custodian, kCodeLimit, "The custodian",
                        WrittenBy::OwnEvents},  // custody.transferred (PH6)
  };
};

// Calls f(field) for each field of R, in order.
template <class R, class F>
constexpr void for_each_field(F&& f) {
  std::apply([&](const auto&... each) { (f(each), ...); }, FieldTable<R>::kFields);
}

// The text limit of R's field `name` (each item's, for a list); 0 if it has none.
template <class R>
[[nodiscard]] constexpr std::size_t limit_of(std::string_view name) {
  std::size_t out = 0;
  for_each_field<R>([&](const auto& f) { out = f.name == name ? f.limit : out; });
  return out;
}

// Whether `name` names a field of R that an edit writes.
template <class R>
[[nodiscard]] constexpr bool is_edit_field(std::string_view name) {
  bool found = false;
  for_each_field<R>([&](const auto& f) { found = found || (f.name == name && f.by == WrittenBy::Edit); });
  return found;
}

// What an edit changed: the fields' names (in the table's order) and their new
// values. Every field of `values` that `fields` does not name is its default
// and means nothing.
template <class R>
struct Changes {
  std::vector<std::string> fields;
  R values{};

  [[nodiscard]] bool empty() const { return fields.empty(); }
  [[nodiscard]] bool has(std::string_view name) const { return std::ranges::find(fields, name) != fields.end(); }
  bool operator==(const Changes&) const = default;
};

// The fields an edit writes that differ between `before` and `after`.
template <class R>
[[nodiscard]] Changes<R> changes(const R& before, const R& after) {
  Changes<R> c;
  for_each_field<R>([&](const auto& f) {
    if (f.by != WrittenBy::Edit || before.*f.member == after.*f.member) return;
    c.fields.emplace_back(f.name);
    c.values.*f.member = after.*f.member;
  });
  return c;
}

// Writes each field `c` names onto `record` (only fields an edit writes).
template <class R>
void apply_changes(R& record, const Changes<R>& c) {
  for_each_field<R>([&](const auto& f) {
    if (f.by == WrittenBy::Edit && c.has(f.name)) record.*f.member = c.values.*f.member;
  });
}

}  // namespace core
