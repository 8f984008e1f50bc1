// The seam between the controller and every front end.
//
// The controller turns an Input into the next ScreenModel. Views draw a
// ScreenModel and return the Inputs a person's taps make; the headless front
// end prints it as JSON. Nothing on a ScreenModel is secret or beyond DP1: it
// is what anyone at reception may see.
//
//   kiosk::ScreenModel next = controller.handle(kiosk::Scan{"NFA-P0042K"}, now);
//   if (next.feedback == kiosk::Feedback::Refused) flash_red();
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kiosk {

// ---------------------------------------------------------------- inputs
struct Scan { std::string code; };      // a USB scanner's burst, a camera read, or a typed code
struct Choose { std::string id; };      // a tap on a named choice (a button, a row, a command card)
struct Pin { std::string digits; };     // from the on-screen keypad; never echoed or logged
struct Text { std::string value; };     // a search box, a reason, a parent's name
// Time passed: idle timeouts (DP2), clock on screen. `active`: someone touched
// the screen or typed since the last tick, which resets the idle clock as any input does.
struct Tick { bool active = false; };
using Input = std::variant<Scan, Choose, Pin, Text, Tick>;

// ---------------------------------------------------------------- the screen
enum class Feedback { None, Accepted, Refused, Notice };  // green flash, red flash, amber

struct Choice {
  std::string id;     // what Choose{id} sends back: "handin", "collect", "back", "cancel", ...
  std::string label;  // "Hand in", "Back"
  bool primary = false;
  bool enabled = true;
  bool selected = false;  // a toggle that is on: tapping it again keeps the screen (drawn highlighted)
  bool operator==(const Choice&) const = default;
};

struct Row {
  std::vector<std::string> cells;
  std::string choice;  // Choose{choice} when the row is tapped; empty = not tappable
  std::string mark;    // for tick lists (PH6): "handed-in", "absent", ...; empty otherwise
  bool operator==(const Row&) const = default;
};

struct ScreenModel {
  std::string screen;   // stable name, e.g. "home", "handin.slot", "pin", "signout.conditions", "result"
  std::string title;    // "Northfield Academy", "Sign out"
  std::string prompt;   // what to do next: "Scan your card"
  std::string big;      // huge text: the pouch number at collection
  std::vector<std::string> lines;  // details, conditions, notices
  std::vector<Choice> choices;
  std::vector<std::string> columns;  // a table (reports, the form list, an audit)
  std::vector<Row> rows;
  bool wants_pin = false;            // show the keypad
  bool wants_text = false;           // show the keyboard
  std::string text_label;            // "Search", "Reason", "Parent's name"
  Feedback feedback = Feedback::None;
  std::string message;               // the decision's message, plain English
  std::optional<bool> allowed;       // for a decision: allowed or not
  std::vector<std::string> rules;    // rule IDs that refused it (for the record and tests; not shown)
  std::string signed_in;             // public name of the staff member signed in; empty on public screens
  std::string clock;                 // "Tue 24 Nov 08:20"
  std::string sync;                  // quietly, in the header: "synced just now", "offline, 14 waiting"; empty: no [sync]
  // The window redraws after a Tick only if the screen changed (the clock shows minutes).
  bool operator==(const ScreenModel&) const = default;
};

}  // namespace kiosk
