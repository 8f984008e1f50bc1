// CF1-CF5: confiscation, the escalation ladder, evidence holds and release.
#include "core/calendar.h"
#include "core/queries.h"
#include "decide_common.h"

namespace core::detail {
namespace {

std::string release_text(Release release, const std::optional<Date>& not_before) {
  std::string text = release == Release::PupilEndOfDay ? "back to the pupil at the end of the day"
                                                       : "a parent or carer collects it";
  if (not_before) text += ", not before " + describe_date(*not_before);
  return text;
}

// The confiscated item a request names; refuses with `rule` otherwise.
const HeldItem* confiscated(Ctx& c, const std::string& held, const std::string& rule) {
  auto it = c.s.held.find(held);
  if (it == c.s.held.end() || !it->second.confiscation) {
    c.refuse(rule, "That device is not held as a confiscation");
    return nullptr;
  }
  return &it->second;
}

}  // namespace

Decision decide_one(const State& s, const Confiscate& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Confiscate, "CF1", "Only staff with the confiscation right can confiscate"))
    return std::move(c.d);
  const Person* pupil = s.person(r.pupil);
  if (!pupil || !pupil->roles.has(Right::Pupil) || !pupil->active) {
    c.refuse("CF1", "That card is not the card of a pupil on roll");
    return std::move(c.d);
  }
  if (r.reason.empty()) c.need(Need::Reason);
  if (r.rule_breached.empty()) c.refuse("CF1", "Choose the rule of the behaviour policy that was broken");
  std::string slot = pouch_for(c, r.slot, r.desk, "CF1", "No pouch is free: use an envelope and record its slot");
  if (!c.d.allowed()) return std::move(c.d);

  LadderOutcome ladder = ladder_step_for(s, r.pupil, now);
  LadderStep step = r.release_override.value_or(ladder.step);
  std::optional<Date> not_before = ladder.not_before;
  if (r.release_override)
    not_before = step.not_before_school_days > 0
                     ? std::optional{add_school_days(c.cfg, c.today, step.not_before_school_days)}
                     : std::nullopt;
  Confiscation conf{.reason = r.reason, .rule_breached = r.rule_breached, .place = r.place, .staff = r.actor,
                    .witness = r.witness, .state_found = r.state_found, .condition_notes = r.condition_notes,
                    .release = step.release, .not_before = not_before, .parent_informed = std::nullopt,
                    .evidence_hold = false, .evidence_hold_by = ""};
  HeldItem item{.id = new_id("C", r.pupil, now, [&](const std::string& id) { return s.held.contains(id); }),
                .pupil = r.pupil, .kind = r.kind, .description = r.description, .slot = slot,
                .received_by = r.actor, .at = now, .confiscation = conf};
  c.emit(Confiscated{item});
  c.d.message = slot_label(s, slot) + " - " + pupil->public_name() + ": " + release_text(step.release, not_before);
  // DP1: the ladder's count is sanction history: it goes to staff as a notice, never on the public screen.
  c.notice(ordinal(ladder.nth) + " confiscation this term");
  if (step.release == Release::ParentOnly) c.notice("Record when the parent or carer was told");
  return std::move(c.d);
}

Decision decide_one(const State& s, const InformParent& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require_staff("CF5", "Only a member of staff can record that a parent was told")) return std::move(c.d);
  const HeldItem* item = confiscated(c, r.held, "CF5");
  if (!item) return std::move(c.d);
  Time informed = r.informed == Time{} ? now : r.informed;
  if (informed > now) c.refuse("CF5", "The time a parent was told cannot be in the future");
  else if (informed < item->at) c.refuse("CF5", "The time a parent was told cannot be before the confiscation");
  if (c.refused()) return std::move(c.d);
  c.emit(ParentInformed{.held = r.held, .informed = informed});
  c.d.message = "Parent or carer told at " + describe_time(informed);
  return std::move(c.d);
}

Decision decide_one(const State& s, const PlaceEvidenceHold& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Dsl, "CF3", "Only a DSL can place an evidence hold")) return std::move(c.d);
  if (r.held.empty() == r.device.empty()) {
    c.refuse("CF3", "Scan either the held phone or the school device");
    return std::move(c.d);
  }
  if (!r.held.empty()) {
    const HeldItem* item = confiscated(c, r.held, "CF3");
    if (item && item->confiscation->evidence_hold) c.refuse("CF3", "That device is already under evidence hold");
  } else {
    const Device* d = s.device(r.device);
    if (!d) c.refuse("CF3", "That device is not in the register");
    else if (d->evidence_hold) c.refuse("CF3", "That device is already under evidence hold");
  }
  if (c.refused()) return std::move(c.d);
  c.emit(EvidenceHoldPlaced{.held = r.held, .device = r.device});
  c.d.message = "Evidence hold placed";
  // CF3: the kiosk never handles contents; it says how the device is to be kept.
  c.notice(c.cfg.evidence_instruction);
  return std::move(c.d);
}

Decision decide_one(const State& s, const ClearEvidenceHold& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Dsl, "CF3", "Only a DSL can clear an evidence hold")) return std::move(c.d);
  if (r.held.empty() == r.device.empty()) {
    c.refuse("CF3", "Scan either the held phone or the school device");
    return std::move(c.d);
  }
  if (!r.held.empty()) {
    const HeldItem* item = confiscated(c, r.held, "CF3");
    if (item && !item->confiscation->evidence_hold) c.refuse("CF3", "That device is not under evidence hold");
  } else {
    const Device* d = s.device(r.device);
    if (!d || !d->evidence_hold) c.refuse("CF3", "That device is not under evidence hold");
  }
  if (c.refused()) return std::move(c.d);
  c.emit(EvidenceHoldCleared{.held = r.held, .device = r.device});
  c.d.message = "Evidence hold cleared";
  return std::move(c.d);
}

Decision decide_one(const State& s, const ReleaseHeld& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require_staff("CF2", "Only a member of staff can release a confiscated device")) return std::move(c.d);
  const HeldItem* item = confiscated(c, r.held, "CF2");
  if (!item) return std::move(c.d);
  const Confiscation& conf = *item->confiscation;

  if (r.to == ReleaseTo::Police) {
    if (!c.can(Right::Dsl)) c.refuse("CF3", "Only a DSL can hand a device to the police");
    if (r.officer.empty() || r.collar.empty() || r.crime_ref.empty()) c.need(Need::PoliceDetails);
  } else if (conf.evidence_hold) {
    c.refuse("CF3", "This device is under evidence hold: it cannot be released until a DSL clears the hold");
  } else {
    if (conf.not_before && c.today < *conf.not_before)
      c.refuse("CF2", "This device cannot be released before " + describe_date(*conf.not_before));
    if (r.to == ReleaseTo::Pupil) {
      if (conf.release == Release::ParentOnly) c.refuse("CF2", "This device goes back only to a parent or carer");
      // "At the end of the day": the day it was taken, once collection opens.
      if (date_of(item->at) == c.today && !collection_open(c.cfg, now))
        c.refuse("CF2", "It goes back at the end of the day: collection opens at " +
                            format_time_of_day(collection_opens_on(c.cfg, c.today)));
      if (r.pupil_card.empty()) c.need(Need::PupilCard);
      else if (r.pupil_card != item->pupil)
        c.refuse("PH3", "This card is not the card of the pupil it was taken from");
    } else if (r.name.empty() || r.relationship.empty()) {
      c.need(Need::ParentDetails);
    }
  }
  if (!c.d.allowed()) return std::move(c.d);
  Released ev{.held = r.held, .pupil = item->pupil, .to = r.to, .name = "", .relationship = "", .officer = "",
              .collar = "", .crime_ref = ""};
  if (r.to == ReleaseTo::Parent) {
    ev.name = r.name;
    ev.relationship = r.relationship;
  } else if (r.to == ReleaseTo::Police) {
    ev.officer = r.officer;
    ev.collar = r.collar;
    ev.crime_ref = r.crime_ref;
  }
  c.emit(std::move(ev));
  c.d.message = "Release " + slot_label(s, item->slot);
  return std::move(c.d);
}

}  // namespace core::detail
