#include "chain.h"

#include <sodium.h>

#include <cstdint>

namespace db::chain {

std::string genesis() { return std::string(crypto_generichash_BYTES, '\0'); }

std::string link(std::string_view prev, const std::vector<std::string>& fields) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, crypto_generichash_BYTES);
  auto feed = [&](std::string_view bytes) {
    // Length-prefixing keeps ("ab","c") and ("a","bc") apart.
    std::uint64_t n = bytes.size();
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    crypto_generichash_update(&st, len, sizeof len);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  };
  feed(prev);
  for (const auto& f : fields) feed(f);
  std::string out(crypto_generichash_BYTES, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

}  // namespace db::chain
