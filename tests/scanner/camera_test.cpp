#include "scanner/camera.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <thread>

#include "image_helpers.h"
#include "scanner/labels.h"
#include "scanner/repeat_filter.h"
#include "scanner/tag.h"

using namespace scanner;

TEST(RepeatFilter, ReportsOnceWhileSeenWithinTheWindow) {
  RepeatFilter f(1500);
  EXPECT_TRUE(f.accept("A", 0));
  EXPECT_FALSE(f.accept("A", 100));
  EXPECT_FALSE(f.accept("A", 1400));
  // Held in view: each sighting extends the window.
  EXPECT_FALSE(f.accept("A", 2800));
  EXPECT_TRUE(f.accept("A", 4300));
}

TEST(RepeatFilter, DifferentCodesAreIndependent) {
  RepeatFilter f(1500);
  EXPECT_TRUE(f.accept("A", 0));
  EXPECT_TRUE(f.accept("B", 10));
  EXPECT_FALSE(f.accept("A", 20));
  EXPECT_FALSE(f.accept("B", 30));
}

TEST(RepeatFilter, WindowIsConfigurable) {
  RepeatFilter f(200);
  EXPECT_TRUE(f.accept("A", 0));
  EXPECT_FALSE(f.accept("A", 199));
  EXPECT_TRUE(f.accept("A", 399));
}

namespace {

// Frames from memory: a script of images, then optionally a failure.
class FakeSource final : public FrameSource {
 public:
  struct Step {
    const GreyImage* frame = nullptr;  // nullptr: "no frame this time"
    std::string error{};               // non-empty: the stream fails here
  };
  std::deque<Step> script;
  std::string open_error;
  std::atomic<int> opens = 0;
  int closes = 0;
  std::thread::id read_on;  // the thread that received frames

  std::expected<void, std::string> open() override {
    ++opens;
    if (!open_error.empty()) return std::unexpected(open_error);
    return {};
  }
  std::expected<Next, std::string> next(const FrameHandler& handle) override {
    read_on = std::this_thread::get_id();
    if (script.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return Next::NoFrame;
    }
    Step step = script.front();
    script.pop_front();
    if (!step.error.empty()) {
      open_error = "No camera found (unplugged)";  // it stays gone
      return std::unexpected(step.error);
    }
    if (!step.frame) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return Next::NoFrame;
    }
    // The worker must not keep the view: hand it a buffer that dies after the call.
    std::vector<std::uint8_t> copy = step.frame->pixels;
    handle(FrameView{copy.data(), step.frame->width, step.frame->height, 0, PixelFormat::Grey});
    std::fill(copy.begin(), copy.end(), 0x55);
    return Next::Frame;
  }
  void close() override { ++closes; }
};

template <typename Pred>
bool wait_for(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

GreyImage frame_with(const std::string& payload) {
  auto label = rasterise_label({LabelKind::Asset, payload, "iPad", "Demo"}, "62x29", 150);
  return test::place(label.value(), 640, 480, 100, 120);
}

}  // namespace

TEST(Camera, DecodesSyntheticFramesOnTheWorkerAndQueuesEachCodeOnce) {
  const auto tag_a = encode_tag("DEMO", TagKind::Asset, "1");
  const auto tag_b = encode_tag("DEMO", TagKind::Asset, "2");
  const GreyImage a = frame_with(tag_a), b = frame_with(tag_b), empty(640, 480, 128);
  auto source = std::make_unique<FakeSource>();
  auto* fake = source.get();
  for (int i = 0; i < 5; ++i) fake->script.push_back({&a});
  fake->script.push_back({&empty});
  for (int i = 0; i < 3; ++i) fake->script.push_back({&b});
  fake->script.push_back({&a});  // back within the window: not repeated
  Camera camera(std::move(source), {.repeat_window_ms = 60'000});
  camera.start();
  std::vector<Scan> scans;
  ASSERT_TRUE(wait_for([&] { return camera.frames_seen() >= 10; }));
  for (auto& s : camera.poll()) scans.push_back(std::move(s));
  camera.stop();
  ASSERT_EQ(scans.size(), 2u);
  EXPECT_EQ(scans[0].text, tag_a);
  EXPECT_EQ(scans[0].format, "QRCode");
  EXPECT_EQ(scans[1].text, tag_b);
  EXPECT_LE(scans[0].at_ms, scans[1].at_ms);
  EXPECT_EQ(camera.status(), std::nullopt);
  // Frames were read and decoded on the worker, not on the thread that polls.
  EXPECT_NE(fake->read_on, std::thread::id{});
  EXPECT_NE(fake->read_on, std::this_thread::get_id());
  EXPECT_TRUE(camera.poll().empty());
}

TEST(Camera, ReportsTheSameCodeAgainAfterTheWindow) {
  const auto tag = encode_tag("DEMO", TagKind::Person, "7");
  const GreyImage a = frame_with(tag);
  auto source = std::make_unique<FakeSource>();
  auto* fake = source.get();
  fake->script.push_back({&a});
  fake->script.push_back({&a});
  for (int i = 0; i < 100; ++i) fake->script.push_back({});  // out of view for >= 200 ms
  fake->script.push_back({&a});
  Camera camera(std::move(source), {.repeat_window_ms = 50});
  camera.start();
  ASSERT_TRUE(wait_for([&] { return camera.frames_seen() >= 3; }));
  camera.stop();
  EXPECT_EQ(camera.poll().size(), 2u);
}

TEST(Camera, SourceFailingMidStreamGivesAStatusAndKeepsEarlierScans) {
  const auto tag = encode_tag("DEMO", TagKind::Slot, "12");
  const GreyImage a = frame_with(tag);
  auto source = std::make_unique<FakeSource>();
  auto* fake = source.get();
  fake->script.push_back({&a});
  fake->script.push_back({nullptr, "The camera /dev/video0 was unplugged. Reconnecting..."});
  Camera camera(std::move(source), {.retry_ms = 5});
  camera.start();
  ASSERT_TRUE(wait_for([&] { return camera.status().has_value() && fake->opens >= 2; }));
  EXPECT_EQ(camera.status(), "No camera found (unplugged)");
  camera.stop();
  EXPECT_GE(fake->closes, 1);
  const auto scans = camera.poll();
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].text, tag);
}

TEST(Camera, StatusSaysWhyTheCameraCannotOpenAndClearsWhenFramesFlow) {
  const GreyImage empty(64, 48, 128);
  auto source = std::make_unique<FakeSource>();
  auto* fake = source.get();
  fake->open_error = "The camera /dev/video0 is in use by another program.";
  Camera camera(std::move(source), {.retry_ms = 5});
  camera.start();
  ASSERT_TRUE(wait_for([&] { return camera.status().has_value(); }));
  EXPECT_EQ(camera.status(), "The camera /dev/video0 is in use by another program.");
  camera.stop();
  fake->open_error.clear();
  fake->script.push_back({&empty});
  camera.start();
  ASSERT_TRUE(wait_for([&] { return !camera.status().has_value(); }));
  camera.stop();
}

TEST(Camera, StopsPromptlyEvenWhileWaitingToRetry) {
  auto source = std::make_unique<FakeSource>();
  source->open_error = "No camera";
  Camera camera(std::move(source), {.retry_ms = 60'000});
  camera.start();
  ASSERT_TRUE(wait_for([&] { return camera.status().has_value(); }));
  const auto t0 = std::chrono::steady_clock::now();
  camera.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST(V4l2Source, MissingDeviceIsAPlainMessage) {
  auto source = make_v4l2_source({.device = "/dev/video-tagdesk-none"});
  const auto opened = source->open();
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().find("No camera found at /dev/video-tagdesk-none"), std::string::npos);
}

TEST(V4l2Source, NonCameraDeviceIsRefusedPlainly) {
  auto source = make_v4l2_source({.device = "/dev/null"});
  const auto opened = source->open();
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().find("/dev/null"), std::string::npos);
}
