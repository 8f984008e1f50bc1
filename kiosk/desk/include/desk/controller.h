// kiosk/desk/: the controller and its flows, the kiosk without a window. Links
// core and db only: no GLFW, GL, ALSA, CUPS or cairo, so tests and benchmarks
// drive it directly.
//
// The controller: the heart of the kiosk. It turns each Input (a scan, a tap,
// a PIN, a tick of time) into the next ScreenModel. For every action it asks
// core::decide, has the store commit the decision's events in one transaction
// (the events of an allowed decision, and the record-keeping events of a
// refused one: PinFailed, SignOutRefused) and says what happened in plain
// English. The window, the headless front end and the tests all drive it the
// same way:
//
//   kiosk::Controller desk{store, {.kiosk = "reception"}};
//   kiosk::ScreenModel m = desk.handle(kiosk::Scan{"100042"}, now);   // "handin.slot"
//   m = desk.handle(kiosk::Choose{"done"}, now);                      // "result", Accepted
//
// A step that needs the world outside the desk's state (a PIN's hash, the
// printer, the log) returns it as an Effect (desk/effect.h); handle() is the
// shell: update() takes the step, carry_out() does each effect, feed() gives
// its result back to the flow that owns the screen, until none is left. Tests
// drive the three separately to see a step's effects before their results.
//
// Infrastructure failures (db::Error) are caught in exactly one place, the
// shell, and shown as the "error" screen: nothing is recorded and the desk
// carries on from the public home screen.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/reports.h"
#include "core/time.h"
#include "db/store.h"
#include "desk/effect.h"
#include "desk/screen.h"

namespace kiosk {

// Puts a report the administrator is looking at on paper. Returns what to
// tell them ("Sent to Office_Laser (job 12)") or why it could not be printed.
// The shell provides it (kiosk::report_printer, CUPS); tests pass a fake.
using PrintReport = std::function<std::expected<std::string, std::string>(const core::Report&, core::Time)>;

// How the desk's background sync stands (README, "Running several desks"),
// as the shell's sync worker tells it.
struct SyncStatus {
  bool reachable = false;                      // the last round reached the server
  std::optional<std::int64_t> seconds_since;   // since the last round that did; none since the desk started
  std::int64_t waiting = 0;                    // this desk's events not yet acknowledged
  std::string problem;                         // why the server was not reached
  std::string update_needed;                   // an event this tagdesk cannot read waits on the server: why
  std::int64_t conflicts = 0;                  // conflicts between desks recorded (Reports, Conflicts between desks)
};

// The shell's sync worker as the controller uses it (kiosk/cli); all empty
// when the settings file has no [sync].
struct SyncHooks {
  // On each tick, on the controller's thread: commits the other desks'
  // events pulled since, through the store; returns how many. Throws db::Error.
  std::function<std::int64_t(db::Store&)> take_in;
  std::function<void()> committed;  // this desk committed events: send them soon
  std::function<SyncStatus()> status;
};

struct ControllerOptions {
  std::string kiosk = "kiosk";        // this desk's name, shown to staff
  std::optional<int> idle_seconds;    // DP2; default: the school's setting (idle.seconds)
  int result_seconds = 8;             // how long a result stays before the home screen returns
  PrintReport print_report;           // empty: no printer set up ([printer] name); Print says how
  SyncHooks sync;                     // empty: this desk does not sync
};

namespace detail { struct Desk; }

class Controller {
 public:
  explicit Controller(db::Store& store, ControllerOptions options = {});
  Controller(Controller&&) noexcept;
  Controller& operator=(Controller&&) noexcept;
  ~Controller();

  // All flow logic: one input, one next screen, its effects carried out.
  [[nodiscard]] ScreenModel handle(const Input& input, core::Time now);

  // The shell's three parts, which handle() runs in turn. update: the step
  // the input takes, and what it asks to have done (not done yet).
  [[nodiscard]] std::vector<Effect> update(const Input& input, core::Time now);
  // Does one effect: the PIN's hash, the printer, the log. Throws db::Error.
  [[nodiscard]] Result carry_out(const Effect& effect, core::Time now) const;
  // The result to the flow that owns the screen; what it asks for next.
  [[nodiscard]] std::vector<Effect> feed(const Result& result, core::Time now);
  // The screen as it stands, without an input (for a window's first frame).
  [[nodiscard]] ScreenModel screen(core::Time now) const;

 private:
  // Other desks' events, pulled by the sync worker, committed before the input.
  void take_in();
  // The one boundary for infrastructure failures: the error screen.
  void failed(core::Time now);

  db::Store* store_;
  ControllerOptions options_;
  std::unique_ptr<detail::Desk> desk_;
};

}  // namespace kiosk
