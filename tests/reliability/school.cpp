#include "school.h"

#include <algorithm>

namespace reliability {
namespace {

using namespace std::chrono_literals;

core::Event ev(core::Time when, core::EventData data, std::string actor = "system") {
  return core::Event{.at = when, .actor = std::move(actor), .data = std::move(data)};
}

std::string pad(const char* prefix, int i, int width) {
  auto n = std::to_string(i);
  return prefix + std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(n.size()))), '0') + n;
}

const char* const kFirst[] = {"Zoë", "Łukasz", "Amara", "Oisín", "Priya", "Jakub", "Fatima", "Tomás"};
const char* const kSurname[] = {"Kowalska", "Nguyễn", "O'Brien", "Okafor", "Ní Bhriain", "Smith", "Şahin"};
const char* const kForms[] = {"7A", "7B", "8A", "8B"};

}  // namespace

core::Time at(const char* iso) { return *core::parse_time(iso); }
std::string pupil_id(int i) { return pad("P", i, 4); }
std::string staff_id(int i) { return pad("S", i, 3); }

std::vector<core::Event> school_setup(core::Time when) {
  using namespace core;
  std::vector<Event> out;
  out.push_back(ev(when, SettingChanged{"school.name", "Reliability Academy"}));
  for (int i = 0; i < kStaff; ++i) {
    Person p{.id = staff_id(i), .first_name = kFirst[i % 8], .surname = kSurname[i % 7]};
    p.roles.add(Right::Staff).add(Right::Confiscate);
    if (i == 0) p.roles.add(Right::Admin);
    if (i == 1) p.roles.add(Right::Dsl);
    p.card = "STAFF" + std::to_string(1000 + i);
    out.push_back(ev(when, PersonRecorded{p}));
  }
  for (int i = 0; i < kPupils; ++i) {
    Person p{.id = pupil_id(i), .first_name = kFirst[i % 8], .surname = kSurname[(i / 8) % 7]};
    p.roles.add(Right::Pupil);
    p.form = kForms[i % 4];
    p.year = p.form.view()[0] - '0';
    p.card = "0400" + std::to_string(10000 + i);
    out.push_back(ev(when, PersonRecorded{p}));
  }
  for (int i = 0; i < kLaptops; ++i)
    out.push_back(ev(when, DeviceRecorded{Device{.id = pad("LT", i, 3), .asset_tag = pad("SCH-", i, 4),
                                                 .serial = pad("SN", i, 6), .name = "Laptop " + std::to_string(i),
                                                 .kind = DeviceKind::StaffLaptop, .encrypted = true}}));
  for (int i = 0; i < kPouches; ++i)
    out.push_back(ev(when, SlotRecorded{Slot{.id = pad("PO", i, 4), .kind = SlotKind::Pouch,
                                             .label = "Pouch " + std::to_string(i)}}));
  for (const char* form : kForms)
    out.push_back(ev(when, SlotRecorded{Slot{.id = std::string{"FB"} + form, .kind = SlotKind::FormBox,
                                             .label = std::string{"Form box "} + form, .form = form}}));
  return out;
}

std::vector<core::Event> Day::next(const core::State& s, const std::string& tag) {
  using namespace core;
  clock_ += std::chrono::seconds{std::uniform_int_distribution<int>{5, 90}(rng_)};
  auto pick = [&](int n) { return std::uniform_int_distribution<int>{0, n - 1}(rng_); };
  auto id = [&](const char* what) { return tag + what + std::to_string(n_++); };
  std::vector<Event> out;
  switch (pick(6)) {
    case 0:
    case 1: {  // a pupil hands in a phone (PH2), unless already holding one
      auto pupil = pupil_id(pick(kPupils));
      bool held = std::ranges::any_of(s.held, [&](const auto& kv) { return kv.second.pupil == pupil; });
      if (held) break;
      out.push_back(ev(clock_, HandedIn{HeldItem{.id = id("H"), .pupil = pupil, .kind = HeldKind::Phone,
                                                 .description = "black phone, cracked case",
                                                 .slot = pad("PO", pick(kPouches), 4), .received_by = "S001",
                                                 .at = clock_}}, "S001"));
      break;
    }
    case 2: {  // collections (PH3)
      for (const auto& [hid, item] : s.held) {
        if (item.confiscation) continue;
        out.push_back(ev(clock_, Collected{.held = hid, .pupil = item.pupil}, item.pupil));
        if (out.size() == 2) break;
      }
      break;
    }
    case 3: {  // a tutor's form box (PH6): several pupils in one transaction
      std::string form = kForms[pick(4)];
      FormBoxHandedIn box{.box = "FB" + form, .form = form, .entries = {}};
      for (int i = 0; i < kPupils && box.entries.size() < 5; ++i) {
        auto pupil = pupil_id(i);
        if (s.person(pupil)->form != form) continue;
        bool held = std::ranges::any_of(s.held, [&](const auto& kv) { return kv.second.pupil == pupil; });
        if (held) continue;
        box.entries.push_back(FormEntry{.pupil = pupil, .mark = pick(4) ? FormMark::HandedIn : FormMark::Absent,
                                        .held = id("F"), .kind = HeldKind::Phone, .description = "in box"});
      }
      out.push_back(ev(clock_, CustodyTransferred{.slot = box.box, .to = "S002"}, "S002"));
      out.push_back(ev(clock_, std::move(box), "S002"));
      break;
    }
    case 4: {  // a laptop signed out, or returned (LN1, LN7)
      auto device = pad("LT", pick(kLaptops), 3);
      if (const Loan* loan = s.loan_of(device)) {
        out.push_back(ev(clock_, Returned{.loan = loan->id, .device = device, .borrower = loan->borrower,
                                          .condition = pick(10) ? Condition::Fine : Condition::Damaged},
                         loan->borrower));
        if (pick(2))
          out.push_back(ev(clock_, RepairCleared{device}, "S000"));
      } else {
        auto borrower = staff_id(pick(kStaff));
        out.push_back(ev(clock_, AupAccepted{.person = borrower, .date = date_of(clock_)}, borrower));
        out.push_back(ev(clock_, SignedOut{Loan{.id = id("L"), .device = device, .borrower = borrower,
                                                .out_at = clock_, .due_at = clock_ + 8h},
                                           true},
                         borrower));
      }
      break;
    }
    default: {  // a confiscation, sometimes released at once (CF1, CF2)
      auto pupil = pupil_id(pick(kPupils));
      auto hid = id("C");
      out.push_back(ev(clock_, Confiscated{HeldItem{.id = hid, .pupil = pupil, .at = clock_,
                                                    .confiscation = Confiscation{.reason = "used in lesson",
                                                                                 .staff = "S003"}}},
                       "S003"));
      if (pick(2)) out.push_back(ev(clock_, Released{.held = hid, .pupil = pupil}, "S003"));
      break;
    }
  }
  if (out.empty()) out.push_back(ev(clock_, AuditScanned{.audit = "", .device = pad("LT", pick(kLaptops), 3)}, "S000"));
  // A tag on every event id, so a test can tell which transaction it came from.
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i].id = tag + "." + std::to_string(i + 1) + "of" + std::to_string(out.size());
  return out;
}

}  // namespace reliability
