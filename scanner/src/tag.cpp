#include "scanner/tag.h"

#include <algorithm>
#include <optional>

#include "core/strings.h"
#include "text_util.h"

namespace scanner {
namespace {

// Input alphabet of the checksum: 0-9, A-Z, and the separator as value 36 so
// that moving the separator is caught like any other transposition.
// MOD 37-2 needs 37 check symbols; ISO 7064 names the 37th '*', which QR's
// alphanumeric mode also carries.
constexpr std::string_view kCheckAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

std::optional<int> body_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == kTagSeparator) return 36;
  return std::nullopt;
}

bool is_kind_letter(char c) {
  return c == static_cast<char>(TagKind::Asset) || c == static_cast<char>(TagKind::Person) ||
         c == static_cast<char>(TagKind::Slot) || c == static_cast<char>(TagKind::Command);
}

// True when `a` and `b` differ by at most one substituted character or one
// swap of neighbours: the errors the check character exists to catch.
bool within_one_error(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t first = 0;
  while (first < a.size() && a[first] == b[first]) ++first;
  if (first == a.size()) return true;
  if (a.substr(first + 1) == b.substr(first + 1)) return true;
  return first + 1 < a.size() && a[first] == b[first + 1] && a[first + 1] == b[first] &&
         a.substr(first + 2) == b.substr(first + 2);
}

struct TagShape {
  std::string_view prefix;
  char kind;
  std::string_view id;
  std::string_view body;  // everything but the check character
  char check;
};

// Splits PREFIX-KIND ID CHECK without judging the check character.
std::optional<TagShape> split_tag(std::string_view text) {
  const auto sep = text.find(kTagSeparator);
  if (sep == std::string_view::npos) return std::nullopt;
  const auto prefix = text.substr(0, sep);
  const auto rest = text.substr(sep + 1);
  if (!is_valid_prefix(prefix) || rest.size() < 3) return std::nullopt;
  const auto id = rest.substr(1, rest.size() - 2);
  const char check = rest.back();
  if (!is_kind_letter(rest.front()) || !is_valid_id(id) ||
      kCheckAlphabet.find(check) == std::string_view::npos)
    return std::nullopt;
  return TagShape{prefix, rest.front(), id, text.substr(0, text.size() - 1), check};
}

bool is_url(std::string_view upper) {
  if (upper.starts_with("WWW.")) return true;
  const auto scheme_end = upper.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
  return std::all_of(upper.begin(), upper.begin() + static_cast<std::ptrdiff_t>(scheme_end),
                     [](char c) { return (c >= 'A' && c <= 'Z') || c == '+' || c == '.' || c == '-'; });
}

std::string_view kind_name(TagKind kind) {
  switch (kind) {
    case TagKind::Asset: return "Asset";
    case TagKind::Person: return "Person card";
    case TagKind::Slot: return "Slot";
    case TagKind::Command: return "Command card";
  }
  return "Tag";
}

}  // namespace

bool is_valid_prefix(std::string_view prefix) {
  return prefix.size() >= kMinPrefixLength && prefix.size() <= kMaxPrefixLength &&
         std::all_of(prefix.begin(), prefix.end(), is_ascii_alnum);
}

bool is_valid_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdLength && std::all_of(id.begin(), id.end(), is_ascii_alnum);
}

char tag_check_character(std::string_view body) {
  int p = 0;
  for (char c : body) {
    const auto v = body_value(ascii_upper(c));
    if (!v) return '\0';
    p = ((p + *v) * 2) % 37;
  }
  // Chosen so that the weighted sum including the check value is 1 mod 37.
  return kCheckAlphabet[static_cast<std::size_t>((38 - p) % 37)];
}

std::string encode_tag(std::string_view school_prefix, TagKind kind, std::string_view id) {
  if (!is_valid_prefix(school_prefix) || !is_valid_id(id) || !is_kind_letter(static_cast<char>(kind))) return {};
  std::string body = core::ascii_upper(school_prefix);
  body += kTagSeparator;
  body += static_cast<char>(kind);
  body += core::ascii_upper(id);
  body += tag_check_character(body);
  return body;
}

ParsedCode parse_code(std::string_view scanned, std::string_view school_prefix) {
  const std::string text = core::trim(scanned);
  if (text.empty()) return UnusableCode{"the code is empty"};
  if (text.size() > kMaxScanLength) return UnusableCode{"the code is too long to be a tag or card number"};
  if (!core::printable_utf8(text)) return UnusableCode{"the code contains unprintable characters"};
  const std::string upper = core::ascii_upper(text);
  if (is_url(upper)) return UnusableCode{"it is a web address, not a tag"};

  const auto shape = split_tag(upper);
  if (!shape) return PlainCode{std::string(text)};
  const std::string ours = core::ascii_upper(school_prefix);
  if (tag_check_character(shape->body) != shape->check) {
    // Far from our prefix it is more likely someone else's numbering that
    // happens to look like a tag: let the caller look it up as it is.
    if (within_one_error(shape->prefix, ours)) return MisreadTag{upper};
    return PlainCode{std::string(text)};
  }
  if (shape->prefix != ours) return ForeignTag{std::string(shape->prefix), upper};
  return OurTag{static_cast<TagKind>(shape->kind), std::string(shape->id)};
}

std::string describe(const ParsedCode& code) {
  struct Describer {
    std::string operator()(const OurTag& t) const { return std::string(kind_name(t.kind)) + " " + t.id; }
    std::string operator()(const ForeignTag& t) const {
      return "This tag (" + t.text + ") belongs to another school (" + t.prefix + "), not this one.";
    }
    std::string operator()(const MisreadTag& t) const {
      return "The tag " + t.text + " did not read correctly. Please scan it again.";
    }
    std::string operator()(const PlainCode& t) const {
      return "The code " + t.text + " is not one of ours and is not in the register.";
    }
    std::string operator()(const UnusableCode& t) const { return "This code cannot be used here: " + t.reason + "."; }
  };
  return std::visit(Describer{}, code);
}

}  // namespace scanner
