// Fuzz target: the tag parser (scanner::parse_code) on any scanned text. It
// must classify everything without crashing, and our own tags must round-trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "scanner/tag.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  for (std::string_view prefix : {"SCH", "DEMO"}) {
    auto parsed = scanner::parse_code(text, prefix);
    (void)scanner::describe(parsed);
    if (const auto* ours = std::get_if<scanner::OurTag>(&parsed)) {
      auto again = scanner::parse_code(scanner::encode_tag(prefix, ours->kind, ours->id), prefix);
      const auto* back = std::get_if<scanner::OurTag>(&again);
      if (!back || back->id != ours->id || back->kind != ours->kind) std::abort();
    }
  }
  return 0;
}
