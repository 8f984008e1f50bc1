// A camera that decodes its own frames on a worker thread and hands codes to
// the UI through a queue, so the UI thread never waits on a camera or ZXing.
//
//   scanner::Camera camera(scanner::make_v4l2_source("/dev/video0"));
//   camera.start();
//   // once per UI frame:
//   for (auto& scan : camera.poll()) submit(scan.text);
//   if (auto msg = camera.status()) show_banner(*msg);   // "No camera found ..."
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scanner/decode.h"
#include "scanner/image.h"

namespace scanner {

// Where frames come from: the V4L2 camera, or a test's synthetic frames.
class FrameSource {
 public:
  virtual ~FrameSource() = default;

  using FrameHandler = std::function<void(const FrameView&)>;
  // What `next` saw: a frame was handed to the handler, or none arrived in
  // time (not an error; the worker just checks whether to stop).
  enum class Next { Frame, NoFrame };

  // Opens the device; the error is a sentence for the screen.
  [[nodiscard]] virtual std::expected<void, std::string> open() = 0;
  // Waits a short while (about 100 ms at most) for a frame and passes it to
  // `handle`; the view is only valid during the call. An error means the
  // stream is lost (e.g. unplugged); the worker closes and re-opens.
  [[nodiscard]] virtual std::expected<Next, std::string> next(const FrameHandler& handle) = 0;
  virtual void close() = 0;
};

struct V4l2Settings {
  std::string device = "/dev/video0";
  int width = 1280;
  int height = 720;
};
// The libv4l2 camera (YUYV, GREY or libv4l's converted YUV420, mmap streaming).
[[nodiscard]] std::unique_ptr<FrameSource> make_v4l2_source(V4l2Settings settings = {});

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
