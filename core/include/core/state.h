// The school as it is now: the projection of every event so far.
//
// `apply` is the one place that says what an event does to the record. The
// store calls it inside the transaction that appends the event, then writes
// back exactly the rows it reports as touched; a rebuild replays the whole log
// through it. So the live tables and a rebuild cannot disagree.
//
//   core::State s;
//   core::Touched t = core::apply(s, event);   // t.devices = {"LT0042"}, ...
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/model.h"
#include "core/settings.h"

namespace core {

struct State {
  Settings settings;
  std::map<std::string, Person> people;
  std::map<std::string, Device> devices;
  std::map<std::string, Slot> slots;
  std::map<std::string, Loan> loans;      // open loans, by loan id
  std::map<std::string, HeldItem> held;   // pupils' devices in the school's keeping, by id
  std::map<std::string, std::vector<Exemption>> exemptions;  // by pupil
  std::map<std::string, Approval> approvals;                  // by approval_key(person, device)
  std::map<std::string, Audit> audits;                        // audits in progress
  std::map<std::string, std::vector<Time>> confiscations;     // by pupil: when each was made (CF2)

  // Indexes, derived from the maps above by reindex() and kept by apply().
  std::map<std::string, std::string> loan_by_device;
  std::map<Text, Text, std::less<>> device_by_code;  // existing asset tags and serials
  std::map<Text, Text, std::less<>> person_by_card;  // existing card numbers

  void reindex();
  // reindex() in parts, each writing only its own index, so that a loader may
  // run them at once: person_by_card, device_by_code, loan_by_device.
  void reindex_people();
  void reindex_devices();
  void reindex_loans();
  [[nodiscard]] const Person* person(const std::string& id) const;
  [[nodiscard]] const Device* device(const std::string& id) const;
  [[nodiscard]] const Slot* slot(const std::string& id) const;
  [[nodiscard]] const Loan* loan_of(const std::string& device_id) const;
  bool operator==(const State& other) const;
};

[[nodiscard]] std::string approval_key(const std::string& person, const std::string& device);

// The rows an event changed, by table. A key no longer in the state is a deleted row.
struct Touched {
  bool settings = false;
  std::set<std::string> people, devices, slots, loans, held, exemptions, approvals, audits, confiscations;
  void merge(const Touched& other);
};

Touched apply(State& state, const Event& event);

}  // namespace core
