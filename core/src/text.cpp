#include "core/text.h"

#include <limits>
#include <ostream>
#include <stdexcept>

namespace core {

void Text::init(std::string_view s) {
  if (s.size() <= kInline) {
    set_inline(s.size());
    std::memcpy(inline_, s.data(), s.size());
    return;
  }
  if (s.size() > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("core::Text: over 4 GB");
  heap_.ptr = new char[s.size() + 1];
  std::memcpy(heap_.ptr, s.data(), s.size());
  heap_.ptr[s.size()] = '\0';
  heap_.size = static_cast<std::uint32_t>(s.size());
  heap_.tag = kHeap;
}

std::ostream& operator<<(std::ostream& out, const Text& t) { return out << t.view(); }

}  // namespace core
