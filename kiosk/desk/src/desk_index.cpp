// DeskIndex: what the desk needs on every scan without walking the record:
// each pupil's items in the school's keeping, and the first free pouch of
// this desk's racks (PH2, issue 21). Kept by Flow::commit (prepare, then
// committed once the store has the events); rebuilt when other desks'
// events are taken in.
#include <algorithm>
#include <utility>

#include "desk.h"
#include "core/queries.h"

namespace kiosk::detail {

namespace {
bool single(const core::Slot& sl) { return sl.kind == core::SlotKind::Pouch || sl.kind == core::SlotKind::Slot; }
}  // namespace

void DeskIndex::build(const core::State& s) {
  occupied_.clear();
  first_free_from_.clear();
  by_pupil_.clear();
  for (const auto& [id, item] : s.held) {
    by_pupil_[item.pupil].insert(id);
    ++occupied_[item.slot];
  }
}

void DeskIndex::prepare(const core::State& before, const std::vector<core::Event>& events) {
  pending_.clear();
  recorded_slots_.clear();
  racks_moved_ = false;
  auto gone = [&](const std::string& held) {
    if (auto it = before.held.find(held); it != before.held.end())
      pending_.push_back({it->second.slot, it->second.pupil, held, -1});
  };
  for (const auto& e : events) {
    if (const auto* h = std::get_if<core::HandedIn>(&e.data)) pending_.push_back({h->item.slot, h->item.pupil, h->item.id, +1});
    else if (const auto* c = std::get_if<core::Confiscated>(&e.data))
      pending_.push_back({c->item.slot, c->item.pupil, c->item.id, +1});
    else if (const auto* f = std::get_if<core::FormBoxHandedIn>(&e.data)) {
      for (const auto& entry : f->entries)
        if (!entry.held.empty()) pending_.push_back({f->box, entry.pupil, entry.held, +1});
    } else if (const auto* col = std::get_if<core::Collected>(&e.data)) gone(col->held);
    else if (const auto* r = std::get_if<core::Released>(&e.data)) gone(r->held);
    else if (const auto* sl = std::get_if<core::SlotRecorded>(&e.data)) recorded_slots_.push_back(sl->slot.id);
    else if (std::holds_alternative<core::RackMoved>(e.data)) racks_moved_ = true;
  }
}

void DeskIndex::committed() {
  for (const auto& p : pending_) {
    if (p.by > 0) by_pupil_[p.pupil].insert(p.held);
    else if (auto it = by_pupil_.find(p.pupil); it != by_pupil_.end()) {
      it->second.erase(p.held);
      if (it->second.empty()) by_pupil_.erase(it);
    }
    if (int& n = occupied_[p.slot]; (n += p.by) <= 0) {
      occupied_.erase(p.slot);
      first_free_from_ = std::min(first_free_from_, p.slot);
    }
  }
  for (const auto& id : recorded_slots_) first_free_from_ = std::min(first_free_from_, id);
  if (std::exchange(racks_moved_, false)) first_free_from_.clear();
  pending_.clear();
  recorded_slots_.clear();
}

std::string DeskIndex::free_pouch(const core::State& s, std::string_view desk) const {
  // The first pouch or slot of this desk's in key order that holds nothing.
  std::string free;
  s.each_slot(
      [&](const core::Slot& sl) {
        if (single(sl) && !occupied_.contains(sl.id) && core::gives_out(s, desk, sl.id)) free = sl.id;
        return free.empty();
      },
      first_free_from_);
  if (!free.empty()) first_free_from_ = free;
  return free;
}

const std::set<std::string>& DeskIndex::held_for(const std::string& pupil) const {
  auto it = by_pupil_.find(pupil);
  return it == by_pupil_.end() ? none_ : it->second;
}

}  // namespace kiosk::detail
