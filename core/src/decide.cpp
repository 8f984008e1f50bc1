#include "core/decide.h"

#include <algorithm>

#include "core/limits.h"
#include "core/queries.h"
#include "decide_common.h"

namespace core {
namespace detail {

Ctx::Ctx(const State& state, const std::string& a, Time t)
    : s(state), cfg(state.settings), now(t), today(date_of(t)), actor(a), who(state.person(a)) {}

bool Ctx::can(Right r) const {
  if (is_system()) return r != Right::Pupil && r != Right::Visitor;
  return who && who->active && who->roles.has(r);
}

bool Ctx::staff() const {
  if (is_system()) return true;
  return who && who->active && who->roles.is_staff_like();
}

bool Ctx::known_actor() {
  if (is_system()) return true;
  if (!who) {
    refuse("SE1", "Scan your badge or card first");
    return false;
  }
  if (!who->active) {
    refuse("LN10", "This badge or card is no longer active");
    return false;
  }
  return true;
}

bool Ctx::require(Right r, const std::string& rule, const std::string& message) {
  if (!known_actor()) return false;
  if (can(r)) return true;
  refuse(rule, message);
  return false;
}

bool Ctx::require_staff(const std::string& rule, const std::string& message) {
  if (!known_actor()) return false;
  if (staff()) return true;
  refuse(rule, message);
  return false;
}

void Ctx::refuse(std::string rule, std::string message) {
  d.refusals.push_back({std::move(rule), std::move(message)});
}

void Ctx::need(Need n) {
  if (std::ranges::find(d.needs, n) == d.needs.end()) d.needs.push_back(n);
}

void Ctx::notice(std::string text) { d.notices.push_back(std::move(text)); }

void Ctx::emit(EventData data, std::string authoriser) {
  if (authoriser == actor) authoriser.clear();  // SE1: recorded only where different
  d.events.push_back(Event{.at = now, .actor = actor, .authoriser = std::move(authoriser), .data = std::move(data)});
}

namespace {

// `r` whole if there is no record (`old`), else what changed, if anything.
template <class Recorded, class Changed, class R>
void record_as(Ctx& c, const R* old, const R& r) {
  if (!old) return c.emit(Recorded{r});
  if (auto changed = changes(*old, r); !changed.empty()) c.emit(Changed{r.id, std::move(changed)});
}

}  // namespace

void Ctx::record(const Person& person) { record_as<PersonRecorded, PersonChanged>(*this, s.person(person.id), person); }
void Ctx::record(const Device& device) { record_as<DeviceRecorded, DeviceChanged>(*this, s.device(device.id), device); }

std::string display_name(const Person& p) {
  if (p.roles.has(Right::Pupil) && !p.roles.is_staff_like()) return p.public_name();
  std::string first = p.preferred_name.empty() ? p.first_name : p.preferred_name;
  if (first.empty()) return p.surname;
  return p.surname.empty() ? first : first + " " + p.surname;
}

std::string display_name(const State& s, const std::string& person) {
  const Person* p = s.person(person);
  return p ? display_name(*p) : std::string{"someone no longer on record"};
}

std::string device_label(const Device& d) { return d.name.empty() ? d.id : d.name; }

std::string device_noun(const Device& d) {
  switch (d.kind) {
    case DeviceKind::StaffLaptop:
    case DeviceKind::PupilLaptop: return "laptop";
    case DeviceKind::Tablet: return "tablet";
    case DeviceKind::Camera: return "camera";
    case DeviceKind::MemoryStick: return "memory stick";
    case DeviceKind::Charger: return "charger";
    case DeviceKind::Projector: return "projector";
    case DeviceKind::Phone: return "phone";
    case DeviceKind::Other: break;
  }
  return "device";
}

std::string slot_label(const State& s, const std::string& slot) {
  const Slot* sl = s.slot(slot);
  if (!sl) return slot;
  return sl->label.empty() ? sl->id : sl->label;
}

std::string ordinal(int n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    else if (n % 10 == 2) suffix = "nd";
    else if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

namespace {

// Pouches and slots take one device; lockers and form boxes many.
bool single(const Slot& slot) { return slot.kind == SlotKind::Pouch || slot.kind == SlotKind::Slot; }

bool occupied(const State& s, const std::string& slot) {
  return std::ranges::any_of(s.held, [&](const auto& kv) { return kv.second.slot == slot; });
}

}  // namespace

std::string free_slot(const State& s, std::string_view desk) {
  std::string free;
  s.each_slot([&](const Slot& slot) {
    if (single(slot) && gives_out(s, desk, slot.id) && !occupied(s, slot.id)) free = slot.id;
    return free.empty();
  });
  return free;
}

std::string pouch_for(Ctx& c, const std::string& slot, const std::string& desk, const std::string& rule,
                      const std::string& none_free) {
  if (!slot.empty()) {
    if (!gives_out(c.s, desk, slot)) {
      const Rack* rack = rack_of(c.s, slot);
      c.refuse(rule, slot_label(c.s, slot) + " is on " + (rack->id.empty() ? "the racks" : "rack " + rack->id) +
                         " of desk " + rack->desk + ": use a pouch of this desk's");
      return {};
    }
    return check_slot(c, slot, rule) ? slot : std::string{};
  }
  std::string free = free_slot(c.s, desk);
  if (free.empty())
    c.refuse(rule, free_slot(c.s).empty()
                       ? none_free
                       : "No free pouch on this desk's racks: please ask at the office. An administrator can move "
                         "a rack to desk " + desk + " (Reports, Racks of pouches; or tagdesk rack move RACK --to " +
                         desk + ")");
  return free;
}

bool check_slot(Ctx& c, const std::string& slot, const std::string& rule) {
  const Slot* sl = c.s.slot(slot);
  if (!sl) {
    c.refuse(rule, "That pouch or slot is not on record");
    return false;
  }
  if (single(*sl) && occupied(c.s, slot)) {
    c.refuse(rule, slot_label(c.s, slot) + " already holds a device: use another");
    return false;
  }
  return true;
}

}  // namespace detail

bool Decision::refused_by(std::string_view rule) const {
  return std::ranges::any_of(refusals, [&](const Refusal& r) { return r.rule == rule; });
}

Decision decide(const State& state, const Request& request, Time now) {
  // Item 10 (docs/SECURITY.md): no text past its limit or holding a control
  // character reaches a rule, whichever front end it came from.
  if (auto bad = first_text_problem(text_fields(request))) {
    Decision d;
    d.refusals.push_back({"SE3", *bad + ". Nothing has changed."});
    return d;
  }
  return std::visit([&](const auto& r) { return detail::decide_one(state, r, now); }, request);
}

Decision refuse_unknown_code(std::string_view code) {
  Decision d;
  std::string what = "That code is not one of the school's tags, cards or slots";
  // A web address or a shop barcode is the usual mistake: say so plainly.
  if (code.starts_with("http") || code.starts_with("www.")) what = "That is a web address, not one of the school's tags";
  d.refusals.push_back({"SE3", what + ". Nothing has changed."});
  return d;
}

}  // namespace core
