// An optional value kept on the heap: 8 bytes in its owner when empty or full.
//
// For a rarely present, large member of a row the projections hold 100,000
// times (a device's last PAT test). It reads like std::optional and copies
// its value, so the rows stay plain values.
//
//   core::Box<PatRecord> last;        // empty
//   last = record;                    // holds a copy
//   if (last && !last->passed) ...
#pragma once

#include <memory>
#include <optional>

namespace core {

template <class T>
class Box {
 public:
  Box() = default;
  Box(std::nullopt_t) {}                                           // NOLINT(google-explicit-constructor)
  Box(const T& value) : ptr_(std::make_unique<T>(value)) {}        // NOLINT(google-explicit-constructor)
  Box(T&& value) : ptr_(std::make_unique<T>(std::move(value))) {}  // NOLINT(google-explicit-constructor)
  Box(const std::optional<T>& value)  // NOLINT(google-explicit-constructor)
      : ptr_(value ? std::make_unique<T>(*value) : nullptr) {}
  Box(const Box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other) ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  [[nodiscard]] bool has_value() const noexcept { return ptr_ != nullptr; }
  explicit operator bool() const noexcept { return has_value(); }
  const T& operator*() const { return *ptr_; }
  T& operator*() { return *ptr_; }
  const T* operator->() const { return ptr_.get(); }
  T* operator->() { return ptr_.get(); }
  void reset() noexcept { ptr_.reset(); }
  [[nodiscard]] std::optional<T> optional() const { return ptr_ ? std::optional<T>{*ptr_} : std::nullopt; }

  friend bool operator==(const Box& a, const Box& b) {
    return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
  }
  friend bool operator==(const Box& a, const T& b) { return a.has_value() && *a == b; }

 private:
  std::unique_ptr<T> ptr_;
};

}  // namespace core
