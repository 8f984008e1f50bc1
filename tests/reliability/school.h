// A small school and a generator of realistic daily transactions, for the
// reliability tests (tamper, crash, purge, soak). Each transaction is what one
// tap at the kiosk commits: a hand-in, a collection, a form box, a sign-out...
//
//   auto store = db::Store::open(path);
//   store->commit(reliability::school_setup());
//   reliability::Day day{store->state(), seed};
//   store->commit(day.next(store->state(), "R1T7"));
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/state.h"

namespace reliability {

inline constexpr int kPupils = 60;
inline constexpr int kStaff = 6;
inline constexpr int kLaptops = 12;
inline constexpr int kPouches = 80;

[[nodiscard]] core::Time at(const char* iso);
[[nodiscard]] std::string pupil_id(int i);
[[nodiscard]] std::string staff_id(int i);

// People, devices, pouches and form boxes; the administrator is staff_id(0).
[[nodiscard]] std::vector<core::Event> school_setup(core::Time when = at("2024-09-02T07:00:00"));

// Picks a transaction that the current state allows; ids are prefixed with
// `tag` so a test can tell which transaction an event came from.
class Day {
 public:
  explicit Day(std::uint32_t seed, core::Time start = at("2024-09-02T08:00:00")) : rng_(seed), clock_(start) {}
  [[nodiscard]] std::vector<core::Event> next(const core::State& s, const std::string& tag);
  [[nodiscard]] core::Time clock() const { return clock_; }
  // Moves the clock on (to test retention over years).
  void advance(std::chrono::seconds by) { clock_ += by; }

 private:
  std::mt19937 rng_;
  core::Time clock_;
  int n_ = 0;
};

}  // namespace reliability
