// A desk's chain as the desk makes it must be the chain the server checks
// (tagdesk.desk_link in sync/sql/001-schema.sql): both are pinned to the same
// vector, which server_sql_test.sh checks on the server's side.
#include <gtest/gtest.h>

#include "sync/desk.h"

namespace {

const std::string kGenesis(64, '0');
const db::OwnEvent kEvent{.seq = 812, .id = "r1", .type = "handin.recorded", .at = "2026-12-05T08:20:00",
                          .kiosk = "reception", .actor = "P1", .authoriser = "", .data = R"({"held":"Pouch 1 é"})"};

TEST(DeskChain, IsTheServersLink) {
  EXPECT_EQ(tagsync::desk_link(kGenesis, 1, kEvent), "9742d247969379e803c8de8e8366a5f1148e507918eb2b974d8fe157c8bf4848");
}

TEST(DeskChain, EveryFieldAndTheNumberCount) {
  auto base = tagsync::desk_link(kGenesis, 1, kEvent);
  EXPECT_NE(tagsync::desk_link(kGenesis, 2, kEvent), base);
  auto moved = kEvent;
  moved.id = "r";
  moved.type = "1handin.recorded";  // the same bytes, split elsewhere: length prefixes tell them apart
  EXPECT_NE(tagsync::desk_link(kGenesis, 1, moved), base);
  auto by = kEvent;
  by.authoriser = "S1";
  EXPECT_NE(tagsync::desk_link(kGenesis, 1, by), base);
  EXPECT_NE(tagsync::desk_link(base, 2, kEvent), tagsync::desk_link(kGenesis, 2, kEvent));
}

TEST(DeskChain, AHeadThatIsNotALinkIsRefused) {
  EXPECT_THROW((void)tagsync::desk_link("zz", 1, kEvent), tagsync::Error);
}

}  // namespace
