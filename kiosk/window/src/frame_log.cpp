#include "window/frame_log.h"

#include <time.h>

#include <utility>

namespace kiosk {
namespace {

double ms(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) * 1000 + static_cast<double>(t.tv_nsec) / 1e6;
}

// A tab or newline in a name would break the line format.
std::string field(std::string_view text) {
  std::string out{text.empty() ? "-" : text};
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace

FrameLog::FrameLog(const std::string& path) {
  if (path.empty()) return;
  file_ = std::fopen(path.c_str(), "w");
  // A diagnostic: a path that cannot be written leaves the trace off, never stops the kiosk.
  if (file_) std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

FrameLog::~FrameLog() {
  if (file_) std::fclose(file_);
}

FrameLog::Mark FrameLog::now() { return {ms(CLOCK_MONOTONIC), ms(CLOCK_PROCESS_CPUTIME_ID)}; }

void FrameLog::open() {
  if (file_) std::fprintf(file_, "open\t%.3f\n", ms(CLOCK_MONOTONIC));
}

void FrameLog::gl(std::string_view renderer, std::string_view version) {
  if (file_) std::fprintf(file_, "gl\t%s\t%s\n", field(renderer).c_str(), field(version).c_str());
}

void FrameLog::key(std::string_view name) {
  if (file_) std::fprintf(file_, "key\t%.3f\t%s\n", ms(CLOCK_MONOTONIC), field(name).c_str());
}

void FrameLog::check(bool passed) {
  if (!file_) return;
  std::fprintf(file_, "check\t%.3f\t%s\n", ms(CLOCK_MONOTONIC), passed ? "ok" : "failed");
  std::fflush(file_);
}

void FrameLog::frame(const Mark& start, std::string_view screen, std::uint64_t result) {
  if (!file_) return;
  std::fprintf(file_, "%s\n", frame_line(start, now(), screen, result).c_str());
  if (std::exchange(first_frame_, false)) std::fflush(file_);
}

std::string frame_line(const FrameLog::Mark& start, const FrameLog::Mark& end, std::string_view screen,
                       std::uint64_t result) {
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, "frame\t%.3f\t%.3f\t%.3f\t", end.wall_ms, end.wall_ms - start.wall_ms,
                end.cpu_ms - start.cpu_ms);
  return numbers + field(screen) + "\t" + std::to_string(result);
}

}  // namespace kiosk
