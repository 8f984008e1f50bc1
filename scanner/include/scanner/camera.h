// A camera that decodes its own frames on a worker thread and hands codes to
// the UI through a queue, so the UI thread never waits on a camera or ZXing.
//
//   scanner::Camera camera(scanner::make_v4l2_source({.device = "/dev/video0"}));
//   camera.start();
//   // once per UI frame:
//   for (auto& scan : camera.poll()) submit(scan.text);
//   if (auto msg = camera.status()) show_banner(*msg);   // "No camera found ..."
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scanner/decode.h"
#include "scanner/frame_source.h"

namespace scanner {

struct Scan {
  std::string text;
  std::string format;
  std::int64_t at_ms = 0;  // steady clock, milliseconds
};

struct CameraSettings {
  std::int64_t repeat_window_ms = 1500;
  DecodeOptions decode{};
  // How long to wait before re-opening a camera that failed or went away.
  std::int64_t retry_ms = 2000;
};

class Camera {
 public:
  explicit Camera(std::unique_ptr<FrameSource> source, CameraSettings settings = {});
  ~Camera();
  Camera(const Camera&) = delete;
  Camera& operator=(const Camera&) = delete;

  void start();
  void stop();  // joins the worker; also done by the destructor

  // Codes found since the last call, oldest first. Never blocks for long.
  [[nodiscard]] std::vector<Scan> poll();
  // Why the camera is not delivering (no camera, busy, unplugged), or nullopt
  // while frames arrive.
  [[nodiscard]] std::optional<std::string> status() const;
  // Frames decoded so far; for diagnostics and tests.
  [[nodiscard]] std::uint64_t frames_seen() const { return frames_seen_.load(); }

 private:
  void run();
  void stream();
  void set_status(std::optional<std::string> message);
  void sleep_unless_stopped(std::int64_t ms);

  std::unique_ptr<FrameSource> source_;
  CameraSettings settings_;
  std::thread worker_;
  std::atomic<bool> stop_{false};
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  std::atomic<std::uint64_t> frames_seen_{0};
  mutable std::mutex mutex_;
  std::vector<Scan> queue_;
  std::optional<std::string> status_;
};

}  // namespace scanner
