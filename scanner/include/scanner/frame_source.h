// Where camera frames come from: the V4L2 camera, or a test's synthetic
// frames. Camera (camera.h) drives one on its worker thread.
//
//   auto source = scanner::make_v4l2_source({.device = "/dev/video1", .width = 640, .height = 480});
//   if (auto opened = source->open(); !opened) show(opened.error());
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <string>

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

}  // namespace scanner
