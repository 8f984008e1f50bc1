// Pupils at the public screen (PH1-PH3): a card scan, the pouch named, done.
// At collection the pouch number is shown huge and a scan of the pouch closes
// it; before collection opens a member of staff may authorise an early release.
#include <algorithm>

#include "desk.h"
#include "core/calendar.h"

namespace kiosk::detail {
namespace {

bool is_pupil(const core::State& s, const std::string& id) {
  const core::Person* p = s.person(id);
  return p && p->roles.has(core::Right::Pupil) && !p->roles.is_staff_like();
}

// The pupil's handed-in (not confiscated) devices.
std::vector<const core::HeldItem*> handed_in(const Flow& f, const std::string& pupil) {
  std::vector<const core::HeldItem*> out;
  for (const auto& id : f.desk.index.held_for(pupil))
    if (auto it = f.s().held.find(id); it != f.s().held.end() && !it->second.confiscation) out.push_back(&it->second);
  return out;
}

void start_handin(Flow& f, const std::string& pupil) {
  std::string slot = f.desk.index.free_pouch(f.s());
  core::Decision preview = f.ask(core::HandIn{.actor = pupil, .pupil = pupil, .kind = core::HeldKind::Phone,
                                              .description = "", .slot = slot});
  if (!preview.refusals.empty()) {
    f.outcome(preview);
    f.go(Step::Result);
    return;
  }
  f.desk.draft = Draft{};
  f.desk.draft.pupil = pupil;
  f.desk.draft.slot = slot;
  for (const auto& n : preview.notices) f.desk.out.lines.push_back(n);  // PH4: "exempt", never why
  f.go(Step::HandinSlot);
}

void hand_in(Flow& f) {
  const Draft& dr = f.desk.draft;
  core::Decision d = f.submit(core::HandIn{.actor = dr.pupil, .pupil = dr.pupil, .kind = core::HeldKind::Phone,
                                           .description = "", .slot = dr.slot});
  if (d.allowed()) f.finish(d);
}

void start_collect(Flow& f, const std::string& pupil) {
  core::Decision preview = f.ask(core::Collect{.actor = pupil, .pupil = pupil, .held = "", .authorised_by = "",
                                               .reason = ""});
  f.desk.draft = Draft{};
  f.desk.draft.pupil = pupil;
  if (!preview.refusals.empty()) {
    f.outcome(preview);
    f.go(Step::Result);
    return;
  }
  if (!preview.needs.empty()) {
    // PH3: before collection opens; a member of staff can authorise it.
    f.refuse("PH3", preview.message);
    f.desk.draft.key = "early";
    f.go(Step::Result);
    return;
  }
  f.go(Step::CollectPouch);
}

// Collects what the scanned pouch holds for the pupil, or everything.
void collect(Flow& f, const std::string& held) {
  const Draft& dr = f.desk.draft;
  core::Decision d = f.submit(core::Collect{.actor = dr.pupil, .pupil = dr.pupil, .held = held,
                                            .authorised_by = "", .reason = ""});
  if (!d.allowed()) return;
  if (handed_in(f, dr.pupil).empty()) f.finish(d);
}

}  // namespace

void start_pupil(Flow& f, const std::string& pupil) {
  f.desk.draft = Draft{};
  PupilMode mode = f.desk.mode;
  if (mode == PupilMode::Auto) {
    bool any_held = !f.desk.index.held_for(pupil).empty();
    mode = !handed_in(f, pupil).empty() ? PupilMode::Collect
           : any_held && core::collection_open(f.s().settings, f.now) ? PupilMode::Collect
                                                                       : PupilMode::HandIn;
  }
  if (mode == PupilMode::HandIn) start_handin(f, pupil);
  else start_collect(f, pupil);
}

bool pupil_scan(Flow& f, const Resolved& code) {
  Desk& d = f.desk;
  const core::State& s = f.s();
  switch (d.step) {
    case Step::Home:
    case Step::Result:
    case Step::Error:
      if (code.kind == CodeKind::Person) {
        if (is_pupil(s, code.id)) start_pupil(f, code.id);
        else start_sign_in(f, code.id, Step::StaffMenu);
      } else if (code.kind == CodeKind::Device) {
        f.notice("Staff: scan your badge first. To check a plug, tap \"May I plug this in?\"");
      } else {
        f.notice("Scan your card first");
      }
      return true;
    case Step::HandinSlot:
      if (code.kind == CodeKind::Slot) {
        const core::Slot* sl = s.slot(code.id);
        if (!sl || (sl->kind != core::SlotKind::Pouch && sl->kind != core::SlotKind::Slot)) {
          f.refuse("PH2", "That is not a pouch: scan a pouch or tap Done");
          return true;
        }
        std::string assigned = d.draft.slot;
        d.draft.slot = code.id;
        hand_in(f);
        if (d.step == Step::HandinSlot) d.draft.slot = assigned;  // refused: the pouch named stays
      } else if (code.kind == CodeKind::Person && code.id == d.draft.pupil) {
        hand_in(f);
      } else if (code.kind == CodeKind::Person && is_pupil(s, code.id)) {
        std::string before = f.public_name(d.draft.pupil);
        start_pupil(f, code.id);
        d.out.lines.push_back("Nothing was recorded for " + before);
      } else {
        f.notice("Scan the pouch, or tap Done once the phone is in it");
      }
      return true;
    case Step::CollectPouch:
      if (code.kind == CodeKind::Slot) {
        auto items = handed_in(f, d.draft.pupil);
        auto it = std::ranges::find_if(items, [&](const core::HeldItem* i) { return i->slot == code.id; });
        if (it == items.end()) {
          f.refuse("PH3", "That is " + f.slot_label(code.id) + ": it holds nothing for " +
                              f.public_name(d.draft.pupil));
          return true;
        }
        collect(f, (*it)->id);
      } else if (code.kind == CodeKind::Person && is_pupil(s, code.id) && code.id != d.draft.pupil) {
        start_pupil(f, code.id);
      } else {
        f.notice("Scan the pouch as it is handed over");
      }
      return true;
    case Step::CollectAuthorise:
      if (code.kind != CodeKind::Person || is_pupil(s, code.id)) {
        f.notice("A member of staff: scan your badge");
        return true;
      }
      take_badge(f, code.id);
      return true;
    default:
      return false;
  }
}

bool pupil_choose(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  switch (d.step) {
    case Step::Home:
    case Step::Result:
    case Step::Error:
      if (id == "handin" || id == "collect") {
        f.home();
        d.mode = id == "handin" ? PupilMode::HandIn : PupilMode::Collect;
      } else if (id == "plugin") {
        f.home();
        f.go(Step::PluginScan);
      } else if (id == "quit") {
        f.home();
        f.go(Step::QuitAuthorise);
      } else if (id == "early" && d.step == Step::Result && d.draft.key == "early") {
        f.go(Step::CollectAuthorise);
      } else if (id == "ok" || id == "back") {
        f.home();
      } else {
        return false;
      }
      return true;
    case Step::HandinSlot:
      if (id == "done") hand_in(f);
      else if (id == "back") f.home();
      else return false;
      return true;
    case Step::CollectPouch:
      if (id == "done") collect(f, "");
      else if (id == "back") f.home();
      else return false;
      return true;
    case Step::CollectAuthorise:
      if (id != "back") return false;
      if (!d.draft.badge.empty()) d.draft.badge.clear();
      else f.home();
      return true;
    case Step::CollectReason:
      if (id == "back") {
        d.draft.badge.clear();
        f.go(Step::CollectAuthorise);
        return true;
      }
      if (id == "appointment" || id == "unwell") {
        return pupil_text(f, id == "appointment" ? "Appointment" : "Unwell");
      }
      return false;
    default:
      return false;
  }
}

bool pupil_pin(Flow& f, const std::string& digits) {
  Desk& d = f.desk;
  if (d.step != Step::CollectAuthorise) return false;
  if (d.draft.badge.empty()) {
    f.notice("A member of staff: scan your badge first");
    return true;
  }
  if (check_pin(f, d.draft.badge, digits)) {
    d.out = {};
    f.go(Step::CollectReason);
  }
  return true;
}

bool pupil_text(Flow& f, const std::string& text) {
  Desk& d = f.desk;
  if (d.step != Step::CollectReason) return false;
  core::Decision dec = f.submit(core::Collect{.actor = d.draft.pupil, .pupil = d.draft.pupil, .held = "",
                                              .authorised_by = d.draft.badge, .reason = text});
  if (dec.allowed()) f.finish(dec);
  return true;
}

bool render_pupil(const Desk& d, const core::State& s, ScreenModel& m) {
  switch (d.step) {
    case Step::Result:
      if (d.draft.key != "early") return false;
      m.prompt = "Scan your card or badge";
      m.choices = {choice("early", "Early release (staff)"), choice("ok", "OK", true)};
      return true;
    case Step::HandinSlot: {
      std::string label = slot_label(s, d.draft.slot);
      m.title = "Hand in";
      m.prompt = "Put your phone in " + label + ", then tap Done or scan the pouch";
      m.big = label;
      m.lines.push_back(public_name(s, d.draft.pupil));
      m.choices = {choice("done", "Done", true)};
      back_cancel(m);
      return true;
    }
    case Step::CollectPouch: {
      m.title = "Collect";
      m.prompt = "Your phone is in the pouch below: scan the pouch as it is handed over";
      m.lines.push_back(public_name(s, d.draft.pupil));
      for (const auto& id : d.index.held_for(d.draft.pupil)) {
        auto h = s.held.find(id);
        if (h == s.held.end() || h->second.confiscation) continue;
        std::string label = slot_label(s, h->second.slot);
        m.big += (m.big.empty() ? "" : "  ") + label;
      }
      m.choices = {choice("done", "Handed over", true)};
      back_cancel(m);
      return true;
    }
    case Step::CollectAuthorise:
      m.title = "Early release";
      m.lines.push_back(public_name(s, d.draft.pupil));
      if (d.draft.badge.empty()) {
        m.prompt = "A member of staff: scan your badge to authorise an early release";
      } else {
        m.prompt = "Enter your PIN";
        m.wants_pin = true;
      }
      back_cancel(m);
      return true;
    case Step::CollectReason:
      m.title = "Early release";
      m.prompt = "Why is the pupil leaving early?";
      m.lines.push_back(public_name(s, d.draft.pupil));
      m.wants_text = true;
      m.text_label = "Reason";
      m.choices = {choice("appointment", "Appointment"), choice("unwell", "Unwell")};
      back_cancel(m);
      return true;
    default:
      return false;
  }
}

}  // namespace kiosk::detail
