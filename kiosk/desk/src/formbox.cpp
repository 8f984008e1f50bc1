// Form boxes (PH6, PH7): a tutor scans the box, ticks the form on the touch
// list (handed in, absent, exempt, no device) and hands it in as one
// transaction; the box is collected for the form, or its custody passed to a
// member of staff such as a visit leader and back to the office.
#include <algorithm>

#include "desk.h"
#include "core/queries.h"

namespace kiosk::detail {
namespace {

constexpr core::FormMark kCycle[] = {core::FormMark::HandedIn, core::FormMark::Absent, core::FormMark::Exempt,
                                     core::FormMark::NoDevice};

core::FormMark next_mark(core::FormMark m) {
  auto it = std::ranges::find(kCycle, m);
  return ++it == std::end(kCycle) ? kCycle[0] : *it;
}

void start_list(Flow& f) {
  Draft& dr = f.desk.draft;
  const core::Slot* box = f.s().slot(dr.box);
  dr.entries.clear();
  dr.ticked.clear();
  // Nobody is ticked handed in until the tutor says so; an exemption on record is.
  f.s().each_person([&](const core::Person& p) {
    if (!p.active || !p.roles.has(core::Right::Pupil) || p.form != box->form) return;
    bool exempt = core::is_exempt(f.s(), p.id, core::date_of(f.now));
    dr.entries.push_back(core::FormBoxEntry{.pupil = p.id,
                                            .mark = exempt ? core::FormMark::Exempt : core::FormMark::HandedIn,
                                            .kind = core::HeldKind::Phone, .description = ""});
    if (exempt) dr.ticked.insert(p.id);
  }, {.fields = {"id", "active", "roles", "form"}, .active_pupils_only = true, .only_form = box->form.view()});
  f.go(Step::FormboxList);
}

void done_or_stay(Flow& f, const core::Decision& d) {
  if (d.allowed()) f.finish(d);
}

}  // namespace

void start_box(Flow& f, const std::string& box) {
  const core::Slot* sl = f.s().slot(box);
  if (!sl || sl->kind != core::SlotKind::FormBox) {
    f.notice("That is not a form box: scan the label on the form's box");  // a scan that does not fit
    return;
  }
  f.desk.draft = Draft{};
  f.desk.draft.box = box;
  f.go(Step::FormboxBox);
}

bool formbox_scan(Flow& f, const Resolved& code) {
  Desk& d = f.desk;
  switch (d.step) {
    case Step::FormboxScan:
      if (code.kind == CodeKind::Slot) start_box(f, code.id);
      else f.notice("Scan the form box");
      return true;
    case Step::FormboxList: {
      // A pupil's card on the list: handed in.
      auto it = std::ranges::find(d.draft.entries, code.id, &core::FormBoxEntry::pupil);
      if (code.kind != CodeKind::Person || it == d.draft.entries.end()) {
        f.notice("That card is not on this form's list");
        return true;
      }
      it->mark = core::FormMark::HandedIn;
      d.draft.ticked.insert(code.id);
      return true;
    }
    case Step::CustodyTo:
      if (code.kind != CodeKind::Person) {
        f.notice("Scan the badge of the member of staff taking the box");
        return true;
      }
      done_or_stay(f, f.submit(core::TransferCustody{.actor = f.actor(), .slot = d.draft.box, .to = code.id}));
      return true;
    default:
      return false;
  }
}

bool formbox_choose(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  Draft& dr = d.draft;
  switch (d.step) {
    case Step::FormboxScan:
      if (id != "back") return false;
      f.go(Step::StaffMenu);
      return true;
    case Step::FormboxBox:
      if (id == "handin") start_list(f);
      else if (id == "collect") done_or_stay(f, f.submit(core::CollectFormBox{.actor = f.actor(), .box = dr.box}));
      else if (id == "transfer") f.go(Step::CustodyTo);
      else if (id == "office")
        done_or_stay(f, f.submit(core::TransferCustody{.actor = f.actor(), .slot = dr.box, .to = ""}));
      else if (id == "back") f.go(Step::FormboxScan);
      else return false;
      return true;
    case Step::FormboxList:
      if (auto pupil = picked(id, Pick::Mark)) {
        auto it = std::ranges::find(dr.entries, *pupil, &core::FormBoxEntry::pupil);
        if (it == dr.entries.end()) return false;
        // Not marked, then each mark in turn, then not marked again.
        if (!dr.ticked.contains(it->pupil)) {
          dr.ticked.insert(it->pupil);
          it->mark = kCycle[0];
        } else if (it->mark == std::end(kCycle)[-1]) {
          dr.ticked.erase(it->pupil);
        } else {
          it->mark = next_mark(it->mark);
        }
      } else if (id == "submit") {
        std::vector<core::FormBoxEntry> marked;
        for (const auto& e : dr.entries)
          if (dr.ticked.contains(e.pupil)) marked.push_back(e);
        done_or_stay(f, f.submit(core::FormBoxHandIn{.actor = f.actor(), .box = dr.box, .entries = marked}));
      } else if (id == "back") {
        f.go(Step::FormboxBox);
      } else {
        return false;
      }
      return true;
    case Step::CustodyTo:
      if (id != "back") return false;
      f.go(Step::FormboxBox);
      return true;
    default:
      return false;
  }
}

bool render_formbox(const Desk& d, const core::State& s, ScreenModel& m) {
  const Draft& dr = d.draft;
  switch (d.step) {
    case Step::FormboxScan:
      m.title = "Form box";
      m.prompt = "Scan the form box";
      break;
    case Step::FormboxBox: {
      const core::Slot* box = s.slot(dr.box);
      m.title = slot_label(s, dr.box);
      std::size_t held = 0;
      for (const auto& [id, item] : s.held) held += item.slot == dr.box ? 1 : 0;
      m.lines = {std::to_string(held) + " devices in the box",
                 "With " + (box && !box->custodian.empty() ? public_name(s, box->custodian) : "the office")};
      m.prompt = "What would you like to do?";
      m.choices = {choice("handin", "Hand in the form", true), choice("collect", "Collect for the form"),
                   choice("transfer", "Give to a member of staff"), choice("office", "Back to the office")};
      break;
    }
    case Step::FormboxList:
      m.title = slot_label(s, dr.box);
      m.prompt = "Scan each card, or tap a pupil to mark them; then hand in";
      m.columns = {"Pupil", "Mark"};
      for (const auto& e : dr.entries) {
        bool ticked = dr.ticked.contains(e.pupil);
        std::string mark = ticked ? std::string{core::to_string(e.mark)} : "";
        std::string words = ticked ? mark : "not marked";
        std::ranges::replace(words, '-', ' ');
        m.rows.push_back(Row{.cells = {public_name(s, e.pupil), words}, .choice = pick_id(Pick::Mark, e.pupil), .mark = mark});
      }
      m.choices = {choice("submit", "Hand in", true)};
      break;
    case Step::CustodyTo:
      m.title = slot_label(s, dr.box);
      m.prompt = "Scan the badge of the member of staff taking the box";
      break;
    default:
      return false;
  }
  back_cancel(m);
  return true;
}

}  // namespace kiosk::detail
