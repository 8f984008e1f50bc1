#include "core/kind_guess.h"

#include <optional>

#include "core/enum_names.h"
#include "core/strings.h"

namespace core {
namespace {

// `word` in `text` at the start of a word: "eos" in "Canon EOS 250D", not "phone" in "headphones".
bool has_word(std::string_view text, std::string_view word) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1))
    if (at == 0 || !alnum(text[at - 1])) return true;
  return false;
}

bool says_pupil(const DeviceWords& d) {
  for (auto f : {d.category, d.model, d.name}) {
    auto l = ascii_lower(f);
    if (has_word(l, "pupil") || has_word(l, "student")) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::pair<std::string_view, DeviceKind>>& kind_words() {
  using K = DeviceKind;
  // Longer words before the shorter ones they contain ("chromebook" before
  // "book"); a laptop is a staff laptop unless it says pupil (guess_kind), the
  // kind LN3 checks.
  static const std::vector<std::pair<std::string_view, K>> words = {
      {"laptop", K::StaffLaptop},     {"notebook", K::StaffLaptop},   {"macbook", K::StaffLaptop},
      {"chromebook", K::StaffLaptop}, {"thinkpad", K::StaffLaptop},   {"latitude", K::StaffLaptop},
      {"elitebook", K::StaffLaptop},  {"probook", K::StaffLaptop},    {"surface laptop", K::StaffLaptop},
      {"ipad", K::Tablet},            {"tablet", K::Tablet},          {"galaxy tab", K::Tablet},
      {"surface pro", K::Tablet},     {"kindle", K::Tablet},          {"camera", K::Camera},
      {"eos", K::Camera},             {"powershot", K::Camera},       {"coolpix", K::Camera},
      {"gopro", K::Camera},           {"camcorder", K::Camera},       {"dslr", K::Camera},
      {"nikon", K::Camera},           {"memory stick", K::MemoryStick}, {"usb stick", K::MemoryStick},
      {"flash drive", K::MemoryStick}, {"pen drive", K::MemoryStick}, {"usb drive", K::MemoryStick},
      {"memory", K::MemoryStick},     {"charger", K::Charger},        {"power supply", K::Charger},
      {"power adapter", K::Charger},  {"psu", K::Charger},            {"projector", K::Projector},
      {"iphone", K::Phone},           {"phone", K::Phone},            {"mobile", K::Phone},
  };
  return words;
}

KindGuess guess_kind(const DeviceWords& d, const std::map<std::string, DeviceKind>& extra) {
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"category", d.category}, {"model", d.model}, {"name", d.name}, {"manufacturer", d.manufacturer}};
  for (const auto& [field, value] : fields) {
    if (value.empty()) continue;
    auto l = ascii_lower(value);
    auto found = [&](std::string_view word, DeviceKind kind) -> std::optional<KindGuess> {
      if (word.empty() || !has_word(l, word)) return std::nullopt;
      if (kind == DeviceKind::StaffLaptop && says_pupil(d)) kind = DeviceKind::PupilLaptop;
      return KindGuess{kind, std::string{field}, std::string{value}, std::string{word}};
    };
    // A category that is a kind's own name ("tablet", "staff-laptop") is that kind.
    if (field == "category")
      if (auto k = parse_enum<DeviceKind>(value)) return {*k, "category", std::string{value}, std::string{to_string(*k)}};
    for (const auto& [word, kind] : extra)
      if (auto g = found(word, kind)) return *g;
    for (const auto& [word, kind] : kind_words())
      if (auto g = found(word, kind)) return *g;
  }
  return {};
}

std::string describe(const KindGuess& g) {
  if (!g.matched()) return "other: no word of the kinds table matched";
  return std::string{to_string(g.kind)} + ", from the " + g.field + " \"" + g.value + "\" (\"" + g.word + "\")";
}

}  // namespace core
