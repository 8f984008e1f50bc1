// A secret of 32 random bytes in a file of its own, outside the database (the
// desk's key, the PIN pepper): made 0600 on first use (its folder 0700), so
// two desks that start at once end with one, and tightened to 0600 when an
// older version left it readable. The message says what to do on failure.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace db::detail {

inline constexpr std::size_t kSecretBytes = 32;

// `what` names the file in messages ("key file").
[[nodiscard]] std::expected<std::string, std::string> load_or_create_secret(const std::filesystem::path& file,
                                                                            std::string_view what);

}  // namespace db::detail
