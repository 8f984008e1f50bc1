#include "desk/compliance.h"

namespace kiosk {

std::vector<core::ComplianceRow> compliance_from_log(const db::Store& store, core::Date day) {
  std::vector<core::EventHead> handins;
  std::vector<core::Event> form_boxes;
  for (core::Date d : core::compliance_days(store.state().settings, day)) {
    db::EventFilter that_day{.types = {std::string{core::HandedIn::kType}},
                             .from = core::at(d, {}),
                             .to = core::at(d + std::chrono::days{1}, {})};
    auto heads = store.heads(that_day);
    handins.insert(handins.end(), std::make_move_iterator(heads.begin()), std::make_move_iterator(heads.end()));
    that_day.types = {std::string{core::FormBoxHandedIn::kType}};
    auto boxes = store.events(that_day);
    form_boxes.insert(form_boxes.end(), std::make_move_iterator(boxes.begin()), std::make_move_iterator(boxes.end()));
  }
  return core::compliance_report(store.state(), handins, form_boxes, day);
}

}  // namespace kiosk
