#include "core/limits.h"

#include <cstdint>
#include <type_traits>
#include <variant>

namespace core {
namespace {

// The length of a UTF-8 sequence at s[i] that is a control character, or 0.
std::size_t control_at(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 || c == 0x7F) return 1;
  // C1 (U+0080..U+009F) is 0xC2 0x80..0x9F: a terminal may read 0x9B as CSI.
  if (c == 0xC2 && i + 1 < s.size()) {
    auto n = static_cast<unsigned char>(s[i + 1]);
    if (n >= 0x80 && n <= 0x9F) return 2;
  }
  return 0;
}

std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::optional<std::string> text_problem(std::string_view label, std::string_view value, std::size_t limit) {
  if (characters(value) > limit)
    return std::string{label} + " is longer than " + std::to_string(limit) + " characters";
  // Notes may run to several lines (a real Snipe-IT export's do); nothing
  // else may hold a line break, and nothing at all an escape or other control.
  bool lines = limit >= kNoteLimit;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (lines && (value[i] == '\n' || value[i] == '\r' || value[i] == '\t')) continue;
    if (control_at(value, i))
      return std::string{label} + (lines ? " holds a control character (an escape)"
                                         : " holds a control character (a tab, a new line or an escape)");
  }
  return std::nullopt;
}

std::optional<std::string> first_text_problem(const std::vector<TextField>& fields) {
  for (const auto& f : fields)
    if (auto p = text_problem(f.label, f.value, f.limit)) return p;
  return std::nullopt;
}

namespace {

// Every text (and each text of a list) of `r` whose field has a limit.
template <class R>
std::vector<TextField> table_text_fields(const R& r) {
  std::vector<TextField> out;
  for_each_field<R>([&](const auto& f) {
    using T = std::remove_cvref_t<decltype(r.*f.member)>;
    if (f.limit == 0) return;
    if constexpr (std::is_same_v<T, Text>) {
      out.push_back({f.label, r.*f.member, f.limit});
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      for (const auto& each : r.*f.member) out.push_back({f.label, each, f.limit});
    }
  });
  return out;
}

}  // namespace

std::vector<TextField> text_fields(const Person& p) { return table_text_fields(p); }

std::vector<TextField> text_fields(const Device& d) {
  auto f = table_text_fields(d);
  if (d.last_pat) {
    f.push_back({"The PAT tester", d.last_pat->tester, kNameLimit});
    f.push_back({"The PAT instrument", d.last_pat->instrument, kNameLimit});
    f.push_back({"The PAT notes", d.last_pat->notes, kNoteLimit});
  }
  return f;
}

std::vector<TextField> text_fields(const Slot& s) { return table_text_fields(s); }

std::vector<TextField> text_fields(const Request& request) {
  return std::visit([](const auto& r) {
    using T = std::decay_t<decltype(r)>;
    std::vector<TextField> f = {{"The badge or card", r.actor, kCodeLimit}};
    auto add = [&](std::vector<TextField> more) { f.insert(f.end(), more.begin(), more.end()); };
    if constexpr (std::is_same_v<T, HandIn>) {
      add({{"The description", r.description, kNameLimit}, {"The pouch", r.slot, kCodeLimit}});
    } else if constexpr (std::is_same_v<T, Collect>) {
      add({{"The reason", r.reason, kNoteLimit}});
    } else if constexpr (std::is_same_v<T, FormBoxHandIn>) {
      for (const auto& e : r.entries) f.push_back({"A description", e.description, kNameLimit});
    } else if constexpr (std::is_same_v<T, Confiscate>) {
      add({{"The description", r.description, kNameLimit}, {"The reason", r.reason, kNoteLimit},
           {"The rule breached", r.rule_breached, kNoteLimit}, {"The place", r.place, kNameLimit},
           {"The witness", r.witness, kNameLimit}, {"The condition notes", r.condition_notes, kNoteLimit},
           {"The pouch", r.slot, kCodeLimit}});
    } else if constexpr (std::is_same_v<T, ReleaseHeld>) {
      add({{"The name", r.name, kNameLimit}, {"The relationship", r.relationship, kNameLimit},
           {"The officer", r.officer, kNameLimit}, {"The collar number", r.collar, kCodeLimit},
           {"The crime reference", r.crime_ref, kCodeLimit}});
    } else if constexpr (std::is_same_v<T, Return>) {
      f.push_back({"The note", r.note, kNoteLimit});
      for (const auto& m : r.missing) f.push_back({"A missing accessory", m, kNameLimit});
    } else if constexpr (std::is_same_v<T, Recall>) {
      add({{"The reason", r.reason, kNoteLimit}});
    } else if constexpr (std::is_same_v<T, RecordPat>) {
      add({{"The tester", r.record.tester, kNameLimit}, {"The instrument", r.record.instrument, kNameLimit},
           {"The notes", r.record.notes, kNoteLimit}});
    } else if constexpr (std::is_same_v<T, StartAudit>) {
      add({{"The location", r.location, kNameLimit}});
    } else if constexpr (std::is_same_v<T, ChangeSetting>) {
      add({{"The setting", r.key, kNameLimit}, {"The value", r.value, kNoteLimit}});
    } else if constexpr (std::is_same_v<T, RecordPerson> || std::is_same_v<T, RecoverAdmin>) {
      add(text_fields(r.person));
    } else if constexpr (std::is_same_v<T, RecordDevice>) {
      add(text_fields(r.device));
    } else if constexpr (std::is_same_v<T, RecordSlot>) {
      add(text_fields(r.slot));
    } else if constexpr (std::is_same_v<T, MoveRack>) {
      add({{"The rack", r.rack, kCodeLimit}, {"The first pouch", r.first, kCodeLimit},
           {"The last pouch", r.last, kCodeLimit}, {"The desk", r.to, kCodeLimit}});
    } else if constexpr (std::is_same_v<T, Export>) {
      add({{"What is exported", r.what, kNameLimit}, {"Where it goes", r.destination, kNoteLimit}});
    }
    return f;
  }, request);
}

std::string printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t n = control_at(s, i);
    if (n == 0) {
      out += s[i];
      continue;
    }
    for (std::size_t k = 0; k < n; ++k, ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
    --i;
  }
  return out;
}

}  // namespace core
