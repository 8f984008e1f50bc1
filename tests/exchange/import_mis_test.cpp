#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/state.h"
#include "exchange/csv.h"
#include "exchange/import.h"
#include "import_test_util.h"

namespace {

using namespace import_test;

const char* kAutumn =
    "Admission Number,Legal Forename,Preferred Forename,Surname,Year,Reg Group,Card Number,UPN\n"
    "A020001,Zoë,,Kowalska,Year 7,7A,100001,X1\n"
    "A020002,Łukasz,Luke,Nguyễn,Year 8,8B,100002,X2\n"
    "A020003,Amelia,,Smith,Year 8,8B,100003,X3\n";

const char* kSpring =
    "Admission Number,Legal Forename,Preferred Forename,Surname,Year,Reg Group,Card Number,UPN\n"
    "A020001,Zoë,,Kowalska-Brown,Year 7,7A,100001,X1\n"  // renamed
    "A020002,Łukasz,Luke,Nguyễn,Year 8,8B,100002,X2\n"
    "A020004,Noah,,Jones,Year 7,7B,100004,X4\n";  // joiner; A020003 left

TEST(ImportMis, FirstImportAddsPupils) {
  auto plan = exchange::plan_mis_import(table(kAutumn), core::State{}, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  EXPECT_EQ(plan.added, 3);
  auto s = applied(plan);
  ASSERT_TRUE(s.people.contains("P0001"));
  const auto& p = s.people["P0002"];
  EXPECT_EQ(p.first_name, "Łukasz");
  EXPECT_EQ(p.preferred_name, "Luke");
  EXPECT_EQ(p.year, 8);
  EXPECT_EQ(p.form, "8B");
  EXPECT_EQ(p.card, "100002");
  EXPECT_TRUE(p.roles.has(core::Right::Pupil));
  EXPECT_EQ(plan.notes, (std::vector<std::string>{"column \"UPN\" is not imported (name it with --map COLUMN=FIELD)"}));
}

TEST(ImportMis, ReimportAddsJoinersDeactivatesLeaversRenames) {
  auto s = applied(exchange::plan_mis_import(table(kAutumn), core::State{}, now()));
  s.loans["L1"] = core::Loan{.id = "L1", .device = "IP01", .borrower = "P0003"};
  auto plan = exchange::plan_mis_import(table(kSpring), s, now());
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan.added, 1);
  EXPECT_EQ(plan.updated, 1);
  EXPECT_EQ(plan.unchanged, 1);
  EXPECT_EQ(plan.deactivated, 1);
  auto after = applied(plan, s);
  EXPECT_EQ(after.people.size(), 4u);  // nobody duplicated
  EXPECT_EQ(after.people["P0001"].surname, "Kowalska-Brown");
  EXPECT_EQ(after.people["P0004"].first_name, "Noah");
  EXPECT_FALSE(after.people["P0003"].active);
  EXPECT_EQ(plan.notes.back().substr(0, 59), "leaver P0003 Amelia S. (8B) deactivated; Still has IP01, du");
}

// The rows of another State, as db::Store reads them from its file for a
// State that holds only those read so far (OpenOptions::working_set).
class RowsOf : public core::RowSource {
 public:
  explicit RowsOf(core::State s) : s_(std::move(s)) { s_.reindex(); }
  std::optional<core::Person> person(std::string_view id) const override { return copy(s_.person(std::string{id})); }
  std::optional<core::Device> device(std::string_view id) const override { return copy(s_.device(std::string{id})); }
  std::optional<core::Slot> slot(std::string_view id) const override { return copy(s_.slot(std::string{id})); }
  std::string person_by_card(std::string_view card) const override { return s_.person_by_card_number(card); }
  std::string device_by_code(std::string_view code) const override { return s_.device_by_tag_or_serial(code); }
  void each_person(const core::Walk&, const std::function<bool(const core::Person&)>& f) const override { s_.each_person(f); }
  void each_device(const core::Walk&, const std::function<bool(const core::Device&)>& f) const override { s_.each_device(f); }
  void each_slot(std::string_view from, const std::function<bool(const core::Slot&)>& f) const override {
    s_.each_slot(f, from);
  }

 private:
  template <class T> static std::optional<T> copy(const T* row) { return row ? std::optional<T>{*row} : std::nullopt; }
  core::State s_;
};

// The importer reads people through the State's look-ups and walks, never
// its maps, so a desk's working set (no rows read yet) plans as the whole
// register does: the same joiner, rename and leaver, nobody added twice.
TEST(ImportMis, AStateThatReadsItsRowsFromAFilePlansTheSame) {
  core::State whole = applied(exchange::plan_mis_import(table(kAutumn), core::State{}, now()));
  core::State working{.settings = whole.settings, .rows = std::make_shared<RowsOf>(whole)};
  auto expected = exchange::plan_mis_import(table(kSpring), whole, now());
  auto plan = exchange::plan_mis_import(table(kSpring), working, now());
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  EXPECT_EQ(plan.added, 1);
  EXPECT_EQ(plan.updated, 1);
  EXPECT_EQ(plan.unchanged, 1);
  EXPECT_EQ(plan.deactivated, 1);
  EXPECT_EQ(plan.notes, expected.notes);
  ASSERT_EQ(plan.events.size(), expected.events.size());
  for (std::size_t i = 0; i < plan.events.size(); ++i)
    EXPECT_TRUE(plan.events[i].data == expected.events[i].data) << core::event_type(plan.events[i].data);
}

TEST(ImportMis, StaffAndMappedColumns) {
  auto plan = exchange::plan_mis_import(table("Code,Title,Given,Surname,Email\nSNB,Ms,Siobhán,Ní Bhriain,snb@x.org\n"),
                                  core::State{}, now(), {.map = {{"Code", "staff_code"}, {"Given", "first_name"}}});
  ASSERT_TRUE(plan.ok()) << messages(plan).front();
  auto s = applied(plan);
  ASSERT_TRUE(s.people.contains("S001"));
  EXPECT_EQ(s.people["S001"].staff_code, "SNB");
  EXPECT_TRUE(s.people["S001"].roles.has(core::Right::Staff));
  EXPECT_EQ(s.people["S001"].email, "snb@x.org");
}

TEST(ImportMis, BadRowsAndBadMaps) {
  auto plan = exchange::plan_mis_import(table("Admission Number,Legal Forename,Surname,Year\n"
                                        "A1,Zoë,K,Year 7\n"
                                        "A1,Ann,B,7\n"
                                        ",Bob,C,7\n"
                                        "A2,Cy,,Year seven\n"),
                                  core::State{}, now());
  EXPECT_EQ(messages(plan), (std::vector<std::string>{
                                "line 3, column Admission Number: 'A1' is already used on line 2",
                                "line 4, column Admission Number: is empty; each row needs an admission number (pupils) "
                                "or a staff code (staff)",
                                "line 5, column Surname: is empty; every person needs a forename and a surname",
                                "line 5, column Year: 'seven' is not a whole number"}));
  auto badmap = exchange::plan_mis_import(table("Adm,Legal Forename,Surname\nA1,Z,K\n"), core::State{}, now(),
                                    {.map = {{"Adm", "shoe_size"}, {"Nope", "email"}}});
  EXPECT_FALSE(badmap.ok());
  EXPECT_NE(messages(badmap)[0].find("--map names 'shoe_size'"), std::string::npos);
}

}  // namespace

namespace {

TEST(ImportMis, ReadsAnExportFile) {
  const char* root = std::getenv("TAGDESK_SOURCE_DIR");
  auto t = exchange::csv::read_file(std::filesystem::path{root ? root : "."} / "tests" / "data" / "mis_pupils.csv");
  ASSERT_TRUE(t) << t.error();
  auto plan = exchange::plan_mis_import(*t, core::State{}, import_test::now());
  ASSERT_TRUE(plan.ok()) << import_test::messages(plan).front();
  auto s = import_test::applied(plan);
  EXPECT_EQ(s.people.at("P0003").surname, "Ní Bhriain");
  EXPECT_EQ(s.people.at("P0003").admission_no, "002003");
  EXPECT_EQ(s.people.at("P0002").preferred_name, "Luke");
}

}  // namespace
