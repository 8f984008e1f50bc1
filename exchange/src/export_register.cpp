// tagdesk export people|devices: the import's own columns, so export -> import round-trips.
#include "exchange/import.h"
#include "register_fields.h"

namespace exchange {
namespace {

template <class T>
std::string export_csv(const std::map<std::string, T>& records, const std::vector<detail::Field<T>>& fields) {
  std::vector<std::string> row;
  for (const auto& f : fields) row.emplace_back(f.name);
  std::string out = csv::format_row(row);
  for (const auto& [id, r] : records) {
    row.clear();
    for (const auto& f : fields) row.push_back(f.get(r));
    out += csv::format_row(row);
  }
  return out;
}

}  // namespace

std::string export_people_csv(const core::State& state) { return export_csv(state.people, detail::person_fields()); }
std::string export_devices_csv(const core::State& state) { return export_csv(state.devices, detail::device_fields()); }

}  // namespace exchange
