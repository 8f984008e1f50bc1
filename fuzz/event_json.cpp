// Fuzz target: event JSON as the headless front end and imports read it
// (db::event_from_json). Anything accepted must round-trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "db/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto j = nlohmann::json::parse(std::string_view{reinterpret_cast<const char*>(data), size}, nullptr,
                                 /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  auto event = db::event_from_json(j);
  if (!event) return 0;
  auto again = db::event_from_json(db::event_to_json(*event));
  if (!again || db::event_to_json(*again) != db::event_to_json(*event)) std::abort();  // a lossy round trip
  // The payload alone, under every type name it claims.
  (void)db::event_data_from_json(j.value("type", ""), j.value("data", nlohmann::json::object()));
  return 0;
}
