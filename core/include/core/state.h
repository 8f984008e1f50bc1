// The school as it is now: the projection of every event so far.
//
// `apply` is the one place that says what an event does to the record. The
// store calls it inside the transaction that appends the event, then writes
// back exactly the rows it reports as touched; a rebuild replays the whole log
// through it. So the live tables and a rebuild cannot disagree.
//
//   core::State s;
//   core::Touched t = core::apply(s, event);   // t.devices = {"LT0042"}, ...
//
// A State holds every person, device and slot, or (the kiosk's working set)
// only those read so far, with a RowSource to read the others from: a trust's
// 100,000 of each would double the kiosk's memory and start. Either way,
// read them through person(), device(), slot(), the by-code look-ups and the
// each_*() walks, never the maps themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/event.h"
#include "core/model.h"
#include "core/settings.h"

namespace core {

// A PAT that passed on or before `passed_after`, on a device of this class and
// type whose test was of this inspection, may be due (pat_due_walk).
struct PatCutoff {
  EquipmentClass equipment_class = EquipmentClass::I;
  EquipmentType equipment_type = EquipmentType::It;
  Inspection inspection = Inspection::Combined;
  Date passed_after{};
};

// A form and year group, as PH8 counts its pupils.
struct FormYear {
  Text form;
  int year = 0;
  auto operator<=>(const FormYear&) const = default;
};

// How a walk over people or devices may be narrowed, for a source that reads
// rows from a file (a trust's 100,000 rows, each read whole, cost a report
// ten times its budget):
// - `fields`: what the caller reads, by the store's column names: the
//   members' own, and last_pat_passed and last_pat_inspection for those two
//   fields of the latest PAT record without the rest of it ({} = every
//   member). A source may leave the others at their defaults, so such a row
//   is good for reading those and no others. An unknown name is a
//   programming error, which db::Store throws.
// - the rest name rows the caller passes over anyway, which a source may
//   leave out. It need not: the caller still checks every row it is given.
struct Walk {
  std::vector<std::string_view> fields;
  // People only: anyone but active pupils; anyone not in this form.
  bool active_pupils_only = false;
  std::optional<std::string_view> only_form;
  // Devices only.
  bool skip_retired = false;
  bool skip_untested = false;  // no PAT on record, neither a test nor a pass
  // When not empty, every device but those that may be due or untested: with
  // an interval of their own, with a failed latest PAT, or of a class and
  // type with cutoffs (a routine test) and either no pass on record or a last
  // pass on or before the cutoff for that test's inspection (combined when
  // none is on record).
  std::vector<PatCutoff> only_pat_cutoffs;
};

// Where the people, devices and slots a State does not hold are read from, as
// they are at the moment (db::Store reads them from its file). Each walk goes
// in key order (the slots' from the first key not below `from`) until `f`
// returns false.
class RowSource {
 public:
  virtual ~RowSource() = default;
  [[nodiscard]] virtual std::optional<Person> person(std::string_view id) const = 0;
  [[nodiscard]] virtual std::optional<Device> device(std::string_view id) const = 0;
  [[nodiscard]] virtual std::optional<Slot> slot(std::string_view id) const = 0;
  [[nodiscard]] virtual std::string person_by_card(std::string_view card) const = 0;  // id, or empty
  [[nodiscard]] virtual std::string device_by_code(std::string_view code) const = 0;  // asset tag or serial
  virtual void each_person(const Walk& walk, const std::function<bool(const Person&)>& f) const = 0;
  virtual void each_device(const Walk& walk, const std::function<bool(const Device&)>& f) const = 0;
  virtual void each_slot(std::string_view from, const std::function<bool(const Slot&)>& f) const = 0;
};

struct State {
  Settings settings;
  // Every row; or, with `rows`, those read so far (a copy of the source's,
  // kept here: mutable so that a const look-up can keep what it read).
  mutable std::map<std::string, Person> people;
  mutable std::map<std::string, Device> devices;
  mutable std::map<std::string, Slot> slots;
  std::shared_ptr<const RowSource> rows;
  std::map<std::string, Loan> loans;      // open loans, by loan id
  std::map<std::string, HeldItem> held;   // pupils' devices in the school's keeping, by id
  std::map<std::string, std::vector<Exemption>> exemptions;  // by pupil
  std::map<std::string, Approval> approvals;                  // by approval_key(person, device)
  std::map<std::string, Audit> audits;                        // audits in progress
  std::map<std::string, std::vector<Time>> confiscations;     // by pupil: when each was made (CF2)
  std::map<std::string, Rack> racks;                          // issue 21: by id
  // How many active pupils each form has in each year, in either kind of
  // State: PH8 counts these, and then only the pupils with a mark (a walk
  // over a trust's 100,000 people, read from the file, cost it its budget).
  // Kept by apply(), made by reindex_people(); a loader with `rows` counts
  // them from its file.
  std::map<FormYear, int> pupils_by_form_year;

  // Indexes, derived from the maps above by reindex() and kept by apply().
  // Without `rows` only: read them through the look-ups below.
  std::map<std::string, std::string> loan_by_device;
  std::map<Text, Text, std::less<>> device_by_code;  // existing asset tags and serials
  std::map<Text, Text, std::less<>> person_by_card;  // existing card numbers

  void reindex();
  // reindex() in parts, each writing only its own index, so that a loader may
  // run them at once: person_by_card, device_by_code, loan_by_device.
  void reindex_people();
  void reindex_devices();
  void reindex_loans();
  // nullptr when there is none. The pointer stays valid until the row is
  // deleted (apply) or the State is replaced.
  [[nodiscard]] const Person* person(const std::string& id) const;
  [[nodiscard]] const Device* device(const std::string& id) const;
  [[nodiscard]] const Slot* slot(const std::string& id) const;
  [[nodiscard]] const Loan* loan_of(const std::string& device_id) const;
  // The id carrying an existing card number, or asset tag or serial; empty if none.
  [[nodiscard]] std::string person_by_card_number(std::string_view card) const;
  [[nodiscard]] std::string device_by_tag_or_serial(std::string_view code) const;
  // Every row in key order (or from the first key not below `from`); `f`
  // returns void, or false to stop. A row passed to `f` lives only for the
  // call. A narrowed walk (`Walk`) may pass fewer rows, and rows holding only
  // the fields it names.
  template <class F> void each_person(F&& f, const Walk& narrow = {}) const {
    walk(people, [&](auto& call) { rows->each_person(narrow, call); }, {}, f);
  }
  template <class F> void each_device(F&& f, const Walk& narrow = {}) const {
    walk(devices, [&](auto& call) { rows->each_device(narrow, call); }, {}, f);
  }
  template <class F> void each_slot(F&& f, std::string_view from = {}) const {
    walk(slots, [&](auto& call) { rows->each_slot(from, call); }, from, f);
  }
  // For apply(): the row to change, read into the State first if need be.
  [[nodiscard]] Person* person_to_edit(const std::string& id);
  [[nodiscard]] Device* device_to_edit(const std::string& id);
  [[nodiscard]] Slot* slot_to_edit(const std::string& id);
  // Compares what both hold (with `rows`, the rows read so far).
  bool operator==(const State& other) const;

 private:
  template <class Row, class FromSource, class F>
  void walk(const std::map<std::string, Row>& kept, FromSource from_source, std::string_view from, F& f) const {
    auto call = [&f](const Row& row) {
      if constexpr (std::is_void_v<std::invoke_result_t<F&, const Row&>>) {
        f(row);
        return true;
      } else {
        return static_cast<bool>(f(row));
      }
    };
    if (rows) {
      from_source(call);
      return;
    }
    for (auto it = kept.lower_bound(std::string{from}); it != kept.end(); ++it)
      if (!call(it->second)) return;
  }
};

[[nodiscard]] std::string approval_key(const std::string& person, const std::string& device);

// The rows an event changed, by table. A key no longer in the state is a deleted row.
struct Touched {
  bool settings = false;
  std::set<std::string> people, devices, slots, loans, held, exemptions, approvals, audits, confiscations, racks;
  void merge(const Touched& other);
};

Touched apply(State& state, const Event& event);

// For a desk that replays some rows only (db::Store, issue 21): the rows
// apply(event) may change in any state (its Touched never names more), each
// changed from what the event says and what that row held. A loan's events
// name its device too, whose loan a report of loss closes. Three kinds of
// change are left out, because each depends on the row it changes alone and
// the events making them never move among themselves when only events
// reaching their subjects do: the settings (a partial replay applies every
// setting.changed), the scan an audit records (audit.scanned names only its
// device), and what a purge takes from each pupil's confiscations
// (every_confiscation).
struct Footprint {
  Touched rows;
  bool every_confiscation = false;  // records.purged
};
[[nodiscard]] Footprint footprint_of(const Event& event);

// Puts the rows `rows` names (its settings flag aside) from `from` into
// `into`, or takes them out of `into` where `from` has none, keeping into's
// indexes and counts: for a replay of those rows alone into a State of their
// own. A loan's device must be among the rows with it.
void replace_rows(State& into, const State& from, const Touched& rows);

// How far apply() reaches for an event of this type (event_type), for a desk
// that takes in another desk's events after its own (issue 21, db/sync_log.h):
// - Nothing: no row changes (an export, a refused sign-out, a conflict record);
// - Subjects: only rows of its subjects (subjects_of) or rows it makes itself,
//   so two such events with no person, device or slot in common leave the
//   same rows in either order;
// - Everything: rows no subject of its names (a setting, which a PIN failure
//   reads; an audit; a confiscation's hold or letter; a purge). A new event
//   type that changes rows its subjects do not name belongs here.
enum class Reach : std::uint8_t { Nothing, Subjects, Everything };
[[nodiscard]] Reach reach_of(std::string_view type);

}  // namespace core
