// Staff PINs (SE2): at least 6 digits, stored only as an Argon2id hash (a
// random salt per hash, libsodium's crypto_pwhash_str) of the PIN keyed with
// the school's pepper: 32 random bytes in `pin-pepper` beside the desk's key
// (db/keys.h), never in the database. So a copy of the database, its log
// included, gives no way to test a PIN (docs/SECURITY.md). Nothing here logs.
//
//   auto pepper = db::pin_pepper(store);                 // std::expected<std::string, std::string>
//   auto hash = db::hash_pin("493817", *pepper);         // std::expected<std::string, std::string>
//   bool ok = db::verify_pin(*hash, "493817", *pepper);
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace db {

class Store;

// `pin-pepper` in the key file's folder. It is the school's, not the machine's:
// desks that share a school's record by sync share it (copied), while each
// keeps its own key.
[[nodiscard]] std::filesystem::path pepper_path(const std::filesystem::path& key_file);
// The pepper beside `key_file`, made (0600) on first use, tightened when an
// older version left it readable.
[[nodiscard]] std::expected<std::string, std::string> load_or_create_pepper(const std::filesystem::path& key_file);
// The pepper beside the store's key file; a read-only store has none.
[[nodiscard]] std::expected<std::string, std::string> pin_pepper(const Store& store);

// The message says what is wrong with a PIN that may not be used ("at least 6 digits").
[[nodiscard]] std::expected<std::string, std::string> hash_pin(std::string_view pin, std::string_view pepper);
// A hash made before the pepper (a bare "$argon2id$...", an older file) still
// verifies; a peppered one only with the pepper it was made with.
[[nodiscard]] bool verify_pin(std::string_view hash, std::string_view pin, std::string_view pepper);
// Whether `hash` was made with a pepper other than `pepper` (another school's
// or desk's pin-pepper file: a database copied to this machine without it).
// Told apart by the pepper's id in the hash, so no PIN is tried: no PIN can
// sign in with it here, and the answer is the same whatever was typed.
[[nodiscard]] bool made_with_other_pepper(std::string_view hash, std::string_view pepper);
// What staff are told then, and what to do (copy the school's pin-pepper file).
[[nodiscard]] std::string other_pepper_message(const Store& store);
[[nodiscard]] std::string pin_problem(std::string_view pin);  // empty when the PIN is acceptable

// A PIN tried against a hash with the store's pepper, as the desk and the
// command line both check it: right, wrong, or not tried at all because the
// hash was made with another pepper (`message` says what to do; no guess
// counts). The error: the pepper cannot be read (the key folder's message).
enum class PinOutcome { Right, Wrong, OtherPepper };
struct PinCheck {
  PinOutcome outcome = PinOutcome::Wrong;
  std::string message;  // OtherPepper's: other_pepper_message
};
[[nodiscard]] std::expected<PinCheck, std::string> check_pin(const Store& store, std::string_view hash,
                                                             std::string_view pin);

}  // namespace db
