#include "core/state.h"

#include <algorithm>

#include "core/overloaded.h"

namespace core {
namespace {

// The code indexes are kept only when the State holds every row.
void index_device(State& s, const Device& d) {
  if (s.rows) return;
  if (!d.asset_tag.empty()) s.device_by_code[d.asset_tag] = d.id;
  if (!d.serial.empty()) s.device_by_code[d.serial] = d.id;
}

void unindex_device(State& s, const Device& d) {
  if (s.rows) return;
  for (const auto& code : {d.asset_tag, d.serial}) {
    auto it = s.device_by_code.find(code);
    if (it != s.device_by_code.end() && it->second == d.id) s.device_by_code.erase(it);
  }
}

// Counts `p` into pupils_by_form_year (`by` = 1) or out of it (-1), if an
// active pupil.
void count_pupil(State& s, const Person& p, int by) {
  if (!p.active || !p.roles.has(Right::Pupil)) return;
  auto it = s.pupils_by_form_year.try_emplace({p.form, p.year}).first;
  if ((it->second += by) == 0) s.pupils_by_form_year.erase(it);
}

// Applies one event. Each handler names the rows it changed.
class Applier {
 public:
  Applier(State& s, const Event& e) : s_(s), e_(e) {}

  void operator()(const SettingChanged& e) {
    // The decision that made this event validated the value; a bad one in an
    // old log is skipped rather than stopping the replay.
    (void)set_setting(s_.settings, e.key, e.value);
    t_.settings = true;
  }
  void operator()(const PersonRecorded& e) { put(e.person); }
  void operator()(const PersonChanged& e) { change(s_.person_to_edit(e.person), e.changed); }
  void operator()(const PersonDeactivated& e) {
    edit_person(e.person, [&](Person& p) {
      count_pupil(s_, p, -1);
      p.active = false;
    });
  }
  void operator()(const PinSet& e) {
    edit_person(e.person, [&](Person& p) {
      p.pin_hash = e.hash;
      p.pin_failures.clear();
      p.locked_until.reset();
    });
  }
  void operator()(const PinFailed& e) {
    const Settings& cfg = s_.settings;
    edit_person(e.person, [&](Person& p) {
      auto window = std::chrono::minutes{cfg.pin_failure_window_minutes};
      std::erase_if(p.pin_failures, [&](Time t) { return t <= e_.at - window; });
      p.pin_failures.push_back(e_.at);
      if (static_cast<int>(p.pin_failures.size()) >= cfg.pin_max_failures) {
        p.locked_until = e_.at + std::chrono::minutes{cfg.pin_lockout_minutes};
        p.pin_failures.clear();
      }
    });
  }
  void operator()(const SessionStarted& e) {
    edit_person(e.person, [](Person& p) { p.pin_failures.clear(); });
  }
  void operator()(const AupAccepted& e) { edit_person(e.person, [&](Person& p) { p.aup_accepted = e.date; }); }
  void operator()(const DeviceRecorded& e) { put(e.device); }
  void operator()(const DeviceChanged& e) { change(s_.device_to_edit(e.device), e.changed); }
  void operator()(const SlotRecorded& e) {
    Slot slot = e.slot;
    if (const Slot* old = s_.slot_to_edit(slot.id)) keep_own_fields(slot, *old);
    s_.slots[slot.id] = std::move(slot);
    t_.slots.insert(e.slot.id);
  }
  void operator()(const ExemptionRecorded& e) {
    auto& list = s_.exemptions[e.exemption.pupil];
    std::erase_if(list, [&](const Exemption& x) {
      return x.category == e.exemption.category && x.start == e.exemption.start;
    });
    list.push_back(e.exemption);
    t_.exemptions.insert(e.exemption.pupil);
  }
  void operator()(const ApprovalRecorded& e) {
    auto key = approval_key(e.approval.person, e.approval.device);
    s_.approvals[key] = e.approval;
    t_.approvals.insert(key);
  }
  void operator()(const HandedIn& e) { hold(e.item); }
  void operator()(const Collected& e) { release(e.held); }
  void operator()(const FormBoxHandedIn& e) {
    for (const auto& entry : e.entries) {
      if (entry.mark != FormMark::HandedIn) continue;
      hold(HeldItem{.id = entry.held, .pupil = entry.pupil, .kind = entry.kind, .description = entry.description,
                    .slot = e.box, .received_by = e_.actor, .at = e_.at});
    }
    edit_slot(e.box, [](Slot& slot) { slot.custodian.clear(); });
  }
  void operator()(const CustodyTransferred& e) { edit_slot(e.slot, [&](Slot& slot) { slot.custodian = e.to; }); }
  void operator()(const Confiscated& e) {
    hold(e.item);
    s_.confiscations[e.item.pupil].push_back(e_.at);
    t_.confiscations.insert(e.item.pupil);
  }
  void operator()(const ParentInformed& e) {
    edit_confiscation(e.held, [&](Confiscation& c) { c.parent_informed = e.informed; });
  }
  void operator()(const EvidenceHoldPlaced& e) { set_hold(e.held, e.device, true); }
  void operator()(const EvidenceHoldCleared& e) { set_hold(e.held, e.device, false); }
  void operator()(const Released& e) { release(e.held); }
  void operator()(const SignedOut& e) {
    s_.loans[e.loan.id] = e.loan;
    s_.loan_by_device[e.loan.device] = e.loan.id;
    t_.loans.insert(e.loan.id);
  }
  void operator()(const Returned& e) {
    close_loan(e.loan);
    edit_device(e.device, [&](Device& d) {
      // LN8: damaged goes to repair; LN12: a recalled device stays with IT.
      if (e.condition == Condition::Damaged || d.recalled) d.status = DeviceStatus::AwaitingRepair;
      d.recalled = false;
      d.recall_reason.clear();
      d.last_seen = date_of(e_.at);
      for (const auto& a : e.missing)
        if (std::ranges::find(d.missing_accessories, a) == d.missing_accessories.end())
          d.missing_accessories.push_back(a);
    });
  }
  void operator()(const SignOutRefused&) {}
  void operator()(const RepairCleared& e) {
    edit_device(e.device, [](Device& d) { d.status = DeviceStatus::Available; });
  }
  void operator()(const ReportedLost& e) {
    // A copy: close_loan erases the index entry the iterator points into.
    if (auto it = s_.loan_by_device.find(e.device); it != s_.loan_by_device.end()) close_loan(std::string{it->second});
    edit_device(e.device, [&](Device& d) { d.status = e.stolen ? DeviceStatus::Stolen : DeviceStatus::Lost; });
  }
  void operator()(const Recalled& e) {
    edit_device(e.device, [&](Device& d) {
      d.recalled = true;
      d.recall_reason = e.reason;
    });
  }
  void operator()(const PatTested& e) {
    edit_device(e.record.device, [&](Device& d) {
      d.last_pat = e.record;
      d.equipment_class = e.record.equipment_class;
      d.equipment_type = e.record.equipment_type;
      if (e.record.passed) d.last_pat_pass = e.record.date;
    });
  }
  void operator()(const AuditStarted& e) {
    s_.audits[e.audit] = Audit{.id = e.audit, .location = e.location, .started = e_.at, .by = e_.actor, .seen = {}};
    t_.audits.insert(e.audit);
  }
  void operator()(const AuditScanned& e) {
    if (auto it = s_.audits.find(e.audit); it != s_.audits.end()) {
      it->second.seen.insert(e.device);
      t_.audits.insert(e.audit);
    }
    edit_device(e.device, [&](Device& d) { d.last_seen = date_of(e_.at); });
  }
  void operator()(const AuditFinished& e) {
    s_.audits.erase(e.audit);
    t_.audits.insert(e.audit);
  }
  void operator()(const RecordsPurged& e) {
    for (auto& [pupil, times] : s_.confiscations) {
      auto before = times.size();
      std::erase_if(times, [&](Time t) { return date_of(t) < e.records_before; });
      if (times.size() != before) t_.confiscations.insert(pupil);
    }
  }
  void operator()(const DataExported&) {}
  void operator()(const AdminRecovered&) {}
  void operator()(const ClockWentBack&) {}
  void operator()(const ProjectionsRebuilt&) {}
  void operator()(const ConflictRecorded&) {}  // both events stand as recorded
  void operator()(const RackMoved& e) {
    s_.racks[e.rack.id] = e.rack;
    t_.racks.insert(e.rack.id);
  }

  Touched touched() && { return std::move(t_); }

 private:
  // A person's record as an edit leaves it: the fields their own events write
  // (PIN, lockout, agreement) kept from the record there is.
  void put(Person p) {
    std::string id = p.id;
    if (const Person* old = s_.person_to_edit(id)) {
      keep_own_fields(p, *old);
      if (!s_.rows && !old->card.empty() && s_.person_by_card[old->card] == p.id) s_.person_by_card.erase(old->card);
      count_pupil(s_, *old, -1);
    }
    if (!s_.rows && !p.card.empty()) s_.person_by_card[p.card] = p.id;
    count_pupil(s_, p, 1);
    s_.people[id] = std::move(p);
    t_.people.insert(id);
  }
  // A device's record as an edit leaves it: PAT, recall, hold and last-seen
  // kept from the record there is.
  void put(Device d) {
    std::string id = d.id;
    if (const Device* found = s_.device_to_edit(id)) {
      const Device& old = *found;
      keep_own_fields(d, old);
      // LN7: still missing unless the register no longer lists the accessory.
      std::erase_if(d.missing_accessories,
                    [&](const std::string& a) { return std::ranges::find(d.accessories, a) == d.accessories.end(); });
      unindex_device(s_, old);
    }
    index_device(s_, d);
    s_.devices[id] = std::move(d);
    t_.devices.insert(id);
  }
  // An existing record (`old`, if there is one) with `c`'s fields written.
  template <class R>
  void change(const R* old, const Changes<R>& c) {
    if (!old) return;
    R r = *old;
    apply_changes(r, c);
    put(std::move(r));
  }
  template <class R>
  static void keep_own_fields(R& record, const R& old) {
    for_each_field<R>([&](const auto& f) {
      if (f.by == WrittenBy::OwnEvents) record.*f.member = old.*f.member;
    });
  }

  template <class F>
  void edit_person(const std::string& id, F f) {
    if (auto* row = s_.person_to_edit(id)) {
      f(*row);
      t_.people.insert(id);
    }
  }
  template <class F>
  void edit_device(const std::string& id, F f) {
    if (auto* row = s_.device_to_edit(id)) {
      f(*row);
      t_.devices.insert(id);
    }
  }
  template <class F>
  void edit_slot(const std::string& id, F f) {
    if (auto* row = s_.slot_to_edit(id)) {
      f(*row);
      t_.slots.insert(id);
    }
  }
  template <class F>
  void edit_confiscation(const std::string& held, F f) {
    if (auto it = s_.held.find(held); it != s_.held.end() && it->second.confiscation) {
      f(*it->second.confiscation);
      t_.held.insert(held);
    }
  }
  void hold(const HeldItem& item) {
    s_.held[item.id] = item;
    t_.held.insert(item.id);
  }
  void release(const std::string& held) {
    s_.held.erase(held);
    t_.held.insert(held);
  }
  void close_loan(const std::string& loan) {
    if (auto it = s_.loans.find(loan); it != s_.loans.end()) {
      s_.loan_by_device.erase(it->second.device);
      s_.loans.erase(it);
    }
    t_.loans.insert(loan);
  }
  void set_hold(const std::string& held, const std::string& device, bool on) {
    if (!held.empty())
      edit_confiscation(held, [&](Confiscation& c) {
        c.evidence_hold = on;
        c.evidence_hold_by = on ? e_.actor : std::string{};
      });
    if (!device.empty()) edit_device(device, [&](Device& d) { d.evidence_hold = on; });
  }

  State& s_;
  const Event& e_;
  Touched t_;
};

}  // namespace

std::string approval_key(const std::string& person, const std::string& device) { return person + "|" + device; }

void State::reindex() {
  reindex_people();
  reindex_devices();
  reindex_loans();
}

void State::reindex_people() {
  person_by_card.clear();
  pupils_by_form_year.clear();
  for (const auto& [id, p] : people) {
    if (!p.card.empty()) person_by_card[p.card] = id;
    count_pupil(*this, p, 1);
  }
}

void State::reindex_devices() {
  device_by_code.clear();
  for (const auto& [id, d] : devices) index_device(*this, d);
}

void State::reindex_loans() {
  loan_by_device.clear();
  for (const auto& [id, loan] : loans) loan_by_device[loan.device] = id;
}

namespace {

// The row `id` from `kept`, or else (with a source) read from it and kept.
template <class Row>
Row* find_or_read(std::map<std::string, Row>& kept, const std::string& id, const RowSource* source,
                  std::optional<Row> (RowSource::*read)(std::string_view) const) {
  if (auto it = kept.find(id); it != kept.end()) return &it->second;
  if (!source || id.empty()) return nullptr;
  auto row = (source->*read)(id);
  if (!row) return nullptr;
  return &kept.emplace(id, std::move(*row)).first->second;
}

}  // namespace

const Person* State::person(const std::string& id) const {
  return find_or_read(people, id, rows.get(), &RowSource::person);
}

const Device* State::device(const std::string& id) const {
  return find_or_read(devices, id, rows.get(), &RowSource::device);
}

const Slot* State::slot(const std::string& id) const { return find_or_read(slots, id, rows.get(), &RowSource::slot); }

Person* State::person_to_edit(const std::string& id) {
  return find_or_read(people, id, rows.get(), &RowSource::person);
}

Device* State::device_to_edit(const std::string& id) {
  return find_or_read(devices, id, rows.get(), &RowSource::device);
}

Slot* State::slot_to_edit(const std::string& id) { return find_or_read(slots, id, rows.get(), &RowSource::slot); }

std::string State::person_by_card_number(std::string_view card) const {
  if (card.empty()) return {};
  if (rows) return rows->person_by_card(card);
  auto it = person_by_card.find(card);
  return it == person_by_card.end() ? std::string{} : it->second.str();
}

std::string State::device_by_tag_or_serial(std::string_view code) const {
  if (code.empty()) return {};
  if (rows) return rows->device_by_code(code);
  auto it = device_by_code.find(code);
  return it == device_by_code.end() ? std::string{} : it->second.str();
}

const Loan* State::loan_of(const std::string& device_id) const {
  auto it = loan_by_device.find(device_id);
  if (it == loan_by_device.end()) return nullptr;
  auto loan = loans.find(it->second);
  return loan == loans.end() ? nullptr : &loan->second;
}

bool State::operator==(const State& o) const {
  return settings == o.settings && people == o.people && devices == o.devices && slots == o.slots &&
         loans == o.loans && held == o.held && exemptions == o.exemptions && approvals == o.approvals &&
         audits == o.audits && confiscations == o.confiscations && racks == o.racks &&
         pupils_by_form_year == o.pupils_by_form_year;
}

void Touched::merge(const Touched& o) {
  settings = settings || o.settings;
  for (auto [mine, theirs] : {std::pair{&people, &o.people}, {&devices, &o.devices}, {&slots, &o.slots},
                              {&loans, &o.loans}, {&held, &o.held}, {&exemptions, &o.exemptions},
                              {&approvals, &o.approvals}, {&audits, &o.audits},
                              {&confiscations, &o.confiscations}, {&racks, &o.racks}})
    mine->insert(theirs->begin(), theirs->end());
}

Touched apply(State& state, const Event& event) {
  Applier applier{state, event};
  std::visit(applier, event.data);
  return std::move(applier).touched();
}

Footprint footprint_of(const Event& event) {
  Footprint f;
  Touched& t = f.rows;
  auto person = [&](const std::string& id) { t.people.insert(id); };
  auto device = [&](const std::string& id) {
    if (!id.empty()) t.devices.insert(id);
  };
  auto held = [&](const std::string& id) {
    if (!id.empty()) t.held.insert(id);
  };
  std::visit(overloaded{
                 [&](const SettingChanged&) {},
                 [&](const PersonRecorded& e) { person(e.person.id); },
                 [&](const PersonChanged& e) { person(e.person); },
                 [&](const PersonDeactivated& e) { person(e.person); },
                 [&](const PinSet& e) { person(e.person); },
                 [&](const PinFailed& e) { person(e.person); },
                 [&](const SessionStarted& e) { person(e.person); },
                 [&](const AupAccepted& e) { person(e.person); },
                 [&](const DeviceRecorded& e) { device(e.device.id); },
                 [&](const DeviceChanged& e) { device(e.device); },
                 [&](const SlotRecorded& e) { t.slots.insert(e.slot.id); },
                 [&](const ExemptionRecorded& e) { t.exemptions.insert(e.exemption.pupil); },
                 [&](const ApprovalRecorded& e) {
                   t.approvals.insert(approval_key(e.approval.person, e.approval.device));
                 },
                 [&](const HandedIn& e) { held(e.item.id); },
                 [&](const Collected& e) { held(e.held); },
                 [&](const FormBoxHandedIn& e) {
                   for (const auto& entry : e.entries)
                     if (entry.mark == FormMark::HandedIn) held(entry.held);
                   t.slots.insert(e.box);
                 },
                 [&](const CustodyTransferred& e) { t.slots.insert(e.slot); },
                 [&](const Confiscated& e) {
                   held(e.item.id);
                   t.confiscations.insert(e.item.pupil);
                 },
                 [&](const ParentInformed& e) { held(e.held); },
                 [&](const EvidenceHoldPlaced& e) {
                   held(e.held);
                   device(e.device);
                 },
                 [&](const EvidenceHoldCleared& e) {
                   held(e.held);
                   device(e.device);
                 },
                 [&](const Released& e) { held(e.held); },
                 [&](const SignedOut& e) {
                   t.loans.insert(e.loan.id);
                   device(e.loan.device);
                 },
                 [&](const Returned& e) {
                   t.loans.insert(e.loan);
                   device(e.device);
                 },
                 [&](const SignOutRefused&) {},
                 [&](const RepairCleared& e) { device(e.device); },
                 [&](const ReportedLost& e) { device(e.device); },  // and its loan, through the device
                 [&](const Recalled& e) { device(e.device); },
                 [&](const PatTested& e) { device(e.record.device); },
                 [&](const AuditStarted& e) { t.audits.insert(e.audit); },
                 [&](const AuditScanned& e) { device(e.device); },
                 [&](const AuditFinished& e) { t.audits.insert(e.audit); },
                 [&](const RecordsPurged&) { f.every_confiscation = true; },
                 [&](const DataExported&) {},
                 [&](const AdminRecovered&) {},
                 [&](const ClockWentBack&) {},
                 [&](const ProjectionsRebuilt&) {},
                 [&](const ConflictRecorded&) {},
                 [&](const RackMoved& e) { t.racks.insert(e.rack.id); },
             },
             event.data);
  return f;
}

namespace {

// `into`'s row `id` made `from`'s (or taken out), with `before` and `after`
// called on the row there was and the row put in, to keep indexes.
template <class Row, class Before, class After>
void replace_row(std::map<std::string, Row>& into, const std::map<std::string, Row>& from, const std::string& id,
                 const Row* old, Before before, After after) {
  if (old) before(*old);
  if (auto it = from.find(id); it != from.end()) {
    after(into[id] = it->second);
  } else {
    into.erase(id);
  }
}

template <class Row>
void replace_plain(std::map<std::string, Row>& into, const std::map<std::string, Row>& from,
                   const std::set<std::string>& ids) {
  auto none = [](const Row&) {};
  for (const auto& id : ids) {
    auto it = into.find(id);
    replace_row(into, from, id, it == into.end() ? nullptr : &it->second, none, none);
  }
}

}  // namespace

void replace_rows(State& into, const State& from, const Touched& rows) {
  for (const auto& id : rows.people)
    replace_row(into.people, from.people, id, into.person(id),
                [&](const Person& p) {
                  count_pupil(into, p, -1);
                  if (!into.rows && !p.card.empty() && into.person_by_card[p.card] == p.id)
                    into.person_by_card.erase(p.card);
                },
                [&](const Person& p) {
                  count_pupil(into, p, 1);
                  if (!into.rows && !p.card.empty()) into.person_by_card[p.card] = p.id;
                });
  for (const auto& id : rows.devices) {
    replace_row(into.devices, from.devices, id, into.device(id), [&](const Device& d) { unindex_device(into, d); },
                [&](const Device& d) { index_device(into, d); });
    // Which of the device's loans is open, as the replay left it.
    if (auto it = from.loan_by_device.find(id); it != from.loan_by_device.end()) into.loan_by_device[id] = it->second;
    else into.loan_by_device.erase(id);
  }
  replace_plain(into.slots, from.slots, rows.slots);
  replace_plain(into.loans, from.loans, rows.loans);
  replace_plain(into.held, from.held, rows.held);
  replace_plain(into.exemptions, from.exemptions, rows.exemptions);
  replace_plain(into.approvals, from.approvals, rows.approvals);
  replace_plain(into.audits, from.audits, rows.audits);
  replace_plain(into.confiscations, from.confiscations, rows.confiscations);
  replace_plain(into.racks, from.racks, rows.racks);
}

Reach reach_of(std::string_view type) {
  // As the Applier's handlers above do.
  for (auto t : {DataExported::kType, AdminRecovered::kType, ClockWentBack::kType, ProjectionsRebuilt::kType,
                 ConflictRecorded::kType, SignOutRefused::kType})
    if (type == t) return Reach::Nothing;
  for (auto t : {SettingChanged::kType, AuditStarted::kType, AuditFinished::kType, ParentInformed::kType,
                 EvidenceHoldPlaced::kType, EvidenceHoldCleared::kType, RecordsPurged::kType, RackMoved::kType})
    if (type == t) return Reach::Everything;
  return Reach::Subjects;
}

}  // namespace core
