// The kind of a device, guessed from what another system's file says of it.
//
// Snipe-IT and spreadsheets name a device's kind in many places: its category
// ("Laptops"), its model ("Macbook Pro 13\""), its name ("iPad 7") or, at a
// pinch, its manufacturer ("Nikon"). guess_kind() reads them together, the
// category first, against a table of words: the administrator's own words
// first (settings `kind.WORD`, e.g. `kind.latitude = staff-laptop`), then the
// built-in ones. A device that matches no word is "other", which LN3 treats as
// holding sensitive data until an administrator records what it is.
//
//   core::KindGuess g = core::guess_kind({.model = "Macbook Pro 13\""}, settings.kind_words);
//   g.kind;                // DeviceKind::StaffLaptop
//   core::describe(g);     // "staff-laptop, from the model \"Macbook Pro 13\"\" (\"macbook\")"
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model.h"

namespace core {

struct DeviceWords {
  std::string_view category, model, name, manufacturer;
};

struct KindGuess {
  DeviceKind kind = DeviceKind::Other;
  std::string field;  // "category", "model", "name" or "manufacturer"; empty = no word matched
  std::string value;  // the field's text
  std::string word;   // the word of the table that matched
  [[nodiscard]] bool matched() const { return !field.empty(); }
};

// The built-in words, lower case, in the order they are tried.
[[nodiscard]] const std::vector<std::pair<std::string_view, DeviceKind>>& kind_words();

// The first match, field by field (category, model, name, manufacturer), each
// against `extra` (lower-case words, the administrator's) before the built-in
// words. A laptop whose fields say "pupil" or "student" is a pupil laptop.
[[nodiscard]] KindGuess guess_kind(const DeviceWords& d, const std::map<std::string, DeviceKind>& extra = {});

// "staff-laptop, from the model "Macbook Pro 13"" ("macbook")" or "other: no word matched".
[[nodiscard]] std::string describe(const KindGuess& g);

}  // namespace core
