// Confiscation (CF1-CF5): intake with the reason and the ladder's release
// condition, release to the pupil, a parent or carer, or the police, evidence
// holds by a DSL with the school's instruction, and "parent told".
#include <algorithm>

#include "desk.h"
#include "core/calendar.h"

namespace kiosk::detail {
namespace {

struct Reason {
  std::string_view id, label, rule;
};
// CF1: the usual reasons, each with the part of the behaviour policy it breaks.
constexpr Reason kReasons[] = {
    {"lesson", "Used in a lesson", "Phone-free school day"},
    {"around", "Seen or heard around school", "Phone-free school day"},
    {"filming", "Photos or filming", "Photographs and filming of others"},
    {"not-handed-in", "Not handed in at the start of the day", "Daily hand-in"},
};
// CF1's state found: optional toggles beside the reasons; none on means
// "not known" (tapping the one that is on turns it off again).
struct Found {
  std::string_view id, label;
  core::FoundState state;
};
constexpr Found kFound[] = {{"on", "Found switched on", core::FoundState::On},
                            {"off", "Found switched off", core::FoundState::Off},
                            {"locked", "Found locked", core::FoundState::Locked},
                            {"unknown", "", core::FoundState::Unknown}};  // not drawn: none on
constexpr std::string_view kRelationships[] = {"Mother", "Father", "Carer", "Grandparent"};

const core::HeldItem* item_of(const core::State& s, const std::string& held) {
  auto it = s.held.find(held);
  return it == s.held.end() || !it->second.confiscation ? nullptr : &it->second;
}

std::string release_text(const core::Confiscation& c) {
  std::string text = c.release == core::Release::PupilEndOfDay ? "Back to the pupil at the end of the day"
                                                               : "A parent or carer collects it";
  if (c.not_before) text += ", not before " + core::describe_date(*c.not_before);
  return text;
}

void open_item(Flow& f, const std::string& held) {
  f.desk.draft = Draft{};
  f.desk.draft.held = held;
  f.go(Step::ConfiscationItem);
}

core::ReleaseHeld release_to(Flow& f, core::ReleaseTo to) {
  return core::ReleaseHeld{.actor = f.actor(), .held = f.desk.draft.held, .to = to, .pupil_card = "", .name = "",
                           .relationship = "", .officer = "", .collar = "", .crime_ref = ""};
}

// Submits the release with what has been collected; done, or back to the item.
void release(Flow& f) {
  core::Decision d = f.submit(f.desk.draft.release);
  if (d.allowed()) f.finish(d);
  else if (!d.refusals.empty()) f.go(Step::ConfiscationItem);
}

void start_release(Flow& f, core::ReleaseTo to) {
  Draft& dr = f.desk.draft;
  const core::HeldItem* item = item_of(f.s(), dr.held);
  if (!item) {
    f.notice("That device is no longer held");
    f.go(Step::ConfiscationList);
    return;
  }
  dr.release = release_to(f, to);
  // A preview with the details filled in: refuse now rather than after the typing.
  core::ReleaseHeld check = dr.release;
  check.pupil_card = to == core::ReleaseTo::Pupil ? item->pupil : "";
  check.name = check.relationship = check.officer = check.collar = check.crime_ref = "-";
  if (core::Decision preview = f.ask(check); !preview.refusals.empty()) {
    f.outcome(preview);
    return;
  }
  f.go(to == core::ReleaseTo::Pupil    ? Step::ReleaseCard
       : to == core::ReleaseTo::Parent ? Step::ReleaseParentName
                                       : Step::ReleasePoliceOfficer);
}

// Records the confiscation once the reason is chosen (CF1): the pouch is the
// one shown on the intake screens.
void record_confiscation(Flow& f) {
  Draft& dr = f.desk.draft;
  core::Decision dec = f.submit(dr.confiscate);
  if (!dec.allowed()) return;
  for (const auto& e : dec.events)
    if (const auto* c = std::get_if<core::Confiscated>(&e.data)) dr.held = c->item.id;
  f.go(Step::ConfiscateDone);  // staff only: the ladder's count is sanction history (DP1)
}

// The intake screens: who, where it goes (big) and the ladder's release (CF2).
void intake_lines(const Desk& d, const core::State& s, ScreenModel& m) {
  const Draft& dr = d.draft;
  m.title = "Confiscate";
  m.lines.push_back(public_name(s, dr.confiscate.pupil));
  core::Confiscate preview = dr.confiscate;
  preview.reason = preview.rule_breached = "-";
  for (const auto& e : core::decide(s, preview, d.shown_at).events)
    if (const auto* c = std::get_if<core::Confiscated>(&e.data))
      m.lines.push_back("Release: " + release_text(*c->item.confiscation));
  m.big = slot_label(s, dr.confiscate.slot);
}

void item_rows(const core::State& s, ScreenModel& m) {
  m.columns = {"Pupil", "Where", "Release"};
  for (const auto& [id, item] : s.held) {
    if (!item.confiscation) continue;
    std::string status = release_text(*item.confiscation);
    if (item.confiscation->evidence_hold) status = "Evidence hold";
    m.rows.push_back(Row{.cells = {public_name(s, item.pupil), slot_label(s, item.slot), status},
                         .choice = pick_id(Pick::Held, id), .mark = ""});
  }
}

}  // namespace

void start_confiscation(Flow& f, const std::string& pupil) {
  core::Confiscate r{.actor = f.actor(), .pupil = pupil, .kind = core::HeldKind::Phone, .description = "",
                     .slot = f.desk.index.free_pouch(f.s(), f.options.kiosk), .reason = "-", .rule_breached = "-", .place = "",
                     .witness = "", .state_found = core::FoundState::Unknown, .condition_notes = "",
                     .release_override = std::nullopt, .desk = f.options.kiosk};
  if (core::Decision preview = f.ask(r); !preview.refusals.empty()) {
    f.outcome(preview);
    return;
  }
  r.reason = r.rule_breached = "";
  f.desk.draft = Draft{};
  f.desk.draft.confiscate = r;
  f.go(Step::ConfiscateReason);
}

bool confiscation_scan(Flow& f, const Resolved& code) {
  Desk& d = f.desk;
  Draft& dr = d.draft;
  switch (d.step) {
    case Step::ConfiscatePupil:
      if (code.kind != CodeKind::Person) {
        f.notice("Scan the pupil's card");
        return true;
      }
      start_confiscation(f, code.id);
      return true;
    case Step::ConfiscateReason:
    case Step::ConfiscateOtherReason:
      if (code.kind != CodeKind::Slot) {
        f.notice("Scan the pouch it goes in, or choose");
        return true;
      }
      {
        core::Confiscate r = dr.confiscate;
        r.slot = code.id;
        r.reason = r.rule_breached = "-";  // chosen next: the pouch alone is checked
        if (core::Decision preview = f.ask(r); !preview.refusals.empty()) {
          f.outcome(preview);
          return true;
        }
        dr.confiscate.slot = code.id;
      }
      return true;
    case Step::ConfiscationList:
      if (code.kind == CodeKind::Person || code.kind == CodeKind::Slot) {
        for (const auto& [id, item] : f.s().held)
          if (item.confiscation && (item.pupil == code.id || item.slot == code.id)) {
            open_item(f, id);
            return true;
          }
      }
      f.notice("Nothing confiscated is held for that card or pouch");
      return true;
    case Step::ReleaseCard:
      if (code.kind != CodeKind::Person) {
        f.notice("The pupil: scan your card");
        return true;
      }
      dr.release.pupil_card = code.id;
      release(f);
      return true;
    default:
      return false;
  }
}

bool confiscation_choose(Flow& f, const std::string& id) {
  Desk& d = f.desk;
  Draft& dr = d.draft;
  switch (d.step) {
    case Step::ConfiscatePupil:
    case Step::ConfiscationList:
      if (auto held = picked(id, Pick::Held); held && d.step == Step::ConfiscationList) {
        if (!item_of(f.s(), *held)) return false;
        open_item(f, *held);
        return true;
      }
      if (id != "back") return false;
      f.go(Step::StaffMenu);
      return true;
    case Step::ConfiscateReason:
      if (id == "back") {
        f.go(Step::ConfiscatePupil);
        return true;
      }
      if (id == "other") {
        f.go(Step::ConfiscateOtherReason);
        return true;
      }
      for (const auto& found : kFound)
        if (id == found.id) {  // stays: the reason records it
          bool again = dr.confiscate.state_found == found.state;
          dr.confiscate.state_found = again ? core::FoundState::Unknown : found.state;
          return true;
        }
      for (const auto& r : kReasons)
        if (id == r.id) {
          dr.confiscate.reason = std::string{r.label};
          dr.confiscate.rule_breached = std::string{r.rule};
          record_confiscation(f);
          return true;
        }
      return false;
    case Step::ConfiscateOtherReason:
      if (id != "back") return false;
      f.go(Step::ConfiscateReason);
      return true;
    case Step::ConfiscateDone:
    case Step::ConfiscationItem:
      if (id == "inform") {
        f.submit(core::InformParent{.actor = f.actor(), .held = dr.held, .informed = f.now});
      } else if (id == "done" && d.step == Step::ConfiscateDone) {
        f.home();
      } else if (id == "back") {
        if (d.step == Step::ConfiscateDone) f.home();
        else f.go(Step::ConfiscationList);
      } else if (d.step != Step::ConfiscationItem) {
        return false;
      } else if (id == "pupil") {
        start_release(f, core::ReleaseTo::Pupil);
      } else if (id == "parent") {
        start_release(f, core::ReleaseTo::Parent);
      } else if (id == "police") {
        start_release(f, core::ReleaseTo::Police);
      } else if (id == "hold") {
        f.submit(core::PlaceEvidenceHold{.actor = f.actor(), .held = dr.held, .device = ""});
      } else if (id == "clear") {
        f.submit(core::ClearEvidenceHold{.actor = f.actor(), .held = dr.held, .device = ""});
      } else {
        return false;
      }
      return true;
    case Step::ReleaseCard:
    case Step::ReleaseParentName:
    case Step::ReleasePoliceOfficer:
      if (id != "back") return false;
      f.go(Step::ConfiscationItem);
      return true;
    case Step::ReleaseParentRelationship:
      if (id == "back") {
        f.go(Step::ReleaseParentName);
        return true;
      }
      for (auto r : kRelationships)
        if (id == r) return confiscation_text(f, std::string{r});
      return false;
    case Step::ReleasePoliceCollar:
      if (id != "back") return false;
      f.go(Step::ReleasePoliceOfficer);
      return true;
    case Step::ReleasePoliceCrimeRef:
      if (id != "back") return false;
      f.go(Step::ReleasePoliceCollar);
      return true;
    default:
      return false;
  }
}

bool confiscation_text(Flow& f, const std::string& text) {
  Desk& d = f.desk;
  Draft& dr = d.draft;
  switch (d.step) {
    case Step::ConfiscateReason:
    case Step::ConfiscateOtherReason:
    case Step::ReleaseParentName:
    case Step::ReleaseParentRelationship:
    case Step::ReleasePoliceOfficer:
    case Step::ReleasePoliceCollar:
    case Step::ReleasePoliceCrimeRef:
      if (!text.empty()) break;
      f.notice("Please type it in");
      return true;
    default:
      return false;
  }
  switch (d.step) {
    case Step::ConfiscateReason:  // a reason in the teacher's own words
    case Step::ConfiscateOtherReason:
      dr.confiscate.reason = text;
      dr.confiscate.rule_breached = "Behaviour policy";
      record_confiscation(f);
      return true;
    case Step::ReleaseParentName:
      dr.release.name = text;
      f.go(Step::ReleaseParentRelationship);
      return true;
    case Step::ReleaseParentRelationship:
      dr.release.relationship = text;
      release(f);
      return true;
    case Step::ReleasePoliceOfficer:
      dr.release.officer = text;
      f.go(Step::ReleasePoliceCollar);
      return true;
    case Step::ReleasePoliceCollar:
      dr.release.collar = text;
      f.go(Step::ReleasePoliceCrimeRef);
      return true;
    case Step::ReleasePoliceCrimeRef:
      dr.release.crime_ref = text;
      release(f);
      return true;
    default:
      return false;
  }
}

bool render_confiscation(const Desk& d, const core::State& s, ScreenModel& m) {
  const Draft& dr = d.draft;
  auto text_screen = [&](std::string prompt, std::string label) {
    m.prompt = std::move(prompt);
    m.wants_text = true;
    m.text_label = std::move(label);
  };
  m.title = "Confiscation";
  switch (d.step) {
    case Step::ConfiscatePupil:
      m.title = "Confiscate";
      m.prompt = "Scan the pupil's card";
      break;
    case Step::ConfiscateReason:
      intake_lines(d, s, m);
      // Three rows of choices leave no room for huge text: the pouch goes in the prompt.
      m.prompt = "Why was it confiscated? The reason records it in " + m.big + " (how it was found first, if known)";
      m.big.clear();
      for (const auto& found : kFound) {
        if (found.label.empty()) continue;
        Choice c = choice(std::string{found.id}, std::string{found.label});
        c.selected = dr.confiscate.state_found == found.state;
        m.choices.push_back(c);
      }
      for (const auto& r : kReasons) m.choices.push_back(choice(std::string{r.id}, std::string{r.label}));
      m.choices.push_back(choice("other", "Other reason"));
      break;
    case Step::ConfiscateOtherReason:
      intake_lines(d, s, m);
      // The keyboard leaves no room for huge text: the pouch goes in the prompt.
      text_screen("Why was it confiscated? Enter records it in " + m.big, "Other reason");
      m.big.clear();
      break;
    case Step::ConfiscateDone:
      m.title = "Confiscated";
      if (const core::HeldItem* item = item_of(s, dr.held)) {
        m.big = slot_label(s, item->slot);
        m.lines = {public_name(s, item->pupil), "Release: " + release_text(*item->confiscation)};
      }
      m.prompt = "In " + m.big + ". Tell the parent or carer";
      m.choices = {choice("inform", "Parent or carer told now"), choice("done", "Done", true)};
      break;
    case Step::ConfiscationList:
      m.prompt = "Tap a device, or scan the pupil's card or the pouch";
      item_rows(s, m);
      break;
    case Step::ConfiscationItem: {
      const core::HeldItem* item = item_of(s, dr.held);
      if (!item) break;
      const core::Confiscation& c = *item->confiscation;
      m.lines = {public_name(s, item->pupil), slot_label(s, item->slot) + " since " + core::describe_time(item->at),
                 "Reason: " + c.reason, "Release: " + release_text(c)};
      if (c.parent_informed) m.lines.push_back("Parent or carer told " + core::describe_time(*c.parent_informed));
      if (c.evidence_hold) {
        m.lines.push_back("Under evidence hold");
        m.lines.push_back(s.settings.evidence_instruction);  // CF3: never the contents, only how to keep it
      }
      m.prompt = "What happens to it?";
      // Only what this member of staff may do is offered: back to the pupil
      // when the ladder allows it (CF2), the police and evidence holds to a DSL (CF3).
      const core::Person* staff = s.person(d.staff);
      bool dsl = staff && staff->roles.has(core::Right::Dsl);
      if (c.release == core::Release::PupilEndOfDay && !c.evidence_hold)
        m.choices.push_back(choice("pupil", "Back to the pupil"));
      if (!c.evidence_hold) m.choices.push_back(choice("parent", "To a parent or carer"));
      if (dsl) {
        m.choices.push_back(choice("police", "To the police"));
        m.choices.push_back(choice(c.evidence_hold ? "clear" : "hold",
                                   c.evidence_hold ? "Clear evidence hold" : "Evidence hold"));
      }
      m.choices.push_back(choice("inform", "Parent or carer told now"));
      break;
    }
    case Step::ReleaseCard:
      m.prompt = "The pupil: scan your card";
      break;
    case Step::ReleaseParentName:
      text_screen("The parent or carer's name", "Parent's name");
      break;
    case Step::ReleaseParentRelationship:
      text_screen("Their relationship to the pupil", "Relationship");
      for (auto r : kRelationships) m.choices.push_back(choice(std::string{r}, std::string{r}));
      break;
    case Step::ReleasePoliceOfficer:
      text_screen("The officer's name", "Officer");
      break;
    case Step::ReleasePoliceCollar:
      text_screen("The officer's collar number", "Collar number");
      break;
    case Step::ReleasePoliceCrimeRef:
      text_screen("The crime reference", "Crime reference");
      break;
    default:
      m.title = s.settings.school_name;
      return false;
  }
  back_cancel(m);
  return true;
}

}  // namespace kiosk::detail
