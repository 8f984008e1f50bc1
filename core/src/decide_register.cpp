// AR1-AR3 and PT1-PT4: the asset register, audits, PAT records and the
// "may this be plugged in?" check.
#include <algorithm>
#include <utility>

#include "core/calendar.h"
#include "core/pat.h"
#include "core/queries.h"
#include "decide_common.h"

namespace core::detail {

Decision decide_one(const State& s, const RecordDevice& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "AR1", "Only an administrator can change the asset register")) return std::move(c.d);
  const Device& d = r.device;
  if (d.id.empty()) c.refuse("AR1", "A device needs the id its tag carries");
  for (const auto& code : {d.asset_tag, d.serial}) {
    if (code.empty()) continue;
    if (std::string owner = s.device_by_tag_or_serial(code); !owner.empty() && owner != d.id)
      c.refuse("AR1", "Tag or serial " + code + " already belongs to " + owner);
  }
  if (d.status == DeviceStatus::Retired && (!d.disposal_date || d.disposal_route.empty()))
    c.refuse("AR1", "A retired device needs its disposal date and route");
  if (d.status != DeviceStatus::Available && s.loan_of(d.id))
    c.refuse("AR1", "This device is signed out: return it before changing its status");
  if (d.encrypted && !d.encryption_verified) c.refuse("AR1", "Record the date the encryption was verified");
  if (c.refused()) return std::move(c.d);
  c.record(d);
  c.d.message = device_label(d) + (s.device(d.id) ? " updated" : " added to the register");
  return std::move(c.d);
}

Decision decide_one(const State& s, const RecordSlot& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "AR1", "Only an administrator can change the storage slots")) return std::move(c.d);
  if (r.slot.id.empty()) {
    c.refuse("AR1", "A slot needs the id its tag carries");
    return std::move(c.d);
  }
  c.emit(SlotRecorded{r.slot});
  c.d.message = slot_label(s, r.slot.id) + " recorded";
  return std::move(c.d);
}

// Issue 21, PH2: only the rack's desk gives out its pouches from now on.
Decision decide_one(const State& s, const MoveRack& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "PH2", "Only an administrator can move a rack")) return std::move(c.d);
  auto it = s.racks.find(r.rack);
  Rack rack = it != s.racks.end() ? it->second : Rack{.id = r.rack, .first = "", .last = "", .desk = ""};
  std::string name = r.rack.empty() ? "The pouches on no rack" : "Rack " + r.rack;
  if (r.to.empty()) c.refuse("PH2", "Name the desk the rack goes to");
  if (!r.first.empty() || !r.last.empty()) {
    rack.first = r.first;
    rack.last = r.last;
  }
  if (r.rack.empty() && !rack.first.empty()) {
    c.refuse("PH2", "Name the rack that holds pouches " + rack.first + " to " + rack.last);
  } else if (!r.rack.empty()) {
    if (rack.first.empty() || rack.last.empty()) {
      c.refuse("PH2", name + " is new: say which pouches it holds, the first and the last");
    } else if (rack.last < rack.first) {
      c.refuse("PH2", rack.first + " comes after " + rack.last + ": give the first pouch, then the last");
    } else {
      bool any = false;
      s.each_slot([&](const Slot& sl) { return !(any = sl.id <= rack.last); }, rack.first);
      if (!any) c.refuse("PH2", "No pouch has an id from " + rack.first + " to " + rack.last);
      for (const auto& [id, other] : s.racks)
        if (!id.empty() && id != rack.id && other.first <= rack.last && rack.first <= other.last)
          c.refuse("PH2", "Rack " + id + " holds pouches " + other.first + " to " + other.last +
                              " already: a pouch is on one rack only");
    }
  }
  if (it != s.racks.end() && it->second.first == rack.first && it->second.last == rack.last && rack.desk == r.to)
    c.refuse("PH2", name + " is at desk " + r.to + " already");
  if (c.refused()) return std::move(c.d);
  std::string from = std::exchange(rack.desk, r.to);
  c.d.message = name + (rack.id.empty() ? " are" : " (" + rack.first + " to " + rack.last + ") is") + " now at desk " + r.to;
  c.emit(RackMoved{std::move(rack), std::move(from)});
  return std::move(c.d);
}

Decision decide_one(const State& s, const RecordPat& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "PT1", "Only an administrator can record PAT tests")) return std::move(c.d);
  const Device* d = s.device(r.record.device);
  if (!d) c.refuse("PT1", "That item is not in the register");
  if (r.record.date > c.today) c.refuse("PT1", "A test date cannot be in the future");
  if (r.record.tester.empty()) c.refuse("PT1", "Record who did the test");
  if (c.refused()) return std::move(c.d);
  c.emit(PatTested{r.record});
  if (!r.record.passed) {
    // PT3: out of service until repaired and passed again.
    c.d.message = device_label(*d) + " failed: out of service until it is repaired and passes";
    return std::move(c.d);
  }
  Device after = *d;
  after.last_pat = r.record;
  after.last_pat_pass = r.record.date;
  after.equipment_class = r.record.equipment_class;
  after.equipment_type = r.record.equipment_type;
  auto due = pat_next_due(after, c.cfg);
  c.d.message = device_label(*d) + " passed" + (due ? ": next test due " + describe_date_long(*due) : std::string{});
  return std::move(c.d);
}

Decision decide_one(const State& s, const PlugInCheck& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.known_actor()) return std::move(c.d);
  const Device* d = s.device(r.device);
  if (!d) {
    c.refuse("AR3", "This equipment is not registered, so it may not be plugged in");
    return std::move(c.d);
  }
  // AR3: personal equipment needs a permission on record; school equipment is the school's.
  if (d->owner == Owner::Personal && d->use_permitted_by.empty())
    c.refuse("AR3", d->kind == DeviceKind::MemoryStick
                        ? "No permission is recorded for this memory stick: ask the ICT coordinator"
                        : "No permission is recorded for this equipment: ask the business manager");
  if (d->kind != DeviceKind::MemoryStick) {
    auto st = pat_status(*d, c.cfg, c.today);
    if (st == PatStatus::Failed) c.refuse("AR3", "This equipment failed its PAT: do not plug it in");
    else if (st == PatStatus::Overdue) c.refuse("AR3", "This equipment's PAT is out of date: do not plug it in");
    else if (st == PatStatus::Untested) c.refuse("AR3", "This equipment has no PAT on record: do not plug it in");
  }
  if (c.refused()) return std::move(c.d);
  auto due = pat_next_due(*d, c.cfg);
  c.d.message = "Yes: " + device_label(*d) + " may be used" +
                (due ? " (PAT valid until " + describe_date_long(*due) + ")" : std::string{});
  return std::move(c.d);
}

namespace {

const Audit* find_audit(Ctx& c, const std::string& id) {
  auto it = c.s.audits.find(id);
  if (it == c.s.audits.end()) {
    c.refuse("AR2", "That audit is not in progress");
    return nullptr;
  }
  return &it->second;
}

}  // namespace

Decision decide_one(const State& s, const StartAudit& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "AR2", "Only an administrator can run an audit")) return std::move(c.d);
  const auto& known = s.settings.locations;
  if (!r.location.empty() && !known.empty() && !known.contains(r.location)) {
    std::string names;
    for (const auto& [name, note] : known) names += (names.empty() ? "" : ", ") + name;
    c.refuse("AR2", "'" + r.location + "' is not a location in the register (" + names + ")");
    return std::move(c.d);
  }
  std::string key = r.location.empty() ? "SITE" : r.location;
  std::string id = new_id("AU", key, now, [&](const std::string& x) { return s.audits.contains(x); });
  c.emit(AuditStarted{.audit = id, .location = r.location});
  c.d.message = "Audit of " + (r.location.empty() ? std::string{"the whole site"} : r.location) + ": scan every device";
  return std::move(c.d);
}

Decision decide_one(const State& s, const AuditScan& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "AR2", "Only an administrator can run an audit")) return std::move(c.d);
  const Audit* audit = find_audit(c, r.audit);
  const Device* d = s.device(r.device);
  if (audit && !d) c.refuse("AR2", "That device is not in the register");
  if (c.refused()) return std::move(c.d);
  if (audit->seen.contains(r.device)) {
    c.d.message = device_label(*d) + " already scanned";
    return std::move(c.d);
  }
  c.emit(AuditScanned{.audit = r.audit, .device = r.device});
  c.d.message = device_label(*d);
  if (!audit_expects(s, *d, audit->location))
    c.notice("Not expected here: registered at " + (d->home_location.empty() ? "no location" : d->home_location));
  return std::move(c.d);
}

Decision decide_one(const State& s, const FinishAudit& r, Time now) {
  Ctx c{s, r.actor, now};
  if (!c.require(Right::Admin, "AR2", "Only an administrator can run an audit")) return std::move(c.d);
  const Audit* audit = find_audit(c, r.audit);
  if (!audit) return std::move(c.d);
  AuditFinished ev{.audit = r.audit, .found = {}, .missing = {}, .unexpected = {}};
  s.each_device([&](const Device& d) {
    const std::string id = d.id;
    bool seen = audit->seen.contains(id);
    bool expected = audit_expects(s, d, audit->location);
    if (seen && expected) ev.found.push_back(id);
    else if (expected) ev.missing.push_back(id);
    else if (seen) ev.unexpected.push_back(id);
  }, {.fields = {"id", "owner", "status", "home_location"}});  // what expected_in reads
  c.d.message = std::to_string(ev.found.size()) + " found, " + std::to_string(ev.missing.size()) + " missing, " +
                std::to_string(ev.unexpected.size()) + " unexpected";
  c.emit(std::move(ev));
  return std::move(c.d);
}

}  // namespace core::detail
