// Staff PINs (SE2): at least 6 digits, stored only as an Argon2id hash with a
// per-person random salt (libsodium's crypto_pwhash_str). Nothing here logs.
//
//   auto hash = db::hash_pin("493817");          // std::expected<std::string, std::string>
//   bool ok = db::verify_pin(*hash, "493817");
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace db {

// The message says what is wrong with a PIN that may not be used ("at least 6 digits").
[[nodiscard]] std::expected<std::string, std::string> hash_pin(std::string_view pin);
[[nodiscard]] bool verify_pin(const std::string& hash, std::string_view pin);
[[nodiscard]] std::string pin_problem(std::string_view pin);  // empty when the PIN is acceptable

}  // namespace db
