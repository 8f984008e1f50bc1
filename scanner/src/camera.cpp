#include "scanner/camera.h"

#include <chrono>
#include <utility>

#include "scanner/repeat_filter.h"

namespace scanner {
namespace {

constexpr std::size_t kMaxQueued = 64;

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Camera::Camera(std::unique_ptr<FrameSource> source, CameraSettings settings)
    : source_(std::move(source)), settings_(settings) {}

Camera::~Camera() { stop(); }

void Camera::start() {
  if (worker_.joinable() || !source_) return;
  stop_ = false;
  worker_ = std::thread([this] { run(); });
}

void Camera::stop() {
  {
    std::lock_guard lock(stop_mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::vector<Scan> Camera::poll() {
  std::lock_guard lock(mutex_);
  return std::exchange(queue_, {});
}

std::optional<std::string> Camera::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void Camera::set_status(std::optional<std::string> message) {
  std::lock_guard lock(mutex_);
  status_ = std::move(message);
}

void Camera::sleep_unless_stopped(std::int64_t ms) {
  std::unique_lock lock(stop_mutex_);
  stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_.load(); });
}

// Keeps trying: a camera plugged in late, or back after a cable was pulled,
// starts working again without restarting the kiosk.
void Camera::run() {
  while (!stop_) {
    if (auto opened = source_->open(); !opened) {
      set_status(opened.error());
    } else {
      stream();
      source_->close();
    }
    if (!stop_) sleep_unless_stopped(settings_.retry_ms);
  }
}

void Camera::stream() {
  RepeatFilter repeats(settings_.repeat_window_ms);
  bool delivering = false;
  const auto on_frame = [&](const FrameView& frame) {
    const auto codes = decode_frame(frame, settings_.decode);
    ++frames_seen_;
    const auto now = steady_ms();
    for (const auto& code : codes) {
      if (!repeats.accept(code.text, now)) continue;
      std::lock_guard lock(mutex_);
      // A UI that stops polling (minimised, stuck) must not grow this forever.
      if (queue_.size() >= kMaxQueued) queue_.erase(queue_.begin());
      queue_.push_back({code.text, code.format, now});
    }
  };
  while (!stop_) {
    const auto next = source_->next(on_frame);
    if (!next) {
      set_status(next.error());
      return;
    }
    if (*next == FrameSource::Next::Frame && !delivering) {
      delivering = true;
      set_status(std::nullopt);
    }
  }
}

}  // namespace scanner
