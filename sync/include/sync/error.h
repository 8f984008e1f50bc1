// tagsync::Error: the central server could not be reached, or refused what was
// asked, in words a technician can act on (the server's message, then its hint).
#pragma once

#include <stdexcept>

namespace tagsync {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tagsync
