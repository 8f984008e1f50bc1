// The administrator's settings: the list of every setting and its value, and
// changing one by typing its new value.
#include "admin.h"

namespace kiosk::detail {

bool settings_choose(Flow& f, const std::string& id) {
  if (f.desk.step == Step::SettingEdit) {
    if (id != "back") return false;
    f.go(Step::Settings);
    return true;
  }
  if (auto key = picked(id, Pick::Setting)) {
    f.desk.draft.key = *key;
    f.go(Step::SettingEdit);
  } else if (id == "back") {
    f.go(Step::AdminMenu);
  } else {
    return false;
  }
  return true;
}

bool settings_text(Flow& f, const std::string& text) {
  core::Decision dec = f.submit(core::ChangeSetting{.actor = f.actor(), .key = f.desk.draft.key, .value = text});
  if (dec.allowed()) f.go(Step::Settings);
  return true;
}

void render_settings(const Desk& d, const core::State& s, ScreenModel& m) {
  if (d.step == Step::Settings) {
    m.title = "Settings";
    m.prompt = "Tap a setting to change it";
    m.columns = {"Setting", "Value"};
    for (const auto& [key, value] : core::all_settings(s.settings))
      m.rows.push_back(Row{.cells = {key, value}, .choice = pick_id(Pick::Setting, key), .mark = ""});
    return;
  }
  m.title = d.draft.key;
  m.prompt = "Type the new value";
  if (auto now = core::get_setting(s.settings, d.draft.key)) m.lines.push_back("Now: " + *now);
  m.wants_text = true;
  m.text_label = d.draft.key;
}

}  // namespace kiosk::detail
