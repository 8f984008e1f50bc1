// tagdesk export people|devices: the import's own columns, so export -> import round-trips.
#include "exchange/import.h"
#include "register_fields.h"

namespace exchange {
namespace {

// `each` walks the records (core::State's each_person or each_device).
template <class T, class Each>
std::string export_csv(Each each, const std::vector<detail::Field<T>>& fields) {
  std::vector<std::string> row;
  for (const auto& f : fields) row.emplace_back(f.name);
  std::string out = csv::format_row(row);
  each([&](const T& r) {
    row.clear();
    for (const auto& f : fields) row.push_back(f.get(r));
    out += csv::format_row(row);
  });
  return out;
}

}  // namespace

std::string export_people_csv(const core::State& state) {
  return export_csv<core::Person>([&](auto f) { state.each_person(f); }, detail::person_fields());
}
std::string export_devices_csv(const core::State& state) {
  return export_csv<core::Device>([&](auto f) { state.each_device(f); }, detail::device_fields());
}

}  // namespace exchange
