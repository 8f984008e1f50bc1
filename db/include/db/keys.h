// The desk's secret key, kept in a file outside the database (SE1): what a
// copy of the file alone cannot forge. Its Ed25519 half signs the log's head
// at every write (the public half is recorded in the database at creation and
// printed by `tagdesk verify`); a key derived from it seals the contents the
// kiosk reads (db/src/seal.h). The file is 32 random bytes, created 0600 on
// first use, readable only by the kiosk's user.
//
//   auto keys = db::load_or_create_keys(db::default_key_path());
//   if (!keys) die(keys.error());
//   auto sig = keys->sign(message);
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace db {

class Keys {
 public:
  [[nodiscard]] const std::string& public_key() const { return public_; }  // raw, 32 bytes
  [[nodiscard]] std::string sign(std::string_view message) const;          // raw, 64 bytes
  // A key for BLAKE2b's keyed hash, derived from the seed for `purpose`.
  [[nodiscard]] std::string derived(std::string_view purpose) const;
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

 private:
  friend std::expected<Keys, std::string> load_or_create_keys(const std::filesystem::path&);
  std::string seed_, public_, secret_;
  std::filesystem::path file_;
};

// $TAGDESK_KEY, else $XDG_CONFIG_HOME/tagdesk/key, else ~/.config/tagdesk/key.
[[nodiscard]] std::filesystem::path default_key_path();

// Reads the key file, or creates it (and its folder, 0700) when missing.
// Tightens a readable file to 0600. The message says what to do on failure.
[[nodiscard]] std::expected<Keys, std::string> load_or_create_keys(const std::filesystem::path& file);

[[nodiscard]] std::string hex(std::string_view bytes);  // lower-case, two digits a byte

[[nodiscard]] bool signature_ok(std::string_view public_key, std::string_view message, std::string_view signature);

}  // namespace db
