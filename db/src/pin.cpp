#include "db/pin.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "db/keys.h"
#include "db/store.h"
#include "secret_file.h"

namespace db {
namespace {

// "$tagdesk-pepper1$" + the pepper's id (8 hex digits) + "$" + the Argon2id string.
constexpr std::string_view kPeppered = "$tagdesk-pepper1$";
constexpr std::size_t kIdDigits = 8;

std::string keyed(std::string_view text, std::string_view pepper, std::size_t bytes) {
  std::string out(bytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     reinterpret_cast<const unsigned char*>(pepper.data()), pepper.size());
  return hex(out);
}

bool pepper_usable(std::string_view pepper) {
  return pepper.size() >= crypto_generichash_KEYBYTES_MIN && pepper.size() <= crypto_generichash_KEYBYTES_MAX;
}

// Which pepper made a hash, without giving anything of it away.
std::string pepper_id(std::string_view pepper) { return keyed("tagdesk pepper id", pepper, 16).substr(0, kIdDigits); }

// What Argon2id is given instead of the PIN: the PIN keyed with the pepper.
std::string peppered(std::string_view pin, std::string_view pepper) { return keyed(pin, pepper, 32); }

}  // namespace

std::filesystem::path pepper_path(const std::filesystem::path& key_file) { return key_file.parent_path() / "pin-pepper"; }

std::expected<std::string, std::string> load_or_create_pepper(const std::filesystem::path& key_file) {
  return detail::load_or_create_secret(pepper_path(key_file), "PIN pepper file");
}

std::expected<std::string, std::string> pin_pepper(const Store& store) {
  if (!store.keys()) return std::unexpected(std::string{"a store opened read-only checks no PIN"});
  return load_or_create_pepper(store.keys()->file());
}

std::string pin_problem(std::string_view pin) {
  if (pin.size() < 6) return "a PIN needs at least 6 digits";
  if (pin.size() > 12) return "a PIN has at most 12 digits";
  if (!std::ranges::all_of(pin, [](char c) { return c >= '0' && c <= '9'; })) return "a PIN is digits only";
  if (std::ranges::all_of(pin, [&](char c) { return c == pin[0]; })) return "a PIN cannot be one digit repeated";
  return {};
}

std::expected<std::string, std::string> hash_pin(std::string_view pin, std::string_view pepper) {
  if (auto problem = pin_problem(pin); !problem.empty()) return std::unexpected(problem);
  if (sodium_init() < 0) return std::unexpected(std::string{"libsodium could not start"});
  if (!pepper_usable(pepper)) return std::unexpected(std::string{"no PIN pepper (the file pin-pepper beside the desk's key)"});
  std::string input = peppered(pin, pepper);
  char out[crypto_pwhash_STRBYTES];
  // Interactive limits: slow enough to make guessing costly even with the
  // pepper, fast enough for a badge sign-in at the desk.
  if (crypto_pwhash_str_alg(out, input.data(), input.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return std::unexpected(std::string{"not enough memory to hash the PIN"});
  return std::string{kPeppered} + pepper_id(pepper) + "$" + out;
}

bool made_with_other_pepper(std::string_view hash, std::string_view pepper) {
  if (!hash.starts_with(kPeppered)) return false;
  hash.remove_prefix(kPeppered.size());
  return !pepper_usable(pepper) || hash.substr(0, kIdDigits) != pepper_id(pepper);
}

std::string other_pepper_message(const Store& store) {
  auto here = store.keys() ? pepper_path(store.keys()->file()).string() : std::string{"pin-pepper beside the key"};
  return "This PIN was set where another PIN pepper is kept (another desk's or school's pin-pepper file), so this "
         "desk cannot check it; nothing was counted against the badge. Copy the school's pin-pepper file to " +
         here + " (the README's \"The desk's key\"), or an administrator resets the PIN.";
}

bool verify_pin(std::string_view hash, std::string_view pin, std::string_view pepper) {
  if (hash.empty() || sodium_init() < 0) return false;
  std::string input{pin};
  if (hash.starts_with(kPeppered)) {
    hash.remove_prefix(kPeppered.size());
    if (!pepper_usable(pepper) || hash.size() <= kIdDigits || hash.substr(0, kIdDigits) != pepper_id(pepper) ||
        hash[kIdDigits] != '$')
      return false;
    hash.remove_prefix(kIdDigits + 1);
    input = peppered(pin, pepper);
  }
  std::string argon{hash};  // crypto_pwhash_str_verify reads a C string
  return crypto_pwhash_str_verify(argon.c_str(), input.data(), input.size()) == 0;
}

std::expected<PinCheck, std::string> check_pin(const Store& store, std::string_view hash, std::string_view pin) {
  auto pepper = pin_pepper(store);
  if (!pepper) return std::unexpected(pepper.error());
  // No PIN is tried (none could match here), so no guess is counted: a desk
  // set up without the school's pepper must not lock its staff out.
  if (made_with_other_pepper(hash, *pepper)) return PinCheck{PinOutcome::OtherPepper, other_pepper_message(store)};
  return PinCheck{verify_pin(hash, pin, *pepper) ? PinOutcome::Right : PinOutcome::Wrong, ""};
}

}  // namespace db
