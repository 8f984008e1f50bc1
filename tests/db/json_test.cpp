#include <gtest/gtest.h>

#include "db/json.h"

namespace {

TEST(EventJson, RoundTripsEveryFieldOfAnEvent) {
  core::Device d{.id = "LT7", .asset_tag = "SCH-7", .kind = core::DeviceKind::Camera,
                 .sensitivity = core::Sensitivity::HoldsNone, .encrypted = true,
                 .encryption_verified = core::parse_date("2026-01-31"), .accessories = {"charger", "case"}};
  core::Event e{.seq = 4, .id = "abc", .kiosk = "k1", .at = *core::parse_time("2026-11-24T08:20:05"),
                .actor = "S1", .authoriser = "A1", .data = core::DeviceRecorded{d}};
  auto back = db::event_from_json(db::event_to_json(e));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->seq, 4);
  EXPECT_EQ(back->authoriser, "A1");
  EXPECT_EQ(back->at, e.at);
  ASSERT_TRUE(std::holds_alternative<core::DeviceRecorded>(back->data));
  EXPECT_EQ(std::get<core::DeviceRecorded>(back->data).device, d);
}

TEST(EventJson, NamesWhatIsWrongWithAMalformedEvent) {
  auto unknown = db::event_from_json(nlohmann::json{{"type", "phone.teleported"}, {"at", "2026-11-24T08:00:00"},
                                                    {"data", nlohmann::json::object()}});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("phone.teleported"), std::string::npos);

  auto bad_time = db::event_from_json(nlohmann::json{{"type", "pin.failed"}, {"at", "yesterday"},
                                                     {"data", {{"person", "S1"}}}});
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().find("yesterday"), std::string::npos);

  auto bad_enum = db::event_data_from_json("device.recorded", {{"device", {{"id", "X"}, {"kind", "toaster"}}}});
  ASSERT_FALSE(bad_enum);
  EXPECT_NE(bad_enum.error().find("toaster"), std::string::npos);

  EXPECT_FALSE(db::event_from_json(nlohmann::json::array()));
}

}  // namespace
