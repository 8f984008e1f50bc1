// Tells a keyboard-wedge scanner's keystrokes from a person typing.
//
//   scanner::WedgeDecoder wedge;                 // default thresholds
//   wedge.key(U'D', now_ms); ...                 // every character the UI receives
//   wedge.tick(now_ms);                          // once per UI frame
//   for (auto& s : wedge.take_scans()) submit(s.text);
//   search_box += wedge.take_typed();            // what a person typed
//
// A scan is a burst: every gap between its characters at most
// `max_gap_ms`, ending in Enter or Tab within that gap, at least
// `min_length` characters long. Anything else is typing. Typed characters
// are held back until the burst they belong to is decided (at most
// `max_gap_ms`), which a person does not notice.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scanner {

struct WedgeSettings {
  // USB scanners send a character every 1-10 ms; Bluetooth ones 12-50 ms.
  // People rarely keep every gap under ~80 ms for a whole word plus Enter
  // (100-300 ms is typical), so 80 ms is the line between them.
  std::int64_t max_gap_ms = 80;
  // Shorter bursts are typing: two quick keys and Enter is not a scan. No
  // code we use is shorter than 4 characters.
  std::size_t min_length = 4;
  // Optional characters the scanner is configured to send before and after
  // each code. With a prefix, only bursts starting with it are scans and it
  // marks where a scan begins even if typing ran straight into it.
  std::string prefix{};
  std::string suffix{};
  // Some scanners are set to send no Enter; then a fast burst of at least
  // min_length that goes quiet for max_gap_ms counts as a scan.
  bool require_terminator = true;
};

struct WedgeScan {
  std::string text;  // UTF-8, prefix and suffix removed
  std::int64_t at_ms = 0;  // time of its last character
};

class WedgeDecoder {
 public:
  explicit WedgeDecoder(WedgeSettings settings = {});

  // One character as the UI received it; Enter is '\r' or '\n', Tab '\t'.
  void key(char32_t ch, std::int64_t now_ms);
  // Lets a burst that went quiet be decided; call once per UI frame.
  void tick(std::int64_t now_ms);

  [[nodiscard]] std::vector<WedgeScan> take_scans();
  // UTF-8; Enter typed by a person comes out as '\n', Tab as '\t'.
  [[nodiscard]] std::string take_typed();

  [[nodiscard]] const WedgeSettings& settings() const { return settings_; }

 private:
  struct Key {
    char32_t ch;
    std::int64_t at_ms;
  };
  void close_burst(std::int64_t now_ms, bool terminated, char32_t terminator);
  void emit_typed(std::size_t from, std::size_t to);

  WedgeSettings settings_;
  std::vector<Key> burst_;
  std::vector<WedgeScan> scans_;
  std::string typed_;
  // A scanner sending CR LF: the LF right after a scan's CR is part of it.
  std::int64_t last_scan_cr_ms_ = -1;
};

}  // namespace scanner
