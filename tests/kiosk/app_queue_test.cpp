// The window's queue of inputs: nothing reaches the controller until the
// kiosk's database check has passed, and nothing typed or scanned meanwhile
// is lost.
#include <gtest/gtest.h>

#include "window/app.h"

namespace {

using kiosk::Gate;

std::string code_of(const std::optional<kiosk::Input>& input) {
  const auto* scan = input ? std::get_if<kiosk::Scan>(&*input) : nullptr;
  return scan ? scan->code : "(not a scan)";
}

TEST(AppQueue, InputsWaitWhileTheGateHoldsThenGoInOrder) {
  kiosk::UiState ui;
  ui.queue = {kiosk::Scan{"P0001"}, kiosk::Scan{"PO0001"}};
  EXPECT_FALSE(kiosk::next_input(ui));  // held, as the kiosk starts
  ui.queue.push_back(kiosk::Scan{"P0002"});
  EXPECT_FALSE(kiosk::next_input(ui));
  EXPECT_EQ(ui.queue.size(), 3u);
  ui.gate = Gate::Open;
  EXPECT_EQ(code_of(kiosk::next_input(ui)), "P0001");
  EXPECT_EQ(code_of(kiosk::next_input(ui)), "PO0001");
  EXPECT_EQ(code_of(kiosk::next_input(ui)), "P0002");
  EXPECT_FALSE(kiosk::next_input(ui));
}

TEST(AppQueue, AClosedGateLetsNothingThrough) {
  kiosk::UiState ui;
  ui.gate = Gate::Close;
  ui.queue = {kiosk::Scan{"P0001"}};
  EXPECT_FALSE(kiosk::next_input(ui));
  EXPECT_EQ(ui.queue.size(), 1u);
}

TEST(AppQueue, OneInputAtATime) {
  kiosk::UiState ui;
  ui.gate = Gate::Open;
  ui.queue = {kiosk::Scan{"P0001"}};
  ui.pending = kiosk::UiState::Pending{};
  EXPECT_FALSE(kiosk::next_input(ui));
  ui.pending.reset();
  EXPECT_EQ(code_of(kiosk::next_input(ui)), "P0001");
}

}  // namespace
