#include "core/conflicts.h"

#include <algorithm>

#include "core/overloaded.h"
#include "core/request.h"

namespace core {
namespace {

// The device a sign-out, a return or a loss report is about, or the held
// item a collection or a release is about, and who with.
struct Custody {
  std::string device, held, person;
};

Custody custody_of(const EventData& data) {
  return std::visit(overloaded{
                        [](const SignedOut& e) { return Custody{.device = e.loan.device, .person = e.loan.borrower}; },
                        [](const Returned& e) { return Custody{.device = e.device, .person = e.borrower}; },
                        [](const ReportedLost& e) { return Custody{.device = e.device, .person = e.last_custodian}; },
                        [](const Collected& e) { return Custody{.held = e.held, .person = e.pupil}; },
                        [](const Released& e) { return Custody{.held = e.held, .person = e.pupil}; },
                        [](const auto&) { return Custody{}; },
                    },
                    data);
}

ConflictStory story(const Event& e) {
  return {.event = e.id, .kiosk = e.kiosk, .at = e.at, .actor = e.actor, .type = std::string{event_type(e.data)},
          .person = custody_of(e.data).person};
}

}  // namespace

bool in_conflict(const EventData& a, const EventData& b) {
  auto ca = custody_of(a), cb = custody_of(b);
  return (!ca.device.empty() && ca.device == cb.device) || (!ca.held.empty() && ca.held == cb.held);
}

Subjects conflict_subjects(const EventData& data) {
  auto c = custody_of(data);
  return c.device.empty() && !c.held.empty() ? Subjects{.person = c.person} : Subjects{.device = c.device};
}

std::vector<Event> find_conflicts(const std::vector<Placed>& pulled, const std::vector<Placed>& own) {
  std::vector<Event> out;
  for (const auto& theirs : pulled) {
    // Own events the server placed before this one were known to its desk:
    // that desk records the conflict, if there is one.
    auto mine = std::ranges::find_if(own, [&](const Placed& o) {
      return (o.pos == 0 || o.pos > theirs.pos) && in_conflict(theirs.event->data, o.event->data);
    });
    if (mine == own.end()) continue;
    const Event& m = *mine->event;
    auto about = custody_of(m.data);
    out.push_back(Event{.id = "conflict-" + theirs.event->id + "-" + m.id, .at = m.at, .actor = std::string{kSystemActor},
                        .data = ConflictRecorded{.device = about.device, .held = about.held,
                                                 .first = story(*theirs.event), .second = story(m)}});
  }
  return out;
}

}  // namespace core
