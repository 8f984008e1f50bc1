#include "db/purge.h"

#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "core/calendar.h"
#include "core/overloaded.h"

namespace db {
namespace {

using core::overloaded;

using namespace std::chrono;

core::Date years_before(core::Date d, int years) {
  year_month_day ymd{d};
  auto back = ymd - std::chrono::years{years};
  if (!back.ok()) back = back.year() / back.month() / last;  // 29 February
  return core::Date{local_days{back}};
}

// What we know about one held item across the log.
struct ItemHistory {
  bool routine = false;      // a daily hand-in (not a confiscation)
  std::int64_t box = 0;      // the form box event that took it in, if one did
  core::Date last{};         // the latest event about it
  std::vector<std::int64_t> seqs;
};

}  // namespace

PurgePlan plan_purge(const Store& store, core::Date today) {
  const auto& s = store.state();
  PurgePlan plan;
  plan.today = today;
  plan.handin_before = years_before(core::academic_year_start(s.settings, today), s.settings.handin_retention_academic_years);
  plan.records_before = years_before(today, s.settings.record_retention_years);

  std::map<std::string, ItemHistory> items;
  std::map<std::int64_t, std::pair<core::Date, std::vector<std::string>>> boxes;  // form box event -> date, items
  std::map<std::string, std::int64_t> last_custody;                              // slot -> its last custody event
  std::vector<std::pair<std::int64_t, core::Date>> custody;
  std::map<std::int64_t, std::string> types;

  store.for_each_in_replay_order([&](const core::Event& e) {
    auto day = core::date_of(e.at);
    auto touch = [&](const std::string& held, bool routine) {
      auto& item = items[held];
      item.routine = item.routine || routine;
      item.last = std::max(item.last, day);
      item.seqs.push_back(e.seq);
    };
    std::visit(overloaded{
                   [&](const core::HandedIn& x) { touch(x.item.id, true); },
                   [&](const core::Collected& x) { touch(x.held, false); },
                   [&](const core::Confiscated& x) { touch(x.item.id, false); },
                   [&](const core::ParentInformed& x) { touch(x.held, false); },
                   [&](const core::Released& x) { touch(x.held, false); },
                   [&](const core::EvidenceHoldPlaced& x) {
                     if (x.device.empty() && !x.held.empty()) touch(x.held, false);
                   },
                   [&](const core::EvidenceHoldCleared& x) {
                     if (x.device.empty() && !x.held.empty()) touch(x.held, false);
                   },
                   [&](const core::FormBoxHandedIn& x) {
                     std::vector<std::string> held;
                     for (const auto& entry : x.entries)
                       if (entry.mark == core::FormMark::HandedIn) {
                         items[entry.held].routine = true;
                         items[entry.held].box = e.seq;
                         items[entry.held].last = std::max(items[entry.held].last, day);
                         held.push_back(entry.held);
                       }
                     boxes[e.seq] = {day, std::move(held)};
                     last_custody[x.box] = e.seq;
                   },
                   [&](const core::CustodyTransferred& x) {
                     custody.emplace_back(e.seq, day);
                     last_custody[x.slot] = e.seq;
                   },
                   [](const auto&) {},
               },
               e.data);
    types[e.seq] = std::string{core::event_type(e.data)};
  });

  std::set<std::int64_t> chosen;
  std::set<std::int64_t> keep_custody;
  for (const auto& [slot, seq] : last_custody) keep_custody.insert(seq);
  // An item goes with every record of it, if it is old enough and no longer held.
  auto old_enough = [&](const std::string& id, const ItemHistory& item) {
    return item.last < (item.routine ? plan.handin_before : plan.records_before) && !s.held.contains(id);
  };
  // A form box goes only if every item it took in may go; an item a box took in
  // goes only with its box (the box event alone would bring it back on a replay).
  std::set<std::int64_t> boxes_going;
  for (const auto& [seq, box] : boxes) {
    const auto& [day, held] = box;
    bool all_old = std::ranges::all_of(held, [&](const std::string& h) { return old_enough(h, items[h]); });
    if (day < plan.handin_before && all_old && !keep_custody.contains(seq)) boxes_going.insert(seq);
  }
  for (const auto& [id, item] : items) {
    if (!old_enough(id, item)) {
      if (s.held.contains(id) && item.last < (item.routine ? plan.handin_before : plan.records_before))
        ++plan.kept_still_held;
      continue;
    }
    if (item.box != 0 && !boxes_going.contains(item.box)) continue;
    chosen.insert(item.seqs.begin(), item.seqs.end());
  }
  chosen.insert(boxes_going.begin(), boxes_going.end());
  for (const auto& [seq, day] : custody)
    if (day < plan.handin_before && !keep_custody.contains(seq)) chosen.insert(seq);

  plan.seqs.assign(chosen.begin(), chosen.end());
  for (auto seq : plan.seqs) ++plan.by_type[types[seq]];
  return plan;
}

std::expected<core::Event, std::string> apply_purge(Store& store, const PurgePlan& plan, core::Time now,
                                                    const std::string& actor) {
  if (actor != "system") {
    const auto* p = store.state().person(actor);
    if (!p || !p->active || !p->roles.has(core::Right::Admin))
      return std::unexpected("only an administrator may delete records (DP3); " + actor + " is not one");
  }
  core::Event event{.at = now, .actor = actor,
                    .data = core::RecordsPurged{.handin_before = plan.handin_before,
                                                .records_before = plan.records_before,
                                                .count = static_cast<std::int64_t>(plan.seqs.size())}};
  if (plan.seqs.empty()) return std::unexpected(std::string{"there is nothing old enough to delete"});

  // The projections must come through unchanged (but for what the purge event
  // itself does): replay what would remain and compare, before touching the file.
  core::State expected = store.state();
  (void)core::apply(expected, event);
  core::State replayed;
  std::set<std::int64_t> going(plan.seqs.begin(), plan.seqs.end());
  store.for_each_in_replay_order([&](const core::Event& e) {
    if (!going.contains(e.seq)) (void)core::apply(replayed, e);
  });
  (void)core::apply(replayed, event);
  // A pupil whose confiscations all fell out of retention has an empty list
  // live and none in the replay: the same thing.
  for (auto* st : {&expected, &replayed}) std::erase_if(st->confiscations, [](const auto& kv) { return kv.second.empty(); });
  if (!(replayed == expected)) {
    std::string part = replayed.people != expected.people               ? "people"
                       : replayed.devices != expected.devices           ? "devices"
                       : replayed.slots != expected.slots               ? "slots"
                       : replayed.loans != expected.loans               ? "loans"
                       : replayed.held != expected.held                 ? "items held"
                       : replayed.confiscations != expected.confiscations ? "confiscation counts"
                                                                          : "settings, exemptions, approvals or audits";
    return std::unexpected("refused: deleting these records would change the current register (" + part +
                           "); nothing was deleted (please report this)");
  }
  return store.purge(plan.seqs, std::move(event));
}

}  // namespace db
