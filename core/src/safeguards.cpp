#include "core/safeguards.h"

#include <map>

#include "decide_common.h"

namespace core {
namespace {

bool is_admin(const Person& p) { return p.active && p.roles.has(Right::Admin); }

// Whether each person `events` touch is active and an administrator afterwards,
// and whether each is active afterwards, by id, in the order the events say so.
struct After {
  std::map<std::string, bool> admin, active;
  std::map<std::string, Roles> roles;

  void note(const std::string& id, Roles r, bool is_active) {
    roles[id] = r;
    active[id] = is_active;
    admin[id] = is_active && r.has(Right::Admin);
  }
};

After after(const State& s, std::span<const Event> events) {
  After a;
  for (const Event& e : events) {
    if (const auto* r = std::get_if<PersonRecorded>(&e.data)) {
      a.note(r->person.id, r->person.roles, r->person.active);
    } else if (const auto* c = std::get_if<PersonChanged>(&e.data)) {
      // What the change leaves: its fields over what the events before it, or the record, said.
      Person p;
      if (auto it = a.roles.find(c->person); it != a.roles.end()) {
        p.roles = it->second;
        p.active = a.active.at(c->person);
      } else if (const Person* old = s.person(c->person)) {
        p.roles = old->roles;
        p.active = old->active;
      } else {
        continue;
      }
      apply_changes(p, c->changed);
      a.note(c->person, p.roles, p.active);
    } else if (const auto* d = std::get_if<PersonDeactivated>(&e.data)) {
      const Person* old = s.person(d->person);
      a.note(d->person, a.roles.contains(d->person) ? a.roles.at(d->person) : old ? old->roles : Roles{}, false);
    }
  }
  return a;
}

}  // namespace

std::optional<Refusal> keeps_an_administrator(const State& s, std::span<const Event> events) {
  After a = after(s, events);
  std::vector<std::string> lost;
  for (const auto& [id, admin] : a.admin) {
    const Person* p = s.person(id);
    if (admin) return std::nullopt;  // someone is (still, or now) an administrator
    if (p && is_admin(*p)) lost.push_back(detail::display_name(*p) + " (" + id + ")");
  }
  if (lost.empty()) return std::nullopt;  // nobody loses the right: no need to count
  bool remains = false;
  s.each_person([&](const Person& p) {
    remains = is_admin(p) && !a.admin.contains(p.id);
    return !remains;
  }, {.fields = {"id", "active", "roles"}});
  if (remains) return std::nullopt;
  std::string names;
  for (std::size_t i = 0; i < lost.size(); ++i)
    names += (i == 0 ? "" : i + 1 == lost.size() ? " and " : ", ") + lost[i];
  return Refusal{"SE1", "This would leave the school without an active administrator: " + names +
                            (lost.size() == 1 ? " is the last one" : " are the last ones") +
                            ". Make someone else an administrator first."};
}

std::vector<std::string> active_administrators(const State& s) {
  std::vector<std::string> ids;
  s.each_person([&](const Person& p) {
    if (is_admin(p)) ids.push_back(p.id);
  }, {.fields = {"id", "active", "roles"}});
  return ids;
}

Leavers leavers_of(const State& s, std::span<const Event> events) {
  Leavers l;
  After a = after(s, events);
  for (const Event& e : events) {
    std::string id;
    if (const auto* r = std::get_if<PersonRecorded>(&e.data)) id = r->person.id;
    else if (const auto* c = std::get_if<PersonChanged>(&e.data)) id = c->person;
    else if (const auto* d = std::get_if<PersonDeactivated>(&e.data)) id = d->person;
    else continue;
    const Person* p = s.person(id);
    if (!p || !p->active || a.active.at(id)) continue;
    auto& list = p->roles.is_staff_like() ? l.staff : l.pupils;
    if (std::ranges::find(list, id) == list.end()) list.push_back(id);
  }
  if (l.size() == 0) return l;
  s.each_person([&](const Person& p) {
    if (!p.active) return;
    if (p.roles.is_staff_like()) ++l.active_staff;
    else if (p.roles.has(Right::Pupil)) ++l.active_pupils;
  }, {.fields = {"id", "active", "roles"}});
  return l;
}

bool Leavers::too_many(const Settings& settings) const {
  auto over = [&](std::size_t leaving, int active) {
    return leaving > 0 && static_cast<long>(leaving) * 100 > static_cast<long>(settings.max_leavers_percent) * active;
  };
  return over(staff.size(), active_staff) || over(pupils.size(), active_pupils);
}

}  // namespace core
