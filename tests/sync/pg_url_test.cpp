// What a desk's credentials file and every message say of the server's
// address: never the administrator's user or password; and when TLS with
// the certificate checked is the default (outside loopback).
#include <gtest/gtest.h>

#include "pg.h"

namespace {

using tagsync::pg::is_loopback;
using tagsync::pg::public_url;

TEST(ServerUrl, LosesItsUserAndPassword) {
  EXPECT_EQ(public_url("postgresql://admin:secret@db.trust.example:5432/tagdesk"),
            "postgresql://db.trust.example:5432/tagdesk");
  EXPECT_EQ(public_url("postgresql://admin@db/tagdesk?sslmode=verify-full"), "postgresql://db/tagdesk?sslmode=verify-full");
  EXPECT_EQ(public_url("postgresql://db/t?password=secret"), "postgresql://db/t");
  EXPECT_EQ(public_url("postgresql://db/t?password=secret&sslrootcert=/ca.crt"), "postgresql://db/t?sslrootcert=/ca.crt");
  EXPECT_EQ(public_url("postgresql://db/t?sslrootcert=/ca.crt&password=secret"), "postgresql://db/t?sslrootcert=/ca.crt");
  EXPECT_EQ(public_url("host=db password=secret"), "(the server)");
}

TEST(ServerUrl, LoopbackIsThisMachineOnly) {
  EXPECT_TRUE(is_loopback("postgresql://localhost/tagdesk"));
  EXPECT_TRUE(is_loopback("postgresql://127.0.0.1:5433/tagdesk"));
  EXPECT_TRUE(is_loopback("postgresql://[::1]/tagdesk"));
  EXPECT_TRUE(is_loopback("postgresql:///tagdesk?host=/var/run/postgresql"));
  EXPECT_FALSE(is_loopback("postgresql://db.trust.example/tagdesk"));
  EXPECT_FALSE(is_loopback("postgresql://10.0.0.5/tagdesk"));
  EXPECT_FALSE(is_loopback("postgresql://localhost,db.trust.example/tagdesk"));
  EXPECT_THROW((void)is_loopback("postgresql://db/t?nonsense=1"), tagsync::Error);
}

}  // namespace
