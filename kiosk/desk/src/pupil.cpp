// Pupils at the public screen (PH1-PH3): a card scan, the pouch named, done.
// At collection the pouch number is shown huge and a scan of the pouch closes
// it; before collection opens a member of staff may authorise an early release.
#include <algorithm>

#include "desk.h"
#include "core/calendar.h"
#include "core/strings.h"

namespace kiosk::detail {
namespace {

// The pupil's handed-in (not confiscated) devices.
std::vector<const core::HeldItem*> handed_in(const Flow& f, const std::string& pupil) {
  std::vector<const core::HeldItem*> out;
  for (const auto& id : f.desk.index.held_for(pupil))
    if (auto it = f.s().held.find(id); it != f.s().held.end() && !it->second.confiscation) out.push_back(&it->second);
  return out;
}

// Labels of the pouches holding the pupil's handed-in devices.
std::string pouches_of(const Flow& f, const std::string& pupil) {
  std::string out;
  for (const core::HeldItem* i : handed_in(f, pupil)) out += (out.empty() ? "" : "  ") + f.slot_label(i->slot);
  return out;
}

// PH2: one scan records the hand-in in the first free pouch (or `slot`); no
// tap is needed, so a queue that never touches the screen loses nothing. The
// screen then names the pouch large, with a short Undo and "Another device".
void hand_in(Flow& f, const std::string& pupil, core::HeldKind kind = core::HeldKind::Phone,
             const std::string& description = "", std::string slot = "") {
  if (slot.empty()) slot = f.desk.index.free_pouch(f.s(), f.options.kiosk);
  core::Decision d = f.submit(core::HandIn{.actor = pupil, .pupil = pupil, .kind = kind,
                                           .description = description, .slot = slot, .desk = f.options.kiosk});
  f.desk.draft = Draft{};
  f.desk.draft.pupil = pupil;
  if (!d.allowed()) {
    if (std::ranges::find(f.desk.out.rules, "PH1") != f.desk.out.rules.end()) {
      // Too early: advice, not a buzz.
      f.desk.out.feedback = Feedback::Notice;
      f.desk.out.lines.push_back("Please come back then, or hand your phone in at the school office");
    }
    f.go(Step::Result);
    return;
  }
  const auto& item = std::get<core::HandedIn>(d.events.front().data).item;
  f.desk.draft.held = item.id;
  f.desk.draft.slot = item.slot;
  f.go(Step::HandinSlot);
}

// A pupil whose device is already in: where it is, not a refusal (PH2).
void show_handed_in(Flow& f, const std::string& pupil) {
  f.desk.draft = Draft{};
  f.desk.draft.pupil = pupil;
  f.desk.draft.key = "handed";
  f.notice("You've handed in: " + pouches_of(f, pupil));
  f.desk.out.lines.push_back(
      "Collection opens at " +
      core::format_time_of_day(core::collection_opens_on(f.s().settings, core::date_of(f.now))));
  f.go(Step::Result);
}

// Done: the hand-in already recorded, the result stays until the next scan.
void done(Flow& f) {
  std::string message = f.slot_label(f.desk.draft.slot) + " - " + f.public_name(f.desk.draft.pupil);
  f.home();
  f.desk.out = Outcome{.feedback = Feedback::Accepted, .message = std::move(message), .allowed = true, .rules = {},
                       .lines = {}};
  f.go(Step::Result);
}

// Undo: the pupil takes back what they have just handed in (PH3, kUndoHandIn).
bool undo(Flow& f) {
  Draft& dr = f.desk.draft;
  core::Decision d = f.submit(core::Collect{.actor = dr.pupil, .pupil = dr.pupil, .held = dr.held,
                                            .authorised_by = "", .reason = ""});
  return d.allowed();
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

// Collects what the pouch handed over holds for the pupil (PH3: it must hold
// something of theirs).
void collect(Flow& f, const std::string& slot) {
  const Draft& dr = f.desk.draft;
  core::Decision d = f.submit(core::Collect{.actor = dr.pupil, .pupil = dr.pupil, .held = "",
                                            .authorised_by = "", .reason = "", .slot = slot});
  if (!d.allowed()) return;
  if (handed_in(f, dr.pupil).empty()) f.finish(d);
}

// A pouch number as typed ("7", "07", "Pouch 7") and as labelled ("Pouch 0007")
// compare by their digits; a label without digits compares whole, in any case.
bool same_pouch_number(std::string_view typed, std::string_view label) {
  auto number = [](std::string_view text) {
    std::string digits;
    for (char c : text)
      if (c >= '0' && c <= '9' && (c != '0' || !digits.empty())) digits += c;  // no leading zeros
    return digits;
  };
  bool has_digit = std::ranges::any_of(label, [](char c) { return c >= '0' && c <= '9'; });
  return has_digit ? !number(typed).empty() && number(typed) == number(label) : core::ascii_lower(typed) == core::ascii_lower(label);
}

// The pupil put the device in another pouch and scanned it: the record
// follows, the old pouch freed and the new one filled in one transaction.
void move_to(Flow& f, const std::string& slot) {
  const Draft dr = f.desk.draft;
  auto it = f.s().held.find(dr.held);
  if (slot == dr.slot || it == f.s().held.end()) {
    done(f);
    return;
  }
  core::Decision out = f.ask(core::Collect{.actor = dr.pupil, .pupil = dr.pupil, .held = dr.held,
                                           .authorised_by = "", .reason = ""});
  core::Decision in = f.ask(core::HandIn{.actor = dr.pupil, .pupil = dr.pupil, .kind = it->second.kind,
                                         .description = it->second.description, .slot = slot,
                                         .desk = f.options.kiosk});
  if (!out.allowed() && out.refusals.empty()) {  // past the Undo's minute
    f.refuse("PH2", "It is recorded in " + f.slot_label(dr.slot) + ": ask at the office to move it");
    return;
  }
  if (!out.allowed() || !in.allowed()) {
    f.outcome(out.allowed() ? in : out);  // the pouch named stays
    return;
  }
  std::vector<core::Event> events = out.events;
  events.insert(events.end(), in.events.begin(), in.events.end());
  f.commit(events);
  f.outcome(in);
  f.desk.draft.slot = slot;
  f.desk.draft.held = std::get<core::HandedIn>(in.events.front().data).item.id;
}

}  // namespace

void start_pupil(Flow& f, const std::string& pupil) {
  f.desk.draft = Draft{};
  bool has_in = !handed_in(f, pupil).empty();
  bool open = core::collection_open(f.s().settings, f.now);
  PupilMode mode = f.desk.mode;
  if (mode == PupilMode::Auto)
    mode = (has_in || !f.desk.index.held_for(pupil).empty()) && open ? PupilMode::Collect : PupilMode::HandIn;
  if (mode == PupilMode::Collect) start_collect(f, pupil);
  else if (has_in) show_handed_in(f, pupil);  // a second scan records nothing twice
  else hand_in(f, pupil);
}

bool pupil_scan(Flow& f, const Resolved& code) {
  Desk& d = f.desk;
  const core::State& s = f.s();
  switch (d.step) {
    case Step::HandinSlot:
    case Step::HandinMore:
      if (code.kind == CodeKind::Slot && d.step == Step::HandinSlot) {
        move_to(f, code.id);  // PH2: core refuses what is not a free pouch
      } else if (code.kind == CodeKind::Person && is_pupil(s, code.id)) {
        start_pupil(f, code.id);
      } else if (code.kind == CodeKind::Person) {
        start_sign_in(f, code.id, Step::StaffMenu);
      } else {
        return false;
      }
      return true;
    case Step::CollectPouch:
    case Step::CollectTyped:
      if (code.kind == CodeKind::Slot) {
        collect(f, code.id);
      } else if (code.kind == CodeKind::Person && is_pupil(s, code.id) && code.id != d.draft.pupil) {
        start_pupil(f, code.id);
      } else {
        f.notice("Scan the pouch as it is handed over");
      }
      return true;
    case Step::CollectAuthorise:
      authorise_scan(f, code);
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
      } else if (id == "early" && d.step == Step::Result && (d.draft.key == "early" || d.draft.key == "handed")) {
        f.go(Step::CollectAuthorise);
      } else if (id == "more" && d.step == Step::Result && d.draft.key == "handed") {
        f.go(Step::HandinMore);
      } else if (id == "ok" || id == "back") {
        f.home();
      } else {
        return false;
      }
      return true;
    case Step::HandinSlot:
      if (id == "done" || id == "ok") {
        done(f);
      } else if (id == "undo") {
        std::string pupil = f.public_name(d.draft.pupil);
        if (undo(f)) {
          f.home();
          f.notice("Nothing is handed in for " + pupil + ": take your phone back");
          f.go(Step::Result);
        }
      } else if (id == "more") {
        f.go(Step::HandinMore);
      } else if (id == "back") {
        f.home();
      } else {
        return false;
      }
      return true;
    case Step::HandinMore: {
      constexpr std::pair<std::string_view, core::HeldKind> kKinds[] = {
          {"phone", core::HeldKind::Phone}, {"smartwatch", core::HeldKind::Smartwatch},
          {"tablet", core::HeldKind::Tablet}, {"other", core::HeldKind::Other}};
      for (const auto& [name, kind] : kKinds)
        if (id == name) {
          hand_in(f, d.draft.pupil, kind, d.draft.field);
          return true;
        }
      if (id != "back") return false;
      if (d.draft.held.empty()) f.home();
      else f.go(Step::HandinSlot);
      return true;
    }
    case Step::CollectPouch:
      if (id == "type") f.go(Step::CollectTyped);
      else if (id == "back") f.home();
      else return false;
      return true;
    case Step::CollectTyped:
      if (id != "back") return false;
      f.go(Step::CollectPouch);
      return true;
    case Step::CollectAuthorise:
      if (id != "back") return false;
      if (!d.draft.auth.badge.empty()) d.draft.auth.badge.clear();
      else f.home();
      return true;
    case Step::CollectReason:
      if (id == "back") {
        d.draft.auth.badge.clear();
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

void pupil_authorised(Flow& f, const std::string&) {
  f.desk.out = {};
  f.go(Step::CollectReason);  // the badge stays: it authorised the release
}

bool pupil_text(Flow& f, const std::string& text) {
  Desk& d = f.desk;
  if (d.step == Step::HandinMore) {
    d.draft.field = text;  // PH2's description, recorded with the kind chosen next
    return true;
  }
  if (d.step == Step::CollectTyped) {  // a pouch whose label will not scan
    for (const core::HeldItem* i : handed_in(f, d.draft.pupil))
      if (same_pouch_number(text, f.slot_label(i->slot))) {
        collect(f, i->slot);
        return true;
      }
    f.notice("No pouch numbered \"" + text + "\" holds anything for " + f.public_name(d.draft.pupil) +
             ": type the number on the pouch handed over");
    return true;
  }
  if (d.step != Step::CollectReason) return false;
  core::Decision dec = f.submit(core::Collect{.actor = d.draft.pupil, .pupil = d.draft.pupil, .held = "",
                                              .authorised_by = d.draft.auth.badge, .reason = text});
  if (dec.allowed()) f.finish(dec);
  return true;
}

namespace {

// The public screens between pupils: home, a result, an error, closed.
void render_public(const Desk& d, const core::State& s, ScreenModel& m) {
  switch (d.step) {
    case Step::Home:
    case Step::Result:
      m.prompt = d.mode == PupilMode::HandIn    ? "Hand in: scan your card"
                 : d.mode == PupilMode::Collect ? "Collect: scan your card"
                                                : "Scan your card or badge";
      // Closing the kiosk is in Administration, not beside Hand in (a stray
      // tap blocked the queue); the "quit" choice still works for the headless desk.
      m.choices = {choice("handin", "Hand in"), choice("collect", "Collect"), choice("plugin", "May I plug this in?")};
      if (d.step == Step::Result) m.choices.insert(m.choices.begin(), choice("ok", "OK", true));
      break;
    case Step::Error:
      m.prompt = "Scan your card or badge";
      m.choices = {choice("ok", "OK", true)};
      break;
    case Step::Quit:
      m.title = s.settings.school_name;
      m.prompt = "The kiosk is closed";
      break;
    default:
      break;
  }
}

// The pupil's own screens; false for the public ones.
bool render_handin_collect(const Desk& d, const core::State& s, ScreenModel& m) {
  switch (d.step) {
    case Step::Result:
      if (d.draft.key == "handed") {
        m.title = "Handed in";
        m.prompt = "Scan your card or badge";
        for (const auto& id : d.index.held_for(d.draft.pupil))
          if (auto h = s.held.find(id); h != s.held.end() && !h->second.confiscation)
            m.big += (m.big.empty() ? "" : "  ") + slot_label(s, h->second.slot);
        m.lines.push_back(public_name(s, d.draft.pupil));
        m.choices = {choice("ok", "OK", true), choice("more", "Another device"),
                     choice("early", "Early release (staff)")};
        return true;
      }
      if (d.draft.key != "early") return false;
      m.prompt = "Scan your card or badge";
      m.choices = {choice("early", "Early release (staff)"), choice("ok", "OK", true)};
      return true;
    case Step::HandinSlot: {
      std::string label = slot_label(s, d.draft.slot);
      m.title = "Handed in";
      m.prompt = "Put your phone in " + label;
      m.big = label;
      m.lines.push_back(public_name(s, d.draft.pupil));
      m.choices = {choice("ok", "OK", true), choice("undo", "Undo"), choice("more", "Another device")};
      return true;
    }
    case Step::HandinMore:
      m.title = "Another device";
      m.prompt = "What else are you handing in?";
      m.lines.push_back(public_name(s, d.draft.pupil));
      if (!d.draft.field.empty()) m.lines.push_back("Description: " + d.draft.field);
      m.wants_text = true;
      m.text_label = "Description (make, colour, case), optional";
      m.choices = {choice("phone", "Phone"), choice("smartwatch", "Smartwatch"), choice("tablet", "Tablet"),
                   choice("other", "Other"), choice("back", "Back")};
      return true;
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
      m.choices = {choice("type", "Type the pouch number")};  // a label that will not scan
      back_cancel(m);
      return true;
    }
    case Step::CollectTyped:
      m.title = "Collect";
      m.prompt = "Type the number on the pouch handed over";
      m.lines.push_back(public_name(s, d.draft.pupil));
      m.wants_text = true;
      m.text_label = "Pouch number";
      back_cancel(m);
      return true;
    case Step::CollectAuthorise:
      m.title = "Early release";
      m.lines.push_back(public_name(s, d.draft.pupil));
      authorise_screen(d, m, "A member of staff: scan your badge to authorise an early release");
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

}  // namespace

bool render_pupil(const Desk& d, const core::State& s, ScreenModel& m) {
  if (!render_handin_collect(d, s, m)) render_public(d, s, m);
  return true;
}

}  // namespace kiosk::detail
