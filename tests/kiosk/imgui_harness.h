// Runs the views in Dear ImGui with no window and no GPU (the shape of
// ImGui's example_null) and taps them like a finger would.
//
//   ImGuiHarness ui;
//   auto inputs = ui.tap(model, "Hand in");   // the Inputs that tap made
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "views/views.h"

class ImGuiHarness {
 public:
  explicit ImGuiHarness(float width = 1280, float height = 800) : context_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {width, height};
    io.IniFilename = nullptr;
    io.DeltaTime = 1.0f / 60;
    theme = kiosk::load_theme(io, kiosk::theme_metrics(static_cast<int>(width), static_cast<int>(height)));
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~ImGuiHarness() { ImGui::DestroyContext(context_); }
  ImGuiHarness(const ImGuiHarness&) = delete;
  ImGuiHarness& operator=(const ImGuiHarness&) = delete;

  // One frame of the whole screen.
  std::vector<kiosk::Input> frame(const kiosk::ScreenModel& model) {
    ImGui::NewFrame();
    auto inputs = kiosk::draw_screen(model, view, theme);
    ImGui::Render();
    return inputs;
  }

  // The touch target drawn with this label in the last frame, or null.
  const kiosk::HitBox* find(const std::string& label) const {
    for (const auto& hit : view.hits)
      if (hit.label == label) return &hit;
    return nullptr;
  }

  // Lays the screen out, then presses and releases at the centre of the
  // target labelled `label`; returns every Input those frames made.
  std::vector<kiosk::Input> tap(const kiosk::ScreenModel& model, const std::string& label) {
    std::vector<kiosk::Input> inputs = frame(model);
    const kiosk::HitBox* hit = find(label);
    if (!hit) {
      missing.push_back(label);
      return inputs;
    }
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = {hit->x + hit->w / 2, hit->y + hit->h / 2};
    for (bool down : {false, true, false}) {
      io.MouseDown[0] = down;
      for (auto& input : frame(model)) inputs.push_back(std::move(input));
    }
    io.MousePos = {-FLT_MAX, -FLT_MAX};
    return inputs;
  }

  kiosk::ViewState view;
  kiosk::Theme theme;
  std::vector<std::string> missing;  // labels tap() could not find

 private:
  ImGuiContext* context_;
};
