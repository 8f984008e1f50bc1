// The administrator's PAT tests (PT1): scan an item, record today's result,
// ready for the next.
#include "admin.h"
#include "core/calendar.h"

namespace kiosk::detail {
namespace {

void record_pat(Flow& f, core::Inspection inspection, bool passed) {
  const core::Device* d = f.s().device(f.desk.draft.device);
  if (!d) return;
  core::PatRecord r{.device = d->id, .date = core::date_of(f.now), .inspection = inspection, .passed = passed,
                    .equipment_class = d->equipment_class, .equipment_type = d->equipment_type,
                    .tester = f.actor(), .instrument = "", .notes = "", .label_applied = passed};
  f.submit(core::RecordPat{.actor = f.actor(), .record = r});
  f.go(Step::PatScan);  // ready for the next item
}

}  // namespace

bool pat_scan(Flow& f, const Resolved& code) {
  if (code.kind != CodeKind::Device) {
    f.notice("Scan the item's tag");
    return true;
  }
  f.desk.draft.device = code.id;
  f.go(Step::PatResult);
  return true;
}

bool pat_choose(Flow& f, const std::string& id) {
  if (f.desk.step == Step::PatScan) {
    if (id != "back") return false;
    f.go(Step::AdminMenu);
    return true;
  }
  if (id == "pass-visual") record_pat(f, core::Inspection::Visual, true);
  else if (id == "pass-combined") record_pat(f, core::Inspection::Combined, true);
  else if (id == "fail") record_pat(f, core::Inspection::Combined, false);
  else if (id == "back") f.go(Step::PatScan);
  else return false;
  return true;
}

void render_pat(const Desk& d, const core::State& s, ScreenModel& m) {
  if (d.step == Step::PatScan) {
    m.title = "PAT tests";
    m.prompt = "Scan the item's tag";
    return;
  }
  m.title = "PAT: " + device_label(s, d.draft.device);
  m.prompt = "Record today's test";
  m.choices = {choice("pass-combined", "Passed (inspection and test)", true),
               choice("pass-visual", "Passed (visual inspection)"), choice("fail", "Failed")};
}

}  // namespace kiosk::detail
