#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "core/fields.h"
#include "core/state.h"
#include "exchange/csv.h"
#include "exchange/import.h"
#include "import_test_util.h"
#include "snipeit_columns.h"

namespace {

using namespace import_test;

const char* kSnipe =
    "\xEF\xBB\xBF"
    "Asset Tag,Item Name,Serial,Model,Model Number,Category,Manufacturer,Company,Location,STATUS,Supplier,"
    "Purchase Date,Purchase Cost,Notes,Checked Out to: Username,Encrypted,Encryption Verified,Disposal Date,"
    "Disposal Route\r\n"
    "NFA-1001,Staff laptop 1,SN1,Latitude 5440,5440,Laptops,Dell,Northfield,Staff room,Ready to Deploy,CDW,"
    "2025-08-20,899.00,,,Yes,2026-09-01,,\r\n"
    "NFA-2001,iPad 1,SN2,iPad 10,,Tablets,Apple,Northfield,Library,Out for Repair,,2024-01-05 00:00:00,,cracked,,No,,,\r\n"
    "nfa 3001,Desktop 1,SN3,OptiPlex,,Desktops,Dell,,IT,Archived,,,,,jbloggs,,,2026-07-01,WEEE\r\n";

TEST(ImportSnipeit, ReadsItsColumnsCaseInsensitively) {
  auto plan = exchange::plan_snipeit_import(table(kSnipe), core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  EXPECT_EQ(plan.added, 3);
  auto s = applied(plan);
  ASSERT_TRUE(s.devices.contains("NFA1001"));
  const auto& lt = s.devices["NFA1001"];
  EXPECT_EQ(lt.asset_tag, "NFA-1001");
  EXPECT_EQ(lt.kind, core::DeviceKind::StaffLaptop);
  EXPECT_EQ(lt.make, "Dell");
  EXPECT_EQ(lt.home_location, "Staff room");
  EXPECT_TRUE(lt.encrypted);
  EXPECT_EQ(lt.purchase_date, core::parse_date("2025-08-20"));
  EXPECT_EQ(s.devices["NFA2001"].status, core::DeviceStatus::AwaitingRepair);
  EXPECT_EQ(s.devices["NFA2001"].purchase_date, core::parse_date("2024-01-05"));
  EXPECT_EQ(s.devices["NFA3001"].kind, core::DeviceKind::Other);
  EXPECT_EQ(s.devices["NFA3001"].status, core::DeviceStatus::Retired);
  // What could not be represented is said, column by column.
  EXPECT_EQ(plan.notes, (std::vector<std::string>{
                            "column \"Model Number\" (1 value) has no place in tagdesk's register and was not imported",
                            "column \"Company\" (2 values) has no place in tagdesk's register and was not imported",
                            "column \"Supplier\" (1 value) has no place in tagdesk's register and was not imported",
                            "column \"Purchase Cost\" (1 value) has no place in tagdesk's register and was not imported",
                        }));
  // The kind of each new device is guessed, and the report says how.
  EXPECT_EQ(plan.rows, (std::vector<exchange::ImportRow>{
                           {2, "guessed", "NFA1001", "kind staff-laptop, from the category \"Laptops\" (\"laptop\")"},
                           {3, "guessed", "NFA2001", "kind tablet, from the category \"Tablets\" (\"tablet\")"},
                           {4, "guessed", "NFA3001", "kind other: no word of the kinds table matched"}}));
  // Re-importing finds the same devices by asset tag.
  auto again = exchange::plan_snipeit_import(table(kSnipe), s, now());
  EXPECT_EQ(again.unchanged, 3);
}

TEST(ImportSnipeit, UnknownStatusAndImpossibleDatesRefused) {
  auto plan = exchange::plan_snipeit_import(table("Asset Tag,Status,Purchase Date\n"
                                            "T1,Ready to Deploy,2026-01-02\n"
                                            "T2,On Fire,12/25/2025\n"
                                            "T3,,2/30/2026\n"
                                            "T1,,\n"),
                                      core::State{}, now());
  auto m = messages(plan);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_NE(m[0].find("line 3, column Status: 'On Fire' is not a status tagdesk knows; the known ones are: ready to deploy"),
            std::string::npos) << m[0];
  EXPECT_EQ(m[1], "line 4, column Purchase Date: '2/30/2026' is not a date in the calendar in the order of the rest of "
                  "its column");
  EXPECT_EQ(m[2], "line 5, column Asset Tag: 'T1' is already used on line 2");
  EXPECT_TRUE(plan.events.empty());
}

TEST(ImportSnipeit, RulesRefuseWhatTheKioskWould) {
  // AR1 through core::decide: a retired device needs its disposal date and route.
  auto plan = exchange::plan_snipeit_import(table("Asset Tag,Status\nT1,Archived\n"), core::State{}, now());
  EXPECT_EQ(messages(plan),
            (std::vector<std::string>{"line 2: A retired device needs its disposal date and route (AR1)"}));
  EXPECT_TRUE(plan.events.empty());
}

TEST(ImportSnipeit, MissingAssetTagColumn) {
  auto plan = exchange::plan_snipeit_import(table("Name,Serial\nA,B\n"), core::State{}, now());
  ASSERT_EQ(messages(plan).size(), 1u);
  EXPECT_EQ(messages(plan)[0], "line 1, column Asset Tag: required column is missing (Snipe-IT names it \"Asset Tag\")");
}

// Snipe-IT's columns are checked against the register's one table of device
// fields (core/fields.h): every field an edit writes has a Snipe-IT column or
// custom field (else an import or export would drop it without a word), and
// every column named after a field names one the table has.
TEST(SnipeitColumns, AgreeWithTheRegistersTableOfDeviceFields) {
  std::set<std::string> edited;
  core::for_each_field<core::Device>([&](const auto& f) {
    if (f.by == core::WrittenBy::Edit) edited.emplace(f.name);
  });
  std::set<std::string> mapped;
  for (const auto& c : exchange::detail::snipeit_columns()) mapped.emplace(c.key);
  for (const auto& [key, label] : exchange::detail::snipeit_custom_fields()) mapped.emplace(key);
  // Snipe-IT's category is our kind (detail::snipeit_category_label), and
  // these columns are the checkout's, not the device's.
  const std::set<std::string> not_fields = {"category",      "checkout_type", "to_username",    "to_first_name",
                                            "to_last_name", "to_email",      "expected_checkin"};
  for (const auto& f : edited) EXPECT_TRUE(mapped.contains(f) || f == "kind") << "no Snipe-IT column for " << f;
  for (const auto& k : mapped)
    EXPECT_TRUE(edited.contains(k) || not_fields.contains(k)) << "Snipe-IT's " << k << " names no device field";
}

TEST(ExportSnipeit, RoundTripKeepsTheRegister) {
  core::State s;
  s.devices["LT001"] = core::Device{.id = "LT001", .asset_tag = "NFA-1001", .serial = "SN1", .name = "Laptop",
                                    .make = "Dell", .model = "5440", .kind = core::DeviceKind::StaffLaptop,
                                    .owner = core::Owner::Trust, .home_location = "Staff room",
                                    .sensitivity = core::Sensitivity::Holds, .encrypted = true,
                                    .encryption_verified = core::parse_date("2026-09-01"), .mdm_enrolled = true,
                                    .equipment_class = core::EquipmentClass::II, .pat_interval_months = 24,
                                    .purchase_date = core::parse_date("2025-08-20"), .accessories = {"CH001", "case"},
                                    .max_loan_days = 30, .notes = "note, with comma"};
  s.devices["CH001"] = core::Device{.id = "CH001", .kind = core::DeviceKind::Charger,
                                    .status = core::DeviceStatus::AwaitingRepair};
  s.devices["CAM1"] = core::Device{.id = "CAM1", .kind = core::DeviceKind::Camera, .status = core::DeviceStatus::Retired,
                                   .disposal_date = core::parse_date("2026-07-01"), .disposal_route = "WEEE"};
  s.loans["L1"] = core::Loan{.id = "L1", .device = "LT001", .borrower = "S001"};
  s.reindex();
  auto exported = exchange::export_snipeit_csv(s);
  EXPECT_EQ(exported.not_represented,
            (std::vector<std::string>{"1 open loan(s): Snipe-IT imports checkouts only for users it already has"}));
  auto plan = exchange::plan_snipeit_import(table(exported.csv), core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  EXPECT_TRUE(plan.notes.empty());
  auto back = applied(plan);
  EXPECT_EQ(back.devices, s.devices);
}

}  // namespace

namespace {

std::filesystem::path data(const char* name) {
  const char* root = std::getenv("TAGDESK_SOURCE_DIR");
  return std::filesystem::path{root ? root : "."} / "tests" / "data" / name;
}

// A file as Snipe-IT's own export writes it: BOM, CRLF, quoted multi-line notes, its column names.
TEST(ImportSnipeit, ReadsARealExportFile) {
  auto t = exchange::csv::read_file(data("snipeit_assets.csv"));
  ASSERT_TRUE(t) << t.error();
  auto plan = exchange::plan_snipeit_import(*t, core::State{}, import_test::now());
  ASSERT_TRUE(plan.ok()) << import_test::messages(plan).front();
  auto s = import_test::applied(plan);
  ASSERT_EQ(s.devices.size(), 3u);
  const auto& lt = s.devices.at("NFA1012");
  EXPECT_EQ(lt.name, "Staff laptop 12 (Ms Ó Briain)");
  EXPECT_EQ(lt.kind, core::DeviceKind::StaffLaptop);
  EXPECT_EQ(lt.serial, "7XK2Q93");
  EXPECT_EQ(lt.notes, "Screen replaced;\r\nkeyboard sticky");
  EXPECT_EQ(s.devices.at("NFA3004").status, core::DeviceStatus::Retired);
  EXPECT_EQ(s.devices.at("NFA3004").kind, core::DeviceKind::Projector);
  // The export's "Purchased" is not a name Snipe-IT's importer reads for Purchase Date: reported, not guessed.
  bool purchased_noted = false;
  for (const auto& n : plan.notes) purchased_noted |= n.starts_with("column \"Purchased\"");
  EXPECT_TRUE(purchased_noted);
}

}  // namespace
