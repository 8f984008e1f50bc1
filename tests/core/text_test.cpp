// core::Text and core::Box: the compact fields of people, devices and pouches
// must behave exactly like the std::string and std::optional they replace.
#include "core/text.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "core/box.h"
#include "core/model.h"

namespace {

using core::Text;

std::string of_length(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('a' + i % 26);
  return s;
}

TEST(Text, KeepsEveryLengthAroundTheInlineLimitAndStaysNulTerminated) {
  for (std::size_t n : {0u, 1u, 14u, 15u, 16u, 17u, 40u, 200u}) {
    std::string s = of_length(n);
    Text t{s};
    EXPECT_EQ(t.size(), n);
    EXPECT_EQ(t.empty(), n == 0);
    EXPECT_EQ(t.view(), s);
    EXPECT_EQ(std::string{t.c_str()}, s) << "c_str() is the whole text, then NUL, at length " << n;
    EXPECT_EQ(t.str(), s);
  }
}

TEST(Text, CopiesAndMovesAreIndependentValues) {
  for (std::size_t n : {5u, 15u, 16u, 60u}) {
    Text a{of_length(n)};
    Text b = a;
    b = "changed";
    EXPECT_EQ(a, of_length(n)) << "a copy shares nothing, at length " << n;
    Text c = std::move(a);
    EXPECT_EQ(c, of_length(n));
    EXPECT_TRUE(a.empty()) << "a moved-from text is empty";  // NOLINT(bugprone-use-after-move)
    Text d;
    d = std::move(c);
    EXPECT_EQ(d, of_length(n));
    d = d;  // self-assignment keeps the value
    EXPECT_EQ(d, of_length(n));
    d = d.view().substr(1);  // assigning a view into itself
    EXPECT_EQ(d, of_length(n).substr(1));
  }
}

TEST(Text, ComparesAndOrdersLikeAString) {
  Text a{"Abbott"}, b{"Zoë Kowalska-Longname"};
  EXPECT_TRUE(a < b);
  EXPECT_TRUE(a == std::string{"Abbott"});
  EXPECT_TRUE(std::string{"Abbott"} == a);
  EXPECT_TRUE("Abbott" == a);
  EXPECT_TRUE(a != b);
  EXPECT_EQ(a <=> std::string_view{"Abbott"}, std::strong_ordering::equal);
  std::map<std::string, int> by_name{{"Abbott", 1}};
  EXPECT_EQ(by_name.at(a), 1) << "a Text looks up a string-keyed map";
}

TEST(Text, ConcatenatesWithStringsViewsAndCharacters) {
  Text first{"Zoë"}, form{"7A"};
  std::string s = first + " (" + form + ")";
  EXPECT_EQ(s, "Zoë (7A)");
  EXPECT_EQ(std::string{"form "} + form, "form 7A");
  EXPECT_EQ(form + '!', "7A!");
  EXPECT_EQ(first + form, "Zoë7A");
  std::ostringstream out;
  out << form;
  EXPECT_EQ(out.str(), "7A");
}

TEST(Text, IsHalfTheSizeOfAStringAndShrinksTheRows) {
  EXPECT_EQ(sizeof(Text), 16u);
  // Measured with std::string fields and an inline PAT record: 704, 400 and 160
  // bytes.
  EXPECT_LE(sizeof(core::Device), 376u);
  EXPECT_LE(sizeof(core::Person), 240u);
  EXPECT_LE(sizeof(core::Slot), 72u);
}

TEST(Box, ReadsLikeAnOptionalAndCopiesItsValue) {
  core::Box<core::PatRecord> empty;
  EXPECT_FALSE(empty);
  EXPECT_EQ(empty, core::Box<core::PatRecord>{std::nullopt});
  core::PatRecord rec{.device = "PJ01", .passed = false, .tester = "K. Osei"};
  core::Box<core::PatRecord> box = rec;
  ASSERT_TRUE(box);
  EXPECT_FALSE(box->passed);
  EXPECT_EQ(box, rec);
  core::Box<core::PatRecord> copy = box;
  copy->tester = "someone else";
  EXPECT_EQ(box->tester, "K. Osei") << "copies are deep: rows stay plain values";
  EXPECT_NE(copy, box);
  copy = std::nullopt;
  EXPECT_FALSE(copy);
  EXPECT_EQ(box.optional(), std::optional<core::PatRecord>{rec});
}

}  // namespace
