#include "kiosk/synthetic_school.h"

#include <cstdio>

namespace kiosk {
namespace {

using namespace core;
using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;

std::string id(char prefix, int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%07d", prefix, n);
  return buf;
}

class Batcher {
 public:
  Batcher(const std::function<void(std::vector<Event>&&)>& sink) : sink_(sink) {}
  void add(Time at, std::string actor, EventData data) {
    batch_.push_back(Event{.at = at, .actor = std::move(actor), .data = std::move(data)});
    ++count_;
    if (batch_.size() >= 5000) flush();
  }
  void flush() {
    if (!batch_.empty()) sink_(std::move(batch_));
    batch_.clear();
  }
  [[nodiscard]] std::int64_t count() const { return count_; }

 private:
  const std::function<void(std::vector<Event>&&)>& sink_;
  std::vector<Event> batch_;
  std::int64_t count_ = 0;
};

}  // namespace

void make_synthetic_school(int n, std::int64_t events, Time start,
                           const std::function<void(std::vector<Event>&&)>& sink) {
  Batcher out{sink};
  out.add(start, "system", SettingChanged{"school.name", "Synthetic Trust"});
  for (int i = 1; i <= n; ++i) {
    Person p{.id = id('P', i), .first_name = "Pupil", .surname = "Number " + std::to_string(i)};
    p.roles.add(i % 10 == 0 ? Right::Staff : Right::Pupil);
    p.form = std::to_string(7 + i % 7) + static_cast<char>('A' + i % 6);
    p.card = std::to_string(10000000 + i);
    out.add(start, "system", PersonRecorded{p});
  }
  for (int i = 1; i <= n; ++i) {
    Device d{.id = id('D', i), .asset_tag = "T-" + std::to_string(i), .name = "Device " + std::to_string(i),
             .kind = i % 3 == 0 ? DeviceKind::StaffLaptop : DeviceKind::PupilLaptop, .encrypted = true,
             .encryption_verified = date_of(start)};
    out.add(start, "system", DeviceRecorded{d});
    out.add(start, "system", SlotRecorded{Slot{.id = id('S', i), .kind = SlotKind::Pouch, .label = "Pouch " + std::to_string(i)}});
  }
  // The history: school days of 1,000 hand-ins and collections, with loans,
  // until the log is as long as asked.
  int pupils_a_day = std::min(n, 1000);
  for (int day = 1; out.count() < events; ++day) {
    Time morning = start + days{day} + std::chrono::hours{8};
    for (int k = 0; k < pupils_a_day && out.count() < events; ++k) {
      int who = (day * 7919 + k) % n + 1;
      std::string held = "H" + std::to_string(day) + "-" + std::to_string(k);
      out.add(morning + seconds{k}, id('P', who),
              HandedIn{HeldItem{.id = held, .pupil = id('P', who), .slot = id('S', k + 1), .at = morning + seconds{k}}});
      out.add(morning + std::chrono::hours{7} + seconds{k}, id('P', who), Collected{.held = held, .pupil = id('P', who)});
    }
    for (int k = 0; k < 100 && out.count() < events; ++k) {
      int dev = (day * 104729 + k) % n + 1;
      std::string loan = "L" + std::to_string(day) + "-" + std::to_string(k);
      Loan l{.id = loan, .device = id('D', dev), .borrower = id('P', (k * 10) % n + 1), .out_at = morning,
             .due_at = morning + std::chrono::hours{8}};
      out.add(morning, l.borrower, SignedOut{l, false});
      out.add(morning + std::chrono::hours{6}, l.borrower, Returned{.loan = loan, .device = l.device, .borrower = l.borrower});
    }
  }
  out.flush();
}

}  // namespace kiosk
