// The hash chain over the event log (SE1). Internal to db/.
//
// hash(n) = BLAKE2b-256(hash(n-1) || the event's fields, each length-prefixed),
// so changing, removing, inserting or reordering any event breaks every link
// after it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace db::chain {

[[nodiscard]] std::string genesis();  // 32 zero bytes: the link before the first event
[[nodiscard]] std::string link(std::string_view prev, const std::vector<std::string>& fields);

}  // namespace db::chain
