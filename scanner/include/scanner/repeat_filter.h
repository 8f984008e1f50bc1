// Reports a code once while it stays in view: a camera sees the same card in
// many frames, a person may scan the same tag twice in a hurry.
//
//   scanner::RepeatFilter repeats{1500};
//   if (repeats.accept(text, now_ms)) submit(text);
//
// A code is suppressed while it was last seen less than `window_ms` ago, so
// a card held in front of the camera fires once, and fires again only after
// it has been out of sight for the whole window.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace scanner {

class RepeatFilter {
 public:
  explicit RepeatFilter(std::int64_t window_ms = 1500) : window_ms_(window_ms) {}

  // True when `code` should be reported now. Times must not go backwards.
  [[nodiscard]] bool accept(std::string_view code, std::int64_t now_ms);

  [[nodiscard]] std::int64_t window_ms() const { return window_ms_; }

 private:
  std::int64_t window_ms_;
  std::unordered_map<std::string, std::int64_t> last_seen_;
};

}  // namespace scanner
