// The window's life in the shape of Dear ImGui's example_glfw_opengl3:
// open (GLFW, window, ImGui, fonts), run (wait for events, draw), and the
// destructor shuts down in reverse. The loop sleeps in glfwWaitEventsTimeout
// and only draws after an event, a new screen, or while something animates.
#include "kiosk/app.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace kiosk {
namespace {

constexpr double kTickSeconds = 1.0;      // idle timeouts and the clock
constexpr double kFrameSeconds = 1.0 / 60;
constexpr double kBusyAfter = 0.15;       // show "Working…" only for long work
// A scan or tap should show its verdict in the very next frame (< 50 ms):
// wait this long for the controller before drawing "Working…".
constexpr double kInlineWait = 0.04;

std::string glfw_error() {
  const char* description = nullptr;
  glfwGetError(&description);
  return description ? description : "unknown GLFW error";
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The one boundary for failures a person cannot fix (a broken disk): shown,
// not thrown, with a way back to the start.
ScreenModel error_screen(const ScreenModel& last, const std::string& what) {
  ScreenModel m;
  m.screen = "error";
  m.title = "Something went wrong";
  m.prompt = "Nothing was saved. Please tell the office.";
  m.message = what;
  m.feedback = Feedback::Refused;
  m.allowed = false;
  m.clock = last.clock;
  m.choices = {{"cancel", "Start again", true}};
  return m;
}

}  // namespace

// ---------------------------------------------------------------- keys

void KeyBuffer::key(char32_t ch, bool field_active) {
  if (field_active) {
    append_utf8(typed_, ch);
    return;
  }
  if (ch == '\r' || ch == '\n') {
    if (!burst_.empty()) scans_.push_back(std::exchange(burst_, {}));
  } else if (ch == '\b') {
    if (!burst_.empty()) burst_.pop_back();
  } else if (ch >= 0x20) {
    append_utf8(burst_, ch);
  }
}

std::vector<std::string> KeyBuffer::take_scans() { return std::exchange(scans_, {}); }
std::string KeyBuffer::take_typed() { return std::exchange(typed_, {}); }

// ---------------------------------------------------------------- open and close

std::expected<std::unique_ptr<App>, std::string> App::open(const WindowOptions& options) {
  std::unique_ptr<App> app{new App(options)};
  if (!glfwInit()) return std::unexpected("cannot open the display: " + glfw_error());
  app->glfw_ = true;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);

  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
  int width = options.width, height = options.height;
  if (options.fullscreen && mode) {
    width = mode->width;
    height = mode->height;
  }
  app->window_ = glfwCreateWindow(width, height, "tagdesk", options.fullscreen ? monitor : nullptr, nullptr);
  if (!app->window_) return std::unexpected("cannot open the kiosk window: " + glfw_error());
  glfwMakeContextCurrent(app->window_);
  glfwSwapInterval(1);
  if (options.fullscreen) glfwSetInputMode(app->window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);  // a finger needs no arrow

  // Touch targets in millimetres need the monitor's real size, if it tells.
  float px_per_mm = 0;
  int width_mm = 0, height_mm = 0;
  if (monitor && mode) {
    glfwGetMonitorPhysicalSize(monitor, &width_mm, &height_mm);
    if (width_mm > 0) px_per_mm = static_cast<float>(mode->width) / static_cast<float>(width_mm);
  }

  IMGUI_CHECKVERSION();
  app->imgui_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk has no window layout to remember
  io.LogFilename = nullptr;
  glfwGetWindowSize(app->window_, &width, &height);
  app->theme_ = load_theme(io, theme_metrics(width, height, px_per_mm));
  app->imgui_glfw_ = ImGui_ImplGlfw_InitForOpenGL(app->window_, true);
  app->imgui_gl_ = app->imgui_glfw_ && ImGui_ImplOpenGL3_Init("#version 130");
  if (!app->imgui_gl_) return std::unexpected(std::string{"cannot start Dear ImGui on OpenGL 3"});

  // Characters and keys go to the scan/typing split, not straight to ImGui
  // (which has no text fields here); mouse and touch stay with ImGui's backend.
  glfwSetWindowUserPointer(app->window_, app.get());
  glfwSetCharCallback(app->window_, on_char);
  glfwSetKeyCallback(app->window_, on_key);
  // Every other event only has to wake a redraw (ImGui's own handlers first).
  glfwSetMouseButtonCallback(app->window_, [](GLFWwindow* w, int button, int action, int mods) {
    ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
    redraw(w);
  });
  glfwSetScrollCallback(app->window_, [](GLFWwindow* w, double x, double y) {
    ImGui_ImplGlfw_ScrollCallback(w, x, y);
    redraw(w);
  });
  glfwSetCursorPosCallback(app->window_, [](GLFWwindow* w, double, double) { redraw(w); });
  glfwSetWindowRefreshCallback(app->window_, redraw);
  glfwFocusWindow(app->window_);
  return app;
}

App::~App() {
  if (ui_.pending) ui_.pending->result.wait();  // the controller may be mid-commit
  if (imgui_gl_) ImGui_ImplOpenGL3_Shutdown();
  if (imgui_glfw_) ImGui_ImplGlfw_Shutdown();
  if (imgui_) ImGui::DestroyContext(imgui_);
  if (window_) glfwDestroyWindow(window_);
  if (glfw_) glfwTerminate();
}

// ---------------------------------------------------------------- input

void App::redraw(GLFWwindow* window) {
  auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
  app->ui_.frames_to_draw = std::max(app->ui_.frames_to_draw, 3);
}

void App::on_char(GLFWwindow* window, unsigned int codepoint) {
  auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
  const auto& m = app->ui_.model;
  app->ui_.keys.key(static_cast<char32_t>(codepoint), m.wants_pin || m.wants_text);
  app->ui_.frames_to_draw = 2;
}

void App::on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
  if (action == GLFW_RELEASE) return;
  auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
  const auto& m = app->ui_.model;
  // GLFW sends Enter and Backspace as keys, not characters.
  if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) app->ui_.keys.key('\r', m.wants_pin || m.wants_text);
  else if (key == GLFW_KEY_BACKSPACE) app->ui_.keys.key('\b', m.wants_pin || m.wants_text);
  else return;
  app->ui_.frames_to_draw = 2;
}

void App::take_keys() {
  for (auto& code : ui_.keys.take_scans()) ui_.queue.push_back(Scan{std::move(code)});
  for (auto& input : type_into(ui_.model, ui_.view, ui_.keys.take_typed())) ui_.queue.push_back(std::move(input));
}

// ---------------------------------------------------------------- the controller

void App::start_next(const Handler& handle, const Clock& clock, double now) {
  if (ui_.pending || ui_.queue.empty()) return;
  Input input = std::move(ui_.queue.front());
  ui_.queue.pop_front();
  bool tick = std::holds_alternative<Tick>(input);
  ui_.pending = UiState::Pending{
      std::async(std::launch::async, [&handle, input = std::move(input), at = clock()] { return handle(input, at); }),
      tick, now};
}

// Takes the controller's answer if it is ready within `wait_seconds`.
bool App::finish_pending(double now, double wait_seconds) {
  if (!ui_.pending) return false;
  auto& pending = *ui_.pending;
  if (pending.result.wait_for(std::chrono::duration<double>(wait_seconds)) != std::future_status::ready) return false;
  ScreenModel next;
  try {
    next = pending.result.get();
  } catch (const std::exception& e) {
    next = error_screen(ui_.model, e.what());
  }
  bool tick = pending.tick;
  ui_.pending.reset();
  // A tick keeps what is half typed; anything else starts the screen afresh.
  if (!tick || next.screen != ui_.model.screen) reset_entries(ui_.view);
  // A tick only refreshes: the verdict on screen was already flashed and heard.
  if (!tick && next.feedback != Feedback::None) {
    ui_.flash = next.feedback;
    ui_.flash_message = next.message;
    ui_.flash_started = now;
    sound_.play(next.feedback);
  }
  ui_.model = std::move(next);
  ui_.frames_to_draw = std::max(ui_.frames_to_draw, tick ? 1 : 2);
  return true;
}

// ---------------------------------------------------------------- drawing

void App::draw_frame(double now) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  for (auto& input : draw_screen(ui_.model, ui_.view, theme_)) ui_.queue.push_back(std::move(input));
  if (!draw_flash(ui_.flash, ui_.flash_message, now - ui_.flash_started, theme_)) ui_.flash = Feedback::None;
  if (ui_.pending && now - ui_.pending->started > kBusyAfter) draw_busy(now - ui_.pending->started, theme_);
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  ImVec4 bg = ImGui::ColorConvertU32ToFloat4(theme_.background);
  glClearColor(bg.x, bg.y, bg.z, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window_);
  if (!options_.layout_file.empty()) write_layout();
}

// "screen NAME", "settled 0|1" (no flash, nothing pending), then one
// "label<TAB>x y w h" line per touch target, in window pixels; replaced
// atomically so a reader never sees half a file.
void App::write_layout() {
  std::ostringstream text;
  text << "screen\t" << ui_.model.screen << "\n";
  text << "settled\t" << (ui_.flash == Feedback::None && !ui_.pending && ui_.queue.empty() ? 1 : 0) << "\n";
  for (const auto& hit : ui_.view.hits)
    text << hit.label << "\t" << static_cast<int>(hit.x) << " " << static_cast<int>(hit.y) << " "
         << static_cast<int>(hit.w) << " " << static_cast<int>(hit.h) << "\n";
  if (text.str() == ui_.layout_written) return;
  ui_.layout_written = text.str();
  std::string temp = options_.layout_file + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << ui_.layout_written;
    if (!out) return;  // a diagnostic; never worth stopping the kiosk for
  }
  std::error_code ignored;
  std::filesystem::rename(temp, options_.layout_file, ignored);
}

double App::wait_timeout(double now) const {
  if (!ui_.queue.empty()) return 0;
  if (ui_.frames_to_draw > 0 || ui_.pending || ui_.flash != Feedback::None) return kFrameSeconds;
  return std::max(0.0, ui_.next_tick - now);
}

// ---------------------------------------------------------------- the loop

int App::run(const Handler& handle, const Clock& clock) {
  ui_.queue.push_back(Tick{});  // the first screen
  while (!glfwWindowShouldClose(window_)) {
    glfwWaitEventsTimeout(wait_timeout(glfwGetTime()));
    double now = glfwGetTime();
    take_keys();
    if (now >= ui_.next_tick) {
      ui_.next_tick = now + kTickSeconds;
      if (ui_.queue.empty() && !ui_.pending) ui_.queue.push_back(Tick{});
    }
    finish_pending(now, 0);
    start_next(handle, clock, now);
    finish_pending(glfwGetTime(), kInlineWait);
    bool animating = ui_.pending || ui_.flash != Feedback::None;
    if (ui_.frames_to_draw > 0 || animating) {
      draw_frame(glfwGetTime());
      if (ui_.frames_to_draw > 0) --ui_.frames_to_draw;
      if (!ui_.queue.empty()) ui_.frames_to_draw = std::max(ui_.frames_to_draw, 1);
    }
  }
  return 0;
}

}  // namespace kiosk
