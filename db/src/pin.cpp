#include "db/pin.h"

#include <sodium.h>

#include <algorithm>

namespace db {

std::string pin_problem(std::string_view pin) {
  if (pin.size() < 6) return "a PIN needs at least 6 digits";
  if (pin.size() > 12) return "a PIN has at most 12 digits";
  if (!std::ranges::all_of(pin, [](char c) { return c >= '0' && c <= '9'; })) return "a PIN is digits only";
  if (std::ranges::all_of(pin, [&](char c) { return c == pin[0]; })) return "a PIN cannot be one digit repeated";
  return {};
}

std::expected<std::string, std::string> hash_pin(std::string_view pin) {
  if (auto problem = pin_problem(pin); !problem.empty()) return std::unexpected(problem);
  if (sodium_init() < 0) return std::unexpected(std::string{"libsodium could not start"});
  char out[crypto_pwhash_STRBYTES];
  // Interactive limits: slow enough to make guessing a stolen file costly,
  // fast enough for a badge sign-in at the desk.
  if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return std::unexpected(std::string{"not enough memory to hash the PIN"});
  return std::string{out};
}

bool verify_pin(const std::string& hash, std::string_view pin) {
  if (hash.empty() || sodium_init() < 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace db
