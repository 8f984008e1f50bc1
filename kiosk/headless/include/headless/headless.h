// kiosk/headless/: the controller as JSON lines on standard input and output, for
// tests and integrations.
//
// The headless front end: the controller over JSON lines (docs/headless.md).
//
// Each input line is one JSON object, {"scan":"100042"}, {"choose":"done"},
// {"pin":"123456"}, {"text":"Cracked screen"} or {"tick":{}}, optionally with
// "at":"2026-11-24T08:20:00" to set the clock (--clock-from-input only); each is answered by one line:
// the resulting ScreenModel, or {"error":"line 3: ..."} for a malformed line.
//
//   kiosk::HeadlessSession session{controller, kiosk::Cli::desk_clock(), /*clock_from_input=*/true};
//   std::string answer = *session.answer(R"({"scan":"100042","at":"2026-11-24T08:20:00"})");
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "desk/controller.h"
#include "desk/screen.h"

namespace kiosk {

class HeadlessSession {
 public:
  // `clock` gives the time. With `clock_from_input` (tests and scripted
  // scenarios only: tagdesk headless --clock-from-input) a line's "at" sets it,
  // and it stays where the last "at" put it; without, a line with "at" is an
  // error (docs/SECURITY.md: nobody at a desk sets its clock).
  HeadlessSession(Controller& controller, std::function<core::Time()> clock, bool clock_from_input = false);

  // One line in, one answer out (no trailing newline); nullopt for a blank line.
  [[nodiscard]] std::optional<std::string> answer(std::string_view line);
  // The kiosk was closed with an administrator's PIN: the session is over.
  [[nodiscard]] bool closed() const { return closed_; }

 private:
  Controller* controller_;
  std::function<core::Time()> clock_;
  bool clock_from_input_ = false;
  std::optional<core::Time> fixed_;
  long line_ = 0;
  bool closed_ = false;
};

// The ScreenModel as one line of JSON (every field, always present).
[[nodiscard]] std::string screen_to_json(const ScreenModel& m);

// Reads lines until the input ends or the kiosk is closed; returns the exit code.
int run_headless(HeadlessSession& session, std::istream& in, std::ostream& out);

}  // namespace kiosk
