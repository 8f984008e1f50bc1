// An opt-in trace of the window's frames and keys, for scripts/bench-ui:
// one tab-separated line per event, times in milliseconds of CLOCK_MONOTONIC
// (the clock Python's time.monotonic() reads, so a script can compare).
//
//   FrameLog log{getenv("TAGDESK_FRAME_LOG")};   // empty: off, writes nothing
//   log.gl(renderer, version);
//   auto start = log.now();
//   ... build, render, swap ...
//   log.frame(start, "home", results_shown);
//
// Lines: "open T" (the window starts opening, the database loading beside it),
// "gl RENDERER VERSION", "key T enter" (as the key callback sees it),
// "frame T WALL CPU SCREEN RESULT" with T after the swap, WALL the ms from
// the frame's start to T, CPU the process's CPU ms in between (llvmpipe's
// threads included), RESULT how many controller answers to a person's input
// have been shown, "check T ok|failed" when the window learnt how the
// database check ended (it looks every 5 ms). Writes are buffered; the first
// frame and the check are flushed at once so a script can time the start, the
// rest when the log closes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace kiosk {

class FrameLog {
 public:
  struct Mark {
    double wall_ms = 0;  // CLOCK_MONOTONIC
    double cpu_ms = 0;   // CLOCK_PROCESS_CPUTIME_ID
  };

  explicit FrameLog(const std::string& path);  // empty: disabled
  ~FrameLog();
  FrameLog(const FrameLog&) = delete;
  FrameLog& operator=(const FrameLog&) = delete;

  [[nodiscard]] bool enabled() const { return file_ != nullptr; }
  [[nodiscard]] static Mark now();
  void open();
  void gl(std::string_view renderer, std::string_view version);
  void key(std::string_view name);
  void check(bool passed);
  void frame(const Mark& start, std::string_view screen, std::uint64_t result);

 private:
  std::FILE* file_ = nullptr;
  bool first_frame_ = true;
};

// One "frame" line (without its newline); the trace's format in one place.
[[nodiscard]] std::string frame_line(const FrameLog::Mark& start, const FrameLog::Mark& end, std::string_view screen,
                                     std::uint64_t result);

}  // namespace kiosk
