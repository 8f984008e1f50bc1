// PH1-PH7: pupils' phones and personal devices, handed in and collected daily.
#include <algorithm>
#include <set>

#include "core/calendar.h"
#include "core/desk_rules.h"
#include "core/queries.h"
#include "decide_common.h"

namespace core::detail {
namespace {

// PH2: the pupil whose card was scanned, on roll. Refuses with `rule` otherwise.
const Person* roll_pupil(Ctx& c, const std::string& id, const std::string& rule) {
  const Person* p = c.s.person(id);
  if (!p || !p->roles.has(Right::Pupil)) {
    c.refuse(rule, "That card is not a pupil's card");
    return nullptr;
  }
  if (!p->active) {
    c.refuse(rule, p->public_name() + " is no longer on roll");
    return nullptr;
  }
  return p;
}

std::string collection_message(const Ctx& c) {
  return "Collection opens at " + format_time_of_day(collection_opens_on(c.cfg, c.today));
}

std::string labels_of(const State& s, const std::vector<const HeldItem*>& items) {
  std::string out;
  for (const HeldItem* i : items) {
    if (!out.empty()) out += ", ";
    out += slot_label(s, i->slot);
  }
  return out;
}

}  // namespace

Decision decide_one(const State& s, const HandIn& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  const Person* pupil = roll_pupil(c, r.pupil, "PH2");
  if (!pupil) return std::move(c.d);
  if (r.actor != r.pupil && !c.staff()) c.refuse("PH2", "You can hand in only your own devices");
  if (!handin_open(c.cfg, now))
    c.refuse("PH1", "Hand-in opens at " + format_time_of_day(c.cfg.handin_opens));
  std::string slot;
  if (const Slot* named = r.slot.empty() ? nullptr : s.slot(r.slot);
      named && named->kind != SlotKind::Pouch && named->kind != SlotKind::Slot)
    c.refuse("PH2", "That is not a pouch: use a pouch");
  else slot = pouch_for(c, r.slot, r.desk, "PH2", "No pouch is free: please ask at the office");
  if (c.refused()) return std::move(c.d);

  // PH4: the screen may say a pupil is exempt, never why.
  if (is_exempt(s, r.pupil, c.today)) c.notice(pupil->public_name() + " is exempt");
  HeldItem item{.id = new_id("H", r.pupil, now, [&](const std::string& id) { return s.held.contains(id); }),
                .pupil = r.pupil, .kind = r.kind, .description = r.description, .slot = slot,
                .received_by = r.actor, .at = now, .confiscation = std::nullopt};
  c.emit(HandedIn{item});
  c.d.message = slot_label(s, slot) + " - " + pupil->public_name();
  return std::move(c.d);
}

Decision decide_one(const State& s, const Collect& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  const Person* pupil = roll_pupil(c, r.pupil, "PH3");
  if (!pupil) return std::move(c.d);
  if (r.actor != r.pupil && !c.staff()) {
    c.refuse("PH3", "You can collect only your own devices");
    return std::move(c.d);
  }
  std::vector<const HeldItem*> items;
  if (!r.held.empty()) {
    auto it = s.held.find(r.held);
    if (it == s.held.end()) c.refuse("PH3", "That device is no longer held");
    else if (it->second.pupil != r.pupil)
      c.refuse("PH3", "That device was handed in by another pupil: it goes back only to them");
    else if (it->second.confiscation)
      c.refuse("CF2", "That device was confiscated: a member of staff will release it");
    else items.push_back(&it->second);
  } else if (!r.slot.empty()) {
    for (const HeldItem* i : held_for(s, r.pupil))
      if (i->slot == r.slot && !i->confiscation) items.push_back(i);
    if (items.empty())
      c.refuse("PH3", "That is " + slot_label(s, r.slot) + ": it holds nothing for " + pupil->public_name());
  } else {
    for (const HeldItem* i : held_for(s, r.pupil))
      if (!i->confiscation) items.push_back(i);
    if (items.empty()) {
      bool confiscated = !held_for(s, r.pupil).empty();
      c.refuse(confiscated ? "CF2" : "PH3", confiscated
                                                ? "Your device was confiscated: a member of staff will release it"
                                                : "Nothing is held for " + pupil->public_name());
    }
  }
  if (c.refused()) return std::move(c.d);

  // PH3: before collection opens, a member of staff authorises and gives a
  // reason, unless the pupil takes back at once what they just handed in.
  bool undo = !r.held.empty() && r.actor == r.pupil && items.size() == 1 && items[0]->received_by == r.pupil &&
              now >= items[0]->at && now - items[0]->at <= kUndoHandIn;
  bool early = !collection_open(c.cfg, now) && !undo;
  std::string authoriser;
  if (early) {
    authoriser = !r.authorised_by.empty() ? r.authorised_by : (c.staff() && !c.is_system() ? r.actor : "");
    const Person* by = s.person(authoriser);
    if (authoriser.empty()) c.need(Need::StaffAuthorisation);
    else if (!by || !by->active || !by->roles.is_staff_like())
      c.refuse("PH3", "Only a member of staff can let a device go before collection opens");
    if (r.reason.empty()) c.need(Need::Reason);
    if (!c.d.allowed()) {
      c.d.message = collection_message(c);
      return std::move(c.d);
    }
  }
  for (const HeldItem* i : items)
    c.emit(Collected{.held = i->id, .pupil = r.pupil, .early = early,
                     .reason = early ? r.reason : undo && !collection_open(c.cfg, now) ? std::string{kUndoReason} : ""},
           authoriser);
  c.d.message = labels_of(s, items);
  return std::move(c.d);
}

Decision decide_one(const State& s, const FormBoxHandIn& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require_staff("PH6", "Only a member of staff can hand in a form box")) return std::move(c.d);
  const Slot* box = s.slot(r.box);
  if (!box || box->kind != SlotKind::FormBox) {
    c.refuse("PH6", "That is not a form box");
    return std::move(c.d);
  }
  if (!handin_open(c.cfg, now)) c.refuse("PH1", "Hand-in opens at " + format_time_of_day(c.cfg.handin_opens));
  if (std::ranges::any_of(s.held, [&](const auto& kv) { return kv.second.slot == r.box; }))
    c.refuse("PH6", slot_label(s, r.box) + " still holds devices from before: collect them first");
  if (r.entries.empty()) c.refuse("PH6", "Tick each pupil in the form first");

  std::set<std::string> seen;
  std::vector<FormEntry> entries;
  int counts[4] = {0, 0, 0, 0};
  for (const auto& e : r.entries) {
    const Person* p = roll_pupil(c, e.pupil, "PH6");
    if (!p) continue;
    if (!seen.insert(e.pupil).second) c.refuse("PH6", p->public_name() + " is ticked twice");
    if (!box->form.empty() && p->form != box->form)
      c.refuse("PH6", p->public_name() + " is not in form " + box->form);
    if (e.mark == FormMark::Exempt && !is_exempt(s, e.pupil, c.today))
      c.refuse("PH4", p->public_name() + " has no exemption on record for today");
    ++counts[static_cast<int>(e.mark)];
    std::string held;
    if (e.mark == FormMark::HandedIn)
      held = new_id("H", e.pupil, now, [&](const std::string& id) { return s.held.contains(id); });
    entries.push_back({.pupil = e.pupil, .mark = e.mark, .held = held, .kind = e.kind, .description = e.description});
  }
  if (c.refused()) return std::move(c.d);
  c.emit(FormBoxHandedIn{.box = r.box, .form = box->form, .entries = std::move(entries)});
  c.d.message = slot_label(s, r.box) + ": " + std::to_string(counts[0]) + " handed in, " + std::to_string(counts[1]) +
                " absent, " + std::to_string(counts[2]) + " exempt, " + std::to_string(counts[3]) + " no device";
  return std::move(c.d);
}

Decision decide_one(const State& s, const CollectFormBox& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require_staff("PH6", "Only a member of staff can collect a form box")) return std::move(c.d);
  const Slot* box = s.slot(r.box);
  if (!box || box->kind != SlotKind::FormBox) {
    c.refuse("PH6", "That is not a form box");
    return std::move(c.d);
  }
  if (!collection_open(c.cfg, now)) c.refuse("PH3", collection_message(c));
  std::vector<const HeldItem*> items;
  for (const auto& [id, item] : s.held)
    if (item.slot == r.box && !item.confiscation) items.push_back(&item);
  if (items.empty()) c.refuse("PH6", slot_label(s, r.box) + " holds no devices");
  if (c.refused()) return std::move(c.d);
  for (const HeldItem* i : items) c.emit(Collected{.held = i->id, .pupil = i->pupil, .early = false, .reason = ""});
  // PH6: the box goes back from the office to the tutor.
  if (!c.is_system()) c.emit(CustodyTransferred{.slot = r.box, .to = r.actor});
  c.d.message = slot_label(s, r.box) + ": " + std::to_string(items.size()) + " devices to hand back";
  return std::move(c.d);
}

Decision decide_one(const State& s, const TransferCustody& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require_staff("PH7", "Only a member of staff can take custody of devices")) return std::move(c.d);
  const Slot* slot = s.slot(r.slot);
  if (!slot) {
    c.refuse("PH7", "That box or slot is not on record");
    return std::move(c.d);
  }
  if (!r.to.empty()) {
    const Person* to = s.person(r.to);
    if (!to || !to->active || !to->roles.is_staff_like()) {
      c.refuse("PH7", "Devices can be handed only to a member of staff");
      return std::move(c.d);
    }
  }
  if (slot->custodian == r.to) {
    c.refuse("PH7", slot_label(s, r.slot) + " is already " +
                        (r.to.empty() ? std::string{"with the office"} : "with " + display_name(s, r.to)));
    return std::move(c.d);
  }
  c.emit(CustodyTransferred{.slot = r.slot, .to = r.to});
  c.d.message = slot_label(s, r.slot) + " is now " +
                (r.to.empty() ? std::string{"with the office"} : "with " + display_name(s, r.to));
  return std::move(c.d);
}

}  // namespace core::detail
