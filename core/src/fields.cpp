// Each record's field table (core/fields.h) names every member of the record:
// each binding below names them all, so a member added to a record stops this
// compiling until it is counted here, and then the count stops it until the
// member is in its table too.
#include "core/fields.h"

namespace core {
namespace {

template <class R>
constexpr std::size_t kTableSize = std::tuple_size_v<std::remove_cvref_t<decltype(FieldTable<R>::kFields)>>;

static_assert(kTableSize<Person> == 16, "a member of Person is missing from FieldTable<Person>");
static_assert(kTableSize<Device> == 32, "a member of Device is missing from FieldTable<Device>");
static_assert(kTableSize<Slot> == 5, "a member of Slot is missing from FieldTable<Slot>");

[[maybe_unused]] void every_member(const Person& p, const Device& d, const Slot& s) {
  [[maybe_unused]] const auto& [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16] = p;
  [[maybe_unused]] const auto& [d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18,
                                d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31, d32] = d;
  [[maybe_unused]] const auto& [s1, s2, s3, s4, s5] = s;
}

}  // namespace
}  // namespace core
