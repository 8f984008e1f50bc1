// First-run setup, used by controller.cpp before any other flow.
#pragma once

#include "desk.h"

namespace kiosk::detail {

// A file with no history at all: the desk can do nothing else yet.
[[nodiscard]] bool needs_setup(const db::Store& store);
void setup_input(Flow& f, const Input& input);
// Fills the setup screen; false when the desk is not setting up.
bool render_setup(const Desk& d, ScreenModel& m);

}  // namespace kiosk::detail
