#include "kiosk/demo_school.h"

#include <array>
#include <cstdio>
#include <stdexcept>

#include "db/pin.h"

namespace kiosk {
namespace {

using namespace core;
using std::chrono::days;

constexpr std::array kFirstNames = {
    "Zoë",   "Siobhán", "Łukasz", "Aarav",  "Fatima", "Oluwaseun", "Mei",    "Björn",  "José",   "Chloé",
    "Ayşe",  "Dmitri",  "Anjali", "Kwame",  "Saoirse", "Yusuf",    "Amélie", "Jakub",  "Ngozi",  "Hiroshi",
    "Priya", "Mohammed", "Olivia", "Jack",  "Noah",   "Amelia",    "Isla",   "Leo",    "Freya",  "Zainab",
    "Tomás", "Émile",   "Aoife",  "Kofi",   "Ines",   "Mateusz",   "Sofia",  "Arjun",  "Maryam", "Oskar",
    "Niamh", "Chidi",   "Elif",   "Rhys",   "Ava",    "Bartłomiej", "Thảo",  "Ravi",   "Lena",   "Darius"};
constexpr std::array kSurnames = {
    "Nguyễn",   "Kowalski", "O'Connor", "Okafor",  "Patel",    "Smith",  "Jones",    "Müller",   "García",
    "Øberg",    "Şahin",    "Ní Bhriain", "Williams", "Brown", "Chen",   "Khan",     "Ahmed",    "Novák",
    "Dvořák",   "Mensah",   "Hernández", "Rossi",  "Taylor",   "Murphy", "Wiśniewska", "Evans",  "Singh",
    "Adeyemi",  "Lefèvre",  "Jankowski", "Ali",    "Walsh",    "Papadopoulos", "Kaur", "Johansson", "Yilmaz",
    "Begum",    "Davies",   "Mac Giolla", "Tran",  "Hughes",   "Bianchi", "Ivanova", "Osei",   "Fernández",
    "Thomas",   "Lewis",    "Rahman",   "Ó Briain", "Phạm"};

constexpr std::array kStaffFirst = {"Helen", "Marcus", "Gráinne", "Raj", "Agnieszka", "Tunde", "Claire", "Étienne",
                                    "Sunita", "Gareth", "Beatriz", "Femi", "Ingrid", "Omar", "Rachel", "Wojciech",
                                    "Nkechi", "Seán", "Lakshmi", "Hamza", "Margarethe", "Duc", "Yetunde", "Ciarán"};

std::string pad(const char* prefix, int n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*d", prefix, width, n);
  return buf;
}

struct Builder {
  Time now;
  std::vector<Event> events;
  void add(EventData data) { events.push_back(Event{.at = now, .actor = "system", .data = std::move(data)}); }
};

void add_settings(Builder& b) {
  for (auto [key, value] : std::initializer_list<std::pair<const char*, const char*>>{
           {"school.name", "Northfield Academy"},
           {"school.prefix", "NFA"},
           {"terms", "2026-09-03..2026-12-18,2027-01-05..2027-03-26,2027-04-12..2027-07-21"},
           {"collection.opens.2026-12-18", "12:30"}})
    b.add(SettingChanged{key, value});
}

void add_pupils(Builder& b) {
  // 40 forms: years 7-11 with six forms each, years 12 and 13 with five.
  int n = 0;
  for (int year = 7; year <= 13; ++year) {
    int forms = year <= 11 ? 6 : 5;
    for (int f = 0; f < forms; ++f) {
      std::string form = std::to_string(year) + static_cast<char>('A' + f);
      for (int i = 0; i < 25; ++i, ++n) {
        Person p{.id = pad("P", n + 1, 4),
                 .first_name = kFirstNames[(n * 7 + year) % kFirstNames.size()],
                 .surname = kSurnames[(n * 11 + f * 3) % kSurnames.size()]};
        p.roles.add(Right::Pupil);
        p.form = form;
        p.year = year;
        p.card = std::to_string(100001 + n);
        p.admission_no = pad("A", 20001 + n, 6);
        b.add(PersonRecorded{p});
      }
    }
  }
}

std::vector<DemoLogin> add_staff(Builder& b) {
  std::vector<DemoLogin> logins;
  for (int n = 1; n <= 90; ++n) {
    Person p{.id = pad("S", n, 3),
             .first_name = kStaffFirst[n % kStaffFirst.size()],
             .surname = kSurnames[(n * 13 + 5) % kSurnames.size()]};
    p.roles.add(Right::Staff);
    p.staff_code = pad("ST", n, 3);
    p.card = pad("9", n, 5);
    std::string role = "teacher";
    if (n <= 60) p.roles.add(Right::Confiscate);
    if (n == 1 || n == 2) {
      p.roles.add(Right::Admin);
      role = "administrator";
    } else if (n >= 3 && n <= 5) {
      p.roles.add(Right::Dsl).add(Right::Confiscate);
      role = "designated safeguarding lead";
    } else if (n > 60) {
      role = "support staff";
    }
    b.add(PersonRecorded{p});
    // Demo PINs for the people named in the try-it list; the rest are set by an administrator.
    if (n <= 8 || n == 61) {
      std::string pin = std::to_string(100000 + n * 111111 % 900000);
      auto hash = db::hash_pin(pin);
      if (!hash) throw std::runtime_error("demo PIN: " + hash.error());
      b.add(PinSet{p.id, *hash});
      logins.push_back({p.id, p.first_name + " " + p.surname, role, pin});
    }
  }
  for (int n = 1; n <= 2; ++n) {
    Person v{.id = pad("V", n, 2), .first_name = n == 1 ? "Dorota" : "Kenji", .surname = "Visitor"};
    v.roles.add(Right::Visitor);
    v.card = pad("8", n, 5);
    b.add(PersonRecorded{v});
  }
  return logins;
}

void add_devices(Builder& b) {
  Date today = date_of(b.now);
  auto months_ago = [&](int m) { return add_months(today, -m); };
  auto pat = [&](Device& d, Date when, bool passed, EquipmentClass cls, EquipmentType type) {
    d.equipment_class = cls;
    d.equipment_type = type;
    return PatTested{PatRecord{.device = d.id, .date = when, .inspection = Inspection::Combined, .passed = passed,
                               .equipment_class = cls, .equipment_type = type, .tester = "Acme PAT Ltd",
                               .instrument = "Seaward Apollo 500", .label_applied = true}};
  };
  auto add = [&](Device d, std::optional<PatTested> test) {
    b.add(DeviceRecorded{d});
    if (test) b.add(*test);
  };
  // 60 staff laptops, each with a registered charger.
  for (int n = 1; n <= 60; ++n) {
    Device d{.id = pad("LT", n, 3), .asset_tag = pad("NFA-", 1000 + n, 5), .serial = pad("5CD", 73100 + n, 6),
             .name = "Staff laptop " + std::to_string(n), .make = "Dell", .model = "Latitude 5440",
             .kind = DeviceKind::StaffLaptop, .home_location = "Staff room"};
    d.encrypted = n % 30 != 0;  // two are not encrypted
    if (d.encrypted) d.encryption_verified = months_ago(n % 20 == 7 ? 14 : n % 10);  // three are out of date
    d.mdm_enrolled = true;
    d.accessories = {pad("CH", n, 3)};
    d.purchase_date = months_ago(6 + n % 40);
    add(d, pat(d, months_ago(n % 50 == 3 ? 70 : n % 24), true, EquipmentClass::II, EquipmentType::It));
    Device ch{.id = pad("CH", n, 3), .asset_tag = pad("NFA-", 2000 + n, 5), .name = "Charger for laptop " + std::to_string(n),
              .make = "Dell", .model = "65W USB-C", .kind = DeviceKind::Charger, .home_location = "Staff room",
              .sensitivity = Sensitivity::HoldsNone};
    bool overdue = n % 12 == 5;  // five chargers overdue
    bool failed = n == 13;       // one failed
    add(ch, pat(ch, months_ago(overdue ? 26 : n % 20), !failed, EquipmentClass::II, EquipmentType::It));
  }
  for (int n = 1; n <= 30; ++n) {
    Device d{.id = pad("IP", n, 2), .asset_tag = pad("NFA-", 3000 + n, 5), .serial = pad("DMPX", 4400 + n, 5),
             .name = "iPad trolley " + std::to_string(n), .make = "Apple", .model = "iPad (10th generation)",
             .kind = DeviceKind::Tablet, .home_location = "iPad trolley, Room 12", .encrypted = true,
             .encryption_verified = months_ago(n % 6), .mdm_enrolled = true};
    add(d, std::nullopt);
  }
  for (int n = 1; n <= 10; ++n) {
    Device d{.id = pad("CAM", n, 2), .asset_tag = pad("NFA-", 4000 + n, 5), .name = "Camera " + std::to_string(n),
             .make = "Canon", .model = "EOS 250D", .kind = DeviceKind::Camera, .home_location = "Art department"};
    d.encrypted = n <= 4;
    if (d.encrypted) d.encryption_verified = months_ago(3);
    add(d, std::nullopt);
  }
  for (int n = 1; n <= 20; ++n) {
    Device d{.id = pad("MS", n, 2), .asset_tag = pad("NFA-", 5000 + n, 5), .name = "Memory stick " + std::to_string(n),
             .make = "Kingston", .model = "IronKey", .kind = DeviceKind::MemoryStick, .home_location = "Office"};
    d.encrypted = n % 2 == 0;
    if (d.encrypted) d.encryption_verified = months_ago(n % 13);
    add(d, std::nullopt);
  }
  for (int n = 1; n <= 20; ++n) {
    Device d{.id = pad("PJ", n, 2), .asset_tag = pad("NFA-", 6000 + n, 5), .name = "Projector " + std::to_string(n),
             .make = "Epson", .model = "EB-W51", .kind = DeviceKind::Projector,
             .home_location = "Room " + std::to_string(n), .sensitivity = Sensitivity::HoldsNone};
    add(d, pat(d, months_ago(n % 30), true, EquipmentClass::II, EquipmentType::Movable));
  }
  for (int n = 1; n <= 100; ++n) {
    Device d{.id = pad("PL", n, 3), .asset_tag = pad("NFA-", 7000 + n, 5), .name = "Pupil laptop " + std::to_string(n),
             .make = "Lenovo", .model = "300w", .kind = DeviceKind::PupilLaptop, .home_location = "Library",
             .sensitivity = Sensitivity::HoldsNone, .mdm_enrolled = true};
    add(d, pat(d, months_ago(n % 22), true, EquipmentClass::II, EquipmentType::It));
  }
}

void add_storage(Builder& b) {
  for (int n = 1; n <= 1100; ++n)
    b.add(SlotRecorded{Slot{.id = pad("PO", n, 4), .kind = SlotKind::Pouch, .label = "Pouch " + std::to_string(n)}});
  for (int year = 7; year <= 13; ++year)
    for (int f = 0; f < (year <= 11 ? 6 : 5); ++f) {
      std::string form = std::to_string(year) + static_cast<char>('A' + f);
      b.add(SlotRecorded{Slot{.id = "FB" + form, .kind = SlotKind::FormBox, .label = "Form box " + form, .form = form}});
    }
}

}  // namespace

DemoSchool make_demo_school(Time now) {
  Builder b{.now = now, .events = {}};
  add_settings(b);
  add_pupils(b);
  auto logins = add_staff(b);
  add_devices(b);
  add_storage(b);
  return {std::move(b.events), std::move(logins)};
}

}  // namespace kiosk
