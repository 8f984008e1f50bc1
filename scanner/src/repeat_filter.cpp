#include "scanner/repeat_filter.h"

#include <iterator>

namespace scanner {

bool RepeatFilter::accept(std::string_view code, std::int64_t now_ms) {
  // Forget codes out of the window so the map stays as small as what is in view.
  std::erase_if(last_seen_, [&](const auto& entry) { return now_ms - entry.second >= window_ms_; });
  auto [it, inserted] = last_seen_.try_emplace(std::string(code), now_ms);
  it->second = now_ms;
  return inserted;
}

}  // namespace scanner
