// kiosk/window/: the GLFW and OpenGL app that runs the views, with its sounds
// (ALSA) and its frame log.
//
// The kiosk window: GLFW + Dear ImGui around a controller.
//
// Everything the window remembers is in one UiState; the controller is a
// function from an Input to the next ScreenModel, run on a worker so a long
// report shows "Working…" instead of freezing the screen.
//
//   auto app = kiosk::App::open({.fullscreen = true});
//   if (!app) return fail(app.error());
//   return (*app)->run([&](const Input& in, core::Time now) { return controller.handle(in, now); }, clock,
//                      controller.screen(clock()), [&] { return checked ? Gate::Open : Gate::Hold; });
#pragma once

#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "desk/screen.h"
#include "scanner/camera.h"
#include "scanner/repeat_filter.h"
#include "scanner/wedge.h"
#include "window/frame_log.h"
#include "window/sound.h"
#include "views/theme.h"
#include "views/views.h"

struct GLFWwindow;
struct ImGuiContext;

namespace kiosk {

struct WindowOptions {
  bool fullscreen = false;
  int width = 1280;   // windowed size, for development
  int height = 800;
  float scale = 1.0f;          // on top of the size-based scale (machine config screen_scale)
  std::string camera;          // "/dev/video0"; empty = USB scanner only
  scanner::WedgeSettings wedge;  // the USB scanner's prefix and suffix
  // Where to write the touch targets of each new layout (TAGDESK_LAYOUT_FILE),
  // so end-to-end tests can tap buttons by label. Empty: not written.
  std::string layout_file;
  // Where to trace every frame and Enter key (TAGDESK_FRAME_LOG), for
  // scripts/bench-ui; see frame_log.h. Empty: not written.
  std::string frame_log;
};

using Handler = std::function<ScreenModel(const Input&, core::Time)>;
using Clock = std::function<core::Time()>;

// Whether inputs may reach the controller: the kiosk holds them (in order,
// none lost) until its database check has passed, and closes if it fails.
enum class Gate { Hold, Open, Close };
using GateState = std::function<Gate()>;

// What the window holds between frames.
struct UiState {
  ScreenModel model;
  ViewState view;
  std::deque<Input> queue;  // inputs waiting for the controller, oldest first
  struct Pending {
    std::future<ScreenModel> result;
    bool tick = false;
    double started = 0;
  };
  std::optional<Pending> pending;  // the controller is working on one
  Feedback flash = Feedback::None;
  std::string flash_message;
  double flash_started = -1;
  double next_tick = 0;
  int frames_to_draw = 1;   // ImGui settles hover and clicks over a couple of frames
  // A USB scanner types fast and ends with Enter; a person types slower. The
  // wedge decoder tells them apart; typed keys reach the screen when decided.
  scanner::WedgeDecoder keys;
  double keys_decided_by = 0;   // when the last burst must be decided
  scanner::RepeatFilter repeats;  // the same card scanned twice in a hurry counts once
  std::optional<std::string> camera_status;
  std::string layout_written;  // what the layout file last said
  std::uint64_t results = 0;   // controller answers to a person's input taken so far
  bool last_frame_pending = false;  // the last frame was drawn while the controller worked
  bool active = false;  // a touch or key since the last tick: the next tick says so (DP2)
  Gate gate = Gate::Hold;
};

// The next input for the controller, oldest first: none while it is working
// on one or the gate holds them (they wait in the queue, none lost).
[[nodiscard]] std::optional<Input> next_input(UiState& ui);

class App {
 public:
  [[nodiscard]] static std::expected<std::unique_ptr<App>, std::string> open(const WindowOptions& options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Until the window is closed (0) or the gate closes (1). `first` is drawn
  // until the controller's first answer; gate() is asked every loop until it
  // stops saying Hold.
  int run(const Handler& handle, const Clock& clock, ScreenModel first, const GateState& gate);
  // While `more` says so (the sync worker holds events pulled from other
  // desks), the controller is ticked at once rather than each second, so a
  // desk catching up takes them in a bite at a time between inputs.
  void tick_while(std::function<bool()> more) { more_ = std::move(more); }

 private:
  explicit App(WindowOptions options) : options_(std::move(options)), frame_log_(options_.frame_log) {}
  void start_next(const Handler& handle, const Clock& clock, double now);
  bool finish_pending(double now, double wait_seconds);
  void ask_gate(const GateState& gate);
  void take_scans(double now);
  void draw_frame(double now);
  void write_layout();
  [[nodiscard]] double wait_timeout(double now) const;
  static void redraw(GLFWwindow* window);
  static void on_char(GLFWwindow* window, unsigned int codepoint);
  static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);

  WindowOptions options_;
  FrameLog frame_log_;
  GLFWwindow* window_ = nullptr;
  ImGuiContext* imgui_ = nullptr;
  bool glfw_ = false, imgui_glfw_ = false, imgui_gl_ = false;
  unsigned int font_texture_ = 0;  // a GLuint; Dear ImGui's backend does not own it
  Theme theme_;
  UiState ui_;
  std::function<bool()> more_;  // tick_while
  Sound sound_;
  std::unique_ptr<scanner::Camera> camera_;
};

}  // namespace kiosk
