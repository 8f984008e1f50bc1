#include "db/keys.h"

#include "secret_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <system_error>

namespace db {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSeedBytes = crypto_sign_SEEDBYTES;
static_assert(kSeedBytes == detail::kSecretBytes);

std::string errno_text() { return std::error_code{errno, std::generic_category()}.message(); }

// Writes a new secret beside `file` and links it into place, so two desks that
// start at once end with one, and a crash leaves no half-written file.
std::string create(const fs::path& file) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) return "cannot create the folder " + file.parent_path().string() + ": " + ec.message();
  ::chmod(file.parent_path().c_str(), 0700);
  std::array<unsigned char, kSeedBytes> seed{};
  randombytes_buf(seed.data(), seed.size());
  auto part = fs::path{file.string() + ".part." + std::to_string(::getpid())};
  int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot create the key file " + part.string() + ": " + errno_text();
  bool ok = ::write(fd, seed.data(), seed.size()) == static_cast<ssize_t>(seed.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(seed.data(), seed.size());
  std::string problem;
  if (!ok) problem = "cannot write the key file " + part.string() + ": " + errno_text();
  else if (::link(part.c_str(), file.c_str()) != 0 && errno != EEXIST)
    problem = "cannot create the key file " + file.string() + ": " + errno_text();
  ::unlink(part.c_str());
  return problem;
}

}  // namespace

fs::path default_key_path() {
  if (const char* key = std::getenv("TAGDESK_KEY"); key && *key) return key;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path{xdg} / "tagdesk" / "key";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path{home} / ".config" / "tagdesk" / "key";
  return "tagdesk.key";
}

namespace detail {

std::expected<std::string, std::string> load_or_create_secret(const fs::path& file, std::string_view what) {
  if (sodium_init() < 0) return std::unexpected(std::string{"libsodium could not start"});
  std::error_code ec;
  if (!fs::exists(file, ec))
    if (auto problem = create(file); !problem.empty()) return std::unexpected(problem);
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected("cannot read the " + std::string{what} + " " + file.string() + ": " + errno_text());
  struct stat st{};
  if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) (void)::fchmod(fd, 0600);
  std::array<unsigned char, kSeedBytes + 1> bytes{};
  auto n = ::read(fd, bytes.data(), bytes.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(kSeedBytes))
    return std::unexpected("the " + std::string{what} + " " + file.string() + " is not tagdesk's (it must hold " +
                           std::to_string(kSeedBytes) + " bytes); restore it from where you keep its copy");
  std::string secret(reinterpret_cast<const char*>(bytes.data()), kSeedBytes);
  sodium_memzero(bytes.data(), bytes.size());
  return secret;
}

}  // namespace detail

std::expected<Keys, std::string> load_or_create_keys(const fs::path& file) {
  auto seed = detail::load_or_create_secret(file, "key file");
  if (!seed) return std::unexpected(seed.error());
  Keys keys;
  keys.file_ = file;
  keys.seed_ = std::move(*seed);
  keys.public_.resize(crypto_sign_PUBLICKEYBYTES);
  keys.secret_.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(keys.public_.data()),
                           reinterpret_cast<unsigned char*>(keys.secret_.data()),
                           reinterpret_cast<const unsigned char*>(keys.seed_.data()));
  return keys;
}

std::string Keys::sign(std::string_view message) const {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(secret_.data()));
  return sig;
}

std::string Keys::derived(std::string_view purpose) const {
  std::string out(crypto_generichash_KEYBYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
                     reinterpret_cast<const unsigned char*>(seed_.data()), seed_.size());
  return out;
}

std::string hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.pop_back();
  return out;
}

bool signature_ok(std::string_view public_key, std::string_view message, std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace db
