// Every text field's limit, and what no text may hold (docs/SECURITY.md, "Text
// limits"). Checked in core::decide, so the kiosk, headless and every import
// refuse the same things: a 10 MB note, a name carrying a terminal escape.
//
//   if (auto bad = core::text_problem("note", note, core::kNoteLimit)) refuse(*bad);
//   out << core::printable(name);   // a control character as \x1b, never raw
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fields.h"  // the limits themselves (kCodeLimit...), and each field's
#include "core/model.h"
#include "core/request.h"

namespace core {

struct TextField {
  std::string_view label;  // as a message names it: "the first name"
  std::string_view value;
  std::size_t limit;
};

// What is wrong with a text, if anything: longer than `limit` characters, or
// holding a control character (C0, DEL, C1); a note (kNoteLimit) may hold
// line breaks and tabs.
[[nodiscard]] std::optional<std::string> text_problem(std::string_view label, std::string_view value,
                                                      std::size_t limit);
// The first problem among fields.
[[nodiscard]] std::optional<std::string> first_text_problem(const std::vector<TextField>& fields);

// The text fields of a record, each with its limit (its field table's, core/fields.h).
[[nodiscard]] std::vector<TextField> text_fields(const Person& p);
[[nodiscard]] std::vector<TextField> text_fields(const Device& d);
[[nodiscard]] std::vector<TextField> text_fields(const Slot& s);
// Every text a request carries: what core::decide checks before anything else.
[[nodiscard]] std::vector<TextField> text_fields(const Request& r);

// For a terminal: every control character written as \xNN (so an ANSI escape
// prints as text and does nothing), everything else as it is.
[[nodiscard]] std::string printable(std::string_view s);

}  // namespace core
