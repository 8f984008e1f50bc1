// Fuzz target: the keyboard-wedge decoder on any sequence of keys and gaps.
// Each input byte pair is (character, milliseconds since the last key).
#include <cstddef>
#include <cstdint>

#include "scanner/wedge.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  scanner::WedgeSettings settings;
  settings.require_terminator = (data[0] & 1) != 0;
  if (data[0] & 2) settings.prefix = "]Q";
  if (data[0] & 4) settings.suffix = "#";
  scanner::WedgeDecoder decoder{settings};
  std::int64_t now = 0;
  for (std::size_t i = 1; i + 1 < size; i += 2) {
    now += data[i + 1];
    // Bytes >= 0x80 stand for characters beyond ASCII.
    char32_t ch = data[i] < 0x80 ? data[i] : 0x100 + data[i];
    decoder.key(ch, now);
    if (data[i + 1] & 1) decoder.tick(now);
  }
  decoder.tick(now + 1000);
  (void)decoder.take_scans();
  (void)decoder.take_typed();
  return 0;
}
