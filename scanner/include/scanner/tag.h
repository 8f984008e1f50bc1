// scanner/: codes in and out (the tag format, ZXing decoding, the V4L2 camera,
// the keyboard-wedge decoder, QR labels). Uses nothing else of ours.
//
// Our QR tag payloads: encode them for labels, and classify whatever a
// scanner delivers so the caller can act on it or refuse it plainly.
//
//   auto text = scanner::encode_tag("DEMO", scanner::TagKind::Asset, "0042"); // "DEMO-A0042" + check
//   auto code = scanner::parse_code(" demo-a0042x\r\n", "DEMO");
//   if (auto* tag = std::get_if<scanner::OurTag>(&code)) { ... }
//
// Format (see docs/scanner.md): PREFIX "-" KIND ID CHECK, uppercase canonical,
// every character in QR alphanumeric mode so a tag fits a version 1-2 symbol.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <variant>

namespace scanner {

enum class TagKind : char { Asset = 'A', Person = 'P', Slot = 'S', Command = 'C' };

inline constexpr std::size_t kMinPrefixLength = 2;
inline constexpr std::size_t kMaxPrefixLength = 6;
inline constexpr std::size_t kMaxIdLength = 12;
// Longer than any tag or card number we expect; longer scans are refused.
inline constexpr std::size_t kMaxScanLength = 64;
inline constexpr char kTagSeparator = '-';

// Ids of the printed command cards.
inline constexpr std::string_view kCommandHandIn = "HANDIN";
inline constexpr std::string_view kCommandCollect = "COLLECT";
inline constexpr std::string_view kCommandSignOut = "SIGNOUT";
inline constexpr std::string_view kCommandReturn = "RETURN";
inline constexpr std::string_view kCommandCancel = "CANCEL";
inline constexpr std::array<std::string_view, 5> kCommandIds = {
    kCommandHandIn, kCommandCollect, kCommandSignOut, kCommandReturn, kCommandCancel};

// True when `prefix` is 2-6 ASCII letters or digits (either case).
[[nodiscard]] bool is_valid_prefix(std::string_view prefix);
// True when `id` is 1-12 ASCII letters or digits (either case).
[[nodiscard]] bool is_valid_id(std::string_view id);

// The check character over `body` (e.g. "DEMO-A0042"), ISO 7064 MOD 37-2.
// Characters outside 0-9 A-Z '-' (after uppercasing) make it return '\0'.
[[nodiscard]] char tag_check_character(std::string_view body);

// The canonical (uppercase) tag. Returns "" when the prefix or id is invalid,
// so a bad register entry cannot print a label that would never parse.
[[nodiscard]] std::string encode_tag(std::string_view school_prefix, TagKind kind, std::string_view id);

struct OurTag {
  TagKind kind;
  std::string id;  // uppercase
  bool operator==(const OurTag&) const = default;
};
// A well-formed tag of another school (check character valid).
struct ForeignTag {
  std::string prefix;
  std::string text;  // canonical text, should the caller still want to look it up
  bool operator==(const ForeignTag&) const = default;
};
// Our shape but the check character does not match: a misread or a typo.
struct MisreadTag {
  std::string text;
  bool operator==(const MisreadTag&) const = default;
};
// Anything else printable (an imported asset tag, a card number, a shop
// barcode); the caller looks it up and refuses it if unknown.
struct PlainCode {
  std::string text;
  bool operator==(const PlainCode&) const = default;
};
// Empty, control characters, a URL, over-long: refused outright.
struct UnusableCode {
  std::string reason;
  bool operator==(const UnusableCode&) const = default;
};
using ParsedCode = std::variant<OurTag, ForeignTag, MisreadTag, PlainCode, UnusableCode>;

// Classifies a scan. Surrounding whitespace (including a wedge's CR/LF) is
// ignored, letters are compared case-insensitively.
[[nodiscard]] ParsedCode parse_code(std::string_view scanned, std::string_view school_prefix);

// A plain-English sentence for the kiosk's screen, e.g. why a code is refused.
[[nodiscard]] std::string describe(const ParsedCode& code);

}  // namespace scanner
