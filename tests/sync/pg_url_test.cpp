// What a desk's credentials file and every message say of the server's
// address: never the administrator's user or password; when TLS with the
// certificate checked is the default (outside loopback); and what libpq's
// account of a failed connection becomes on the admin screen.
#include <gtest/gtest.h>

#include "pg.h"

namespace {

using tagsync::pg::explained;
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

// libpq 15's own texts, as psql prints them: a sentence saying what is wrong
// and what to do comes first, libpq's words after it, all on one line.
TEST(ServerProblem, LibpqsFailuresAreExplainedOnOneLine) {
  auto refused = explained(
      "connection to server at \"127.0.0.1\", port 5433 failed: Connection refused\n"
      "\tIs the server running on that host and accepting TCP/IP connections?\n");
  EXPECT_TRUE(refused.starts_with("nothing answers at that address: the server is stopped")) << refused;
  EXPECT_EQ(refused.find('\n'), std::string::npos) << refused;
  EXPECT_TRUE(refused.ends_with("port 5433 failed: Connection refused Is the server running on that host and "
                                "accepting TCP/IP connections?)"))
      << refused;
  auto password = explained("connection to server at \"localhost\" (127.0.0.1), port 5432 failed: FATAL:  "
                            "password authentication failed for user \"tagdesk_s1_reception\"");
  EXPECT_TRUE(password.starts_with("it refused this desk's user name or password")) << password;
  EXPECT_NE(password.find("tagdesk server add-desk"), std::string::npos) << password;
  EXPECT_TRUE(explained("could not translate host name \"db.trust.example\" to address: Name or service not known")
                  .starts_with("its host name is not known here"));
  EXPECT_TRUE(explained("connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  database \"tagdsk\" "
                        "does not exist")
                  .starts_with("the url names a database it does not have"));
  EXPECT_TRUE(explained("connection to server at \"db\" (10.0.0.5), port 5432 failed: root certificate file "
                        "\"/home/kiosk/.postgresql/root.crt\" does not exist\nEither provide the file or change "
                        "sslmode to disable server certificate verification.")
                  .starts_with("there is no certificate of the trust's CA"));
  EXPECT_TRUE(explained("connection to server at \"db\" (10.0.0.5), port 5432 failed: server does not support SSL, "
                        "but SSL was required")
                  .starts_with("it does not offer TLS"));
  // Words it does not know are kept, on one line.
  EXPECT_EQ(explained("something new\n\thappened\n"), "something new happened");
}

}  // namespace
