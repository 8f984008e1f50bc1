// The window's life in the shape of Dear ImGui's example_glfw_opengl3:
// open (GLFW, window, ImGui, fonts), run (wait for events, draw), and the
// destructor shuts down in reverse. The loop sleeps in glfwWaitEventsTimeout
// and only draws after an event, a new screen, or while something animates.
#include "window/app.h"

#define GL_GLEXT_PROTOTYPES  // glUseProgram, glBindVertexArray: exported by libGL
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace kiosk {
namespace {

constexpr double kTickSeconds = 1.0;      // idle timeouts, the clock, and noticing SIGTERM
constexpr double kFrameSeconds = 1.0 / 60;
constexpr double kBusyAfter = 0.15;       // show "Working…" only for long work
// A scan or tap should show its verdict in the very next frame (< 50 ms):
// wait this long for the controller before drawing "Working…".
constexpr double kInlineWait = 0.04;
// The camera's worker cannot wake glfwWaitEvents; look at its queue this often.
constexpr double kCameraPoll = 0.05;
// Nor can the database check: ask the gate this often while it holds.
constexpr double kGatePoll = 0.005;

// Signal handlers can only reach a global; this is the kiosk's one.
volatile std::sig_atomic_t g_terminate = 0;
void on_terminate(int) { g_terminate = 1; }

std::int64_t to_ms(double seconds) { return static_cast<std::int64_t>(seconds * 1000); }

// The flash's (or the "Working…" veil's) colour over the whole frame, by the
// fixed-function pipeline (a 3.0 context keeps it): Dear ImGui's shader
// samples its font texture for every pixel, which on llvmpipe made each flash
// frame cost 10 ms more at 1280x800. Dear ImGui restores its own state after
// this (ResetRenderState).
void fill_screen(const ImDrawList*, const ImDrawCmd* cmd) {
  ImVec4 colour = ImGui::ColorConvertU32ToFloat4(fill_colour(*cmd));
  glUseProgram(0);
  glBindVertexArray(0);
  glDisable(GL_SCISSOR_TEST);  // still clipped to whatever was drawn last
  glMatrixMode(GL_PROJECTION);
  glLoadIdentity();
  glMatrixMode(GL_MODELVIEW);
  glLoadIdentity();
  glColor4f(colour.x, colour.y, colour.z, colour.w);
  glRectf(-1, -1, 1, 1);
}

// The font atlas as a one-channel texture that samples as white with the
// glyph's coverage as alpha, as the RGBA copy Dear ImGui's backend uploads
// does, at a quarter of the size (the atlas of five Noto sizes up to 200 px is
// 2.6 MB as alpha, 10.6 MB as RGBA, and llvmpipe keeps its own copy of
// whichever it is given). Frees the atlas's pixels and the TTF files after:
// the fonts are built once, when the window opens. Without texture swizzles
// (OpenGL < 3.3) it uploads the RGBA copy instead.
GLuint upload_font_atlas(ImFontAtlas& fonts) {
  int major = glfwGetWindowAttrib(glfwGetCurrentContext(), GLFW_CONTEXT_VERSION_MAJOR);
  int minor = glfwGetWindowAttrib(glfwGetCurrentContext(), GLFW_CONTEXT_VERSION_MINOR);
  bool swizzle = major > 3 || (major == 3 && minor >= 3) || glfwExtensionSupported("GL_ARB_texture_swizzle");
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  if (swizzle) {
    fonts.GetTexDataAsAlpha8(&pixels, &width, &height);
    constexpr GLint kWhiteWithAlpha[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, kWhiteWithAlpha);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  } else {
    fonts.GetTexDataAsRGBA32(&pixels, &width, &height);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  fonts.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)));
  fonts.ClearTexData();
  fonts.ClearInputData();
  return texture;
}

std::string glfw_error() {
  const char* description = nullptr;
  glfwGetError(&description);
  return description ? description : "unknown GLFW error";
}

// The controller shows storage failures itself; anything else escaping it
// (out of memory, a bug) ends here, on screen rather than in a crash, with
// Cancel to abandon the flow and start again.
ScreenModel error_screen(const ScreenModel& last, const std::string& what) {
  ScreenModel m;
  m.screen = "error";
  m.title = "Something went wrong";
  m.prompt = "Please start again. If it happens again, tell the office.";
  m.message = what;
  m.feedback = Feedback::Refused;
  m.allowed = false;
  m.clock = last.clock;
  m.choices = {{"cancel", "Start again", true}};
  return m;
}

}  // namespace

// ---------------------------------------------------------------- open and close

std::expected<std::unique_ptr<App>, std::string> App::open(const WindowOptions& options) {
  std::unique_ptr<App> app{new App(options)};
  app->frame_log_.open();
  app->ui_.keys = scanner::WedgeDecoder(options.wedge);
  if (!glfwInit()) return std::unexpected("cannot open the display: " + glfw_error());
  app->glfw_ = true;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // Dear ImGui and the flash draw in order with blending and scissors only:
  // a depth and stencil buffer would be a window-sized buffer never used.
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);

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
  app->imgui_glfw_ = ImGui_ImplGlfw_InitForOpenGL(app->window_, true);
  app->imgui_gl_ = app->imgui_glfw_ && ImGui_ImplOpenGL3_Init("#version 130");
  // The backend's shaders now, while the atlas is empty: it would otherwise
  // make them in the first frame together with an RGBA copy of our fonts.
  // Of an empty atlas it copies only Dear ImGui's small default font, which
  // goes at once; upload_font_atlas makes the font texture.
  if (!app->imgui_gl_ || !ImGui_ImplOpenGL3_CreateDeviceObjects())
    return std::unexpected(std::string{"cannot start Dear ImGui on OpenGL 3"});
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();
  glfwGetWindowSize(app->window_, &width, &height);
  Metrics metrics = theme_metrics(width, height, px_per_mm);
  metrics.scale *= options.scale;
  app->theme_ = load_theme(io, metrics);
  app->font_texture_ = upload_font_atlas(*io.Fonts);
  if (app->frame_log_.enabled()) {
    auto gl_string = [](GLenum name) {
      const auto* text = glGetString(name);
      return text ? reinterpret_cast<const char*>(text) : "unknown";
    };
    app->frame_log_.gl(gl_string(GL_RENDERER), gl_string(GL_VERSION));
  }

  // Characters and keys go to the scan/typing split, not straight to ImGui
  // (which has no text fields here); mouse and touch stay with ImGui's backend.
  glfwSetWindowUserPointer(app->window_, app.get());
  glfwSetCharCallback(app->window_, on_char);
  glfwSetKeyCallback(app->window_, on_key);
  // Every other event only has to wake a redraw (ImGui's own handlers first).
  glfwSetMouseButtonCallback(app->window_, [](GLFWwindow* w, int button, int action, int mods) {
    ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
    static_cast<App*>(glfwGetWindowUserPointer(w))->ui_.active = true;  // DP2: a touch keeps the session
    redraw(w);
  });
  glfwSetScrollCallback(app->window_, [](GLFWwindow* w, double x, double y) {
    ImGui_ImplGlfw_ScrollCallback(w, x, y);
    redraw(w);
  });
  glfwSetCursorPosCallback(app->window_, [](GLFWwindow* w, double, double) { redraw(w); });
  glfwSetWindowRefreshCallback(app->window_, redraw);
  glfwFocusWindow(app->window_);

  if (!options.camera.empty()) {
    app->camera_ = std::make_unique<scanner::Camera>(scanner::make_v4l2_source({.device = options.camera}));
    app->camera_->start();
  }
  // At once, while the records load: the window shows it is starting, and the
  // GL driver compiles its shaders now (llvmpipe: 80 ms) rather than in the
  // first screen's frame.
  app->draw_frame(glfwGetTime());
  return app;
}

App::~App() {
  if (ui_.pending) ui_.pending->result.wait();  // the controller may be mid-commit
  if (camera_) camera_->stop();
  if (font_texture_) glDeleteTextures(1, &font_texture_);
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
  double now = glfwGetTime();
  app->ui_.active = true;  // DP2: typing keeps the session
  app->ui_.keys.key(static_cast<char32_t>(codepoint), to_ms(now));
  app->ui_.keys_decided_by = now + static_cast<double>(app->ui_.keys.settings().max_gap_ms + 1) / 1000;
}

void App::on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
  // First thing, so the trace splits scan-to-feedback at the app's door.
  if ((key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) && action == GLFW_PRESS) app->frame_log_.key("enter");
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
  if (action == GLFW_RELEASE) return;
  // GLFW sends Enter, Tab and Backspace as keys, not characters.
  char32_t ch = 0;
  if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) ch = U'\r';
  else if (key == GLFW_KEY_TAB) ch = U'\t';
  else if (key == GLFW_KEY_BACKSPACE) ch = U'\b';
  if (ch) on_char(window, ch);
}

void App::take_scans(double now) {
  ui_.keys.tick(to_ms(now));
  std::vector<std::string> codes;
  for (auto& scan : ui_.keys.take_scans()) codes.push_back(std::move(scan.text));
  if (camera_) {
    for (auto& scan : camera_->poll()) codes.push_back(std::move(scan.text));  // the camera filters its own repeats
    if (auto status = camera_->status(); status != ui_.camera_status) {
      ui_.camera_status = std::move(status);
      ui_.frames_to_draw = std::max(ui_.frames_to_draw, 1);
    }
  }
  for (auto& code : codes) {
    if (ui_.repeats.accept(code, to_ms(now))) ui_.queue.push_back(Scan{std::move(code)});
  }
  std::string typed = ui_.keys.take_typed();
  if (typed.empty()) return;
  for (auto& input : type_into(ui_.model, ui_.view, typed)) ui_.queue.push_back(std::move(input));
  ui_.frames_to_draw = std::max(ui_.frames_to_draw, 2);  // the dots or letters just typed
}

// ---------------------------------------------------------------- the controller

void App::ask_gate(const GateState& gate) {
  if (ui_.gate != Gate::Hold) return;
  ui_.gate = gate();
  if (ui_.gate != Gate::Hold) frame_log_.check(ui_.gate == Gate::Open);
}

std::optional<Input> next_input(UiState& ui) {
  if (ui.gate != Gate::Open || ui.pending || ui.queue.empty()) return std::nullopt;
  Input input = std::move(ui.queue.front());
  ui.queue.pop_front();
  return input;
}

void App::start_next(const Handler& handle, const Clock& clock, double now) {
  auto input = next_input(ui_);
  if (!input) return;
  bool tick = std::holds_alternative<Tick>(*input);
  ui_.pending = UiState::Pending{
      std::async(std::launch::async, [&handle, input = std::move(*input), at = clock()] { return handle(input, at); }),
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
  if (!tick) ++ui_.results;
  // What is half typed stays until the screen changes: a stray scan that does
  // not fit keeps the screen and its text (a PIN or a note sent was cleared when sent).
  if (next.screen != ui_.model.screen) reset_entries(ui_.view);
  // A tick only refreshes: the verdict on screen was already flashed and heard.
  if (!tick && next.feedback != Feedback::None) {
    ui_.flash = next.feedback;
    ui_.flash_message = next.message;
    ui_.flash_started = now;
    sound_.play(next.feedback);
  }
  // A tick that changed nothing (most seconds: the clock shows minutes) draws
  // nothing: an idle kiosk then draws a frame a minute, not one a second.
  // (Unless the last frame was drawn while it ran: that one says "Working…"
  // or, in the layout file, not settled.)
  if (tick && next == ui_.model && !ui_.last_frame_pending) return true;
  ui_.model = std::move(next);
  ui_.frames_to_draw = std::max(ui_.frames_to_draw, tick ? 1 : 2);
  return true;
}

// ---------------------------------------------------------------- drawing

void App::draw_frame(double now) {
  FrameLog::Mark start;
  if (frame_log_.enabled()) start = FrameLog::now();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  if (ui_.model.screen.empty()) draw_starting(theme_);
  else
    for (auto& input : draw_screen(ui_.model, ui_.view, theme_)) ui_.queue.push_back(std::move(input));
  if (!draw_flash(ui_.flash, ui_.flash_message, now - ui_.flash_started, theme_, fill_screen))
    ui_.flash = Feedback::None;
  if (ui_.pending && now - ui_.pending->started > kBusyAfter) draw_busy(now - ui_.pending->started, theme_, fill_screen);
  ui_.last_frame_pending = ui_.pending.has_value();
  if (ui_.camera_status) draw_status(*ui_.camera_status, theme_);
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  ImVec4 bg = ImGui::ColorConvertU32ToFloat4(theme_.background);
  glClearColor(bg.x, bg.y, bg.z, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window_);
  if (frame_log_.enabled()) frame_log_.frame(start, ui_.model.screen, ui_.results);
  if (!options_.layout_file.empty()) write_layout();
}

// "screen NAME", "settled 0|1" (no flash, nothing pending), "feedback F", "big TEXT", "entry P T"
// (digits on the keypad, bytes in the text box), then one
// "label<TAB>id<TAB>x y w h" line per touch target, in window pixels; replaced
// atomically so a reader never sees half a file.
void App::write_layout() {
  std::ostringstream text;
  text << "screen\t" << ui_.model.screen << "\n";
  text << "settled\t" << (ui_.flash == Feedback::None && !ui_.pending && ui_.queue.empty() ? 1 : 0) << "\n";
  constexpr const char* kFeedback[] = {"none", "accepted", "refused", "notice"};
  text << "feedback\t" << kFeedback[static_cast<int>(ui_.model.feedback)] << "\n";
  text << "big\t" << ui_.model.big << "\n";
  text << "entry\t" << ui_.view.pin.size() << " " << ui_.view.text.size() << "\n";  // lengths only, never the PIN
  for (const auto& hit : ui_.view.hits)
    text << hit.label << "\t" << hit.id << "\t" << static_cast<int>(hit.x) << " " << static_cast<int>(hit.y) << " "
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
  if (ui_.gate == Gate::Open && !ui_.queue.empty()) return 0;
  if (ui_.frames_to_draw > 0 || ui_.pending || ui_.flash != Feedback::None) return kFrameSeconds;
  double until = ui_.gate == Gate::Hold ? now + kGatePoll : ui_.next_tick;
  if (more_ && more_()) until = std::min(until, now + kFrameSeconds);  // more to take in
  if (ui_.keys_decided_by > now) until = std::min(until, ui_.keys_decided_by);
  if (camera_) until = std::min(until, now + kCameraPoll);
  return std::max(0.0, until - now);
}

// ---------------------------------------------------------------- the loop

int App::run(const Handler& handle, const Clock& clock, ScreenModel first, const GateState& gate) {
  ui_.model = std::move(first);
  ui_.queue.push_back(Tick{});  // the controller's first answer
  // systemd and the session script stop the kiosk with SIGTERM: finish the
  // current commit, then close like the window's close button does.
  std::signal(SIGTERM, on_terminate);
  std::signal(SIGINT, on_terminate);
  draw_frame(glfwGetTime());  // at once: the loop would wait a frame's time first
  while (!glfwWindowShouldClose(window_) && !g_terminate && ui_.model.screen != "quit") {
    ask_gate(gate);
    if (ui_.gate == Gate::Close) return 1;
    glfwWaitEventsTimeout(wait_timeout(glfwGetTime()));
    double now = glfwGetTime();
    take_scans(now);
    if (now >= ui_.next_tick || (more_ && more_())) {
      ui_.next_tick = now + kTickSeconds;
      if (ui_.queue.empty() && !ui_.pending) ui_.queue.push_back(Tick{.active = std::exchange(ui_.active, false)});
    }
    finish_pending(now, 0);
    start_next(handle, clock, now);
    finish_pending(glfwGetTime(), kInlineWait);
    bool animating = ui_.pending || ui_.flash != Feedback::None;
    if (ui_.frames_to_draw > 0 || animating) {
      draw_frame(glfwGetTime());
      if (ui_.frames_to_draw > 0) --ui_.frames_to_draw;
      if (ui_.gate == Gate::Open && !ui_.queue.empty()) ui_.frames_to_draw = std::max(ui_.frames_to_draw, 1);
    }
  }
  return 0;
}

}  // namespace kiosk
