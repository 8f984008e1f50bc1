// What an import guesses from other systems' files: the order of a column of
// dates (core/date_order.h) and a device's kind (core/kind_guess.h).
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "core/date_order.h"
#include "core/kind_guess.h"
#include "core/settings.h"

namespace {

using core::DateOrder;
using core::DeviceKind;
using namespace std::chrono;

core::Date ymd(int y, unsigned m, unsigned d) { return core::Date{year{y} / month{m} / day{d}}; }

core::DateOrderFit fit(std::vector<std::string_view> column) { return core::fit_date_order(column); }

TEST(DateOrder, OneValueThatCanOnlyBeMonthDaySettlesTheColumn) {
  // Snipe-IT's assets-sample.csv: "1/23/23", "3/1/23", "11/14/22", ...
  auto f = fit({"3/1/23", "10/1/22", "11/14/22", "7/4/22"});
  EXPECT_EQ(f.order(), DateOrder::MDY);
  EXPECT_FALSE(f.ambiguous());
  EXPECT_EQ(core::parse_date_as("3/1/23", *f.order()), ymd(2023, 3, 1));
}

TEST(DateOrder, OneValueThatCanOnlyBeDayMonthSettlesTheColumn) {
  EXPECT_EQ(fit({"03/04/2026", "25/12/2025", ""}).order(), DateOrder::DMY);
}

TEST(DateOrder, AColumnEveryValueOfWhichReadsEitherWayIsAmbiguous) {
  auto f = fit({"03/04/2026", "01/02/2026"});
  EXPECT_TRUE(f.ambiguous());
  EXPECT_EQ(f.order(), std::nullopt);
}

TEST(DateOrder, ValuesThatContradictEachOtherFitNoOrder) {
  auto f = fit({"13/01/2026", "01/13/2026"});
  EXPECT_FALSE(f.ambiguous());
  EXPECT_EQ(f.order(), std::nullopt);
}

TEST(DateOrder, YearFirstColumnsAndEmptyColumnsAreYmd) {
  EXPECT_EQ(fit({"2023-01-23", "2022/11/14 00:00:00", "n/a"}).order(), DateOrder::YMD);
  EXPECT_EQ(fit({}).order(), DateOrder::YMD);
  EXPECT_EQ(core::parse_date_as("2023-01-23 10:30:00", DateOrder::DMY), ymd(2023, 1, 23));
}

TEST(DateOrder, TwoDigitYearsFollowThePosixWindow) {
  EXPECT_EQ(core::parse_date_as("10/27/68", DateOrder::MDY), ymd(2068, 10, 27));
  EXPECT_EQ(core::parse_date_as("10/27/69", DateOrder::MDY), ymd(1969, 10, 27));
  EXPECT_EQ(core::parse_date_as("27.10.28", DateOrder::DMY), ymd(2028, 10, 27));
}

TEST(DateOrder, NotADateInTheCalendarIsRefused) {
  EXPECT_EQ(core::parse_date_as("2/30/23", DateOrder::MDY), std::nullopt);
  EXPECT_EQ(core::parse_date_as("1/23/123", DateOrder::MDY), std::nullopt);
  EXPECT_EQ(core::parse_date_as("soon", DateOrder::MDY), std::nullopt);
}

TEST(KindGuess, ModelNameCategoryAndManufacturerAreReadTogether) {
  auto mac = core::guess_kind({.category = "Ornamental Railings", .model = "Macbook Pro 13\""});
  EXPECT_EQ(mac.kind, DeviceKind::StaffLaptop);
  EXPECT_EQ(core::describe(mac), "staff-laptop, from the model \"Macbook Pro 13\"\" (\"macbook\")");
  EXPECT_EQ(core::guess_kind({.model = "iPad Air"}).kind, DeviceKind::Tablet);
  EXPECT_EQ(core::guess_kind({.model = "EOS 250D", .manufacturer = "Canon"}).kind, DeviceKind::Camera);
  EXPECT_EQ(core::guess_kind({.name = "Coolpix 3", .manufacturer = "Nikon"}).field, "name");
  EXPECT_EQ(core::guess_kind({.category = "Pupil laptops", .model = "Chromebook 314"}).kind, DeviceKind::PupilLaptop);
  EXPECT_EQ(core::guess_kind({.category = "tablet", .model = "Macbook"}).kind, DeviceKind::Tablet);
  // A word counts at the start of a word only: headphones are not phones.
  auto none = core::guess_kind({.model = "Videostar", .name = "Headphones"});
  EXPECT_FALSE(none.matched());
  EXPECT_EQ(none.kind, DeviceKind::Other);
}

TEST(KindGuess, TheAdministratorsWordsComeBeforeTheBuiltInOnes) {
  core::Settings s;
  ASSERT_EQ(core::set_setting(s, "kind.Visualiser", "camera"), std::nullopt);
  ASSERT_EQ(core::set_setting(s, "kind.macbook", "pupil-laptop"), std::nullopt);
  EXPECT_EQ(core::get_setting(s, "kind.visualiser"), "camera");
  EXPECT_EQ(core::guess_kind({.name = "IPEVO visualiser"}, s.kind_words).kind, DeviceKind::Camera);
  EXPECT_EQ(core::guess_kind({.model = "MacBook Air"}, s.kind_words).kind, DeviceKind::PupilLaptop);
  EXPECT_NE(core::set_setting(s, "kind.x", "toaster"), std::nullopt);
  ASSERT_EQ(core::set_setting(s, "kind.visualiser", "none"), std::nullopt);
  EXPECT_FALSE(core::guess_kind({.name = "IPEVO visualiser"}, s.kind_words).matched());
}

TEST(KindGuess, LN3_ADeviceOfUnknownKindHoldsSensitiveDataUntilRecordedOtherwise) {
  core::Device d{.id = "D1", .kind = DeviceKind::Other};
  EXPECT_TRUE(d.holds_sensitive_data());
  d.sensitivity = core::Sensitivity::HoldsNone;
  EXPECT_FALSE(d.holds_sensitive_data());
}

}  // namespace
