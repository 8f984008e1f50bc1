// A string field of a person, device or pouch, in 16 bytes instead of 32.
//
// A trust's projections hold 100,000 people and devices and as many pouches,
// each with ten or more short text fields, most of them empty or a few
// characters long ("7A", "T-1042"). std::string spends 32 bytes on each. Text
// keeps up to 15 bytes inside itself and anything longer on the heap, always
// NUL-terminated; it converts to std::string_view and std::string, so rules and
// reports read it as they read a string (docs/PERFORMANCE.md, "Memory").
//
//   core::Text form = "7A";          // inside, no allocation
//   std::string_view v = form;       // "7A"
//   std::string s = form + " tutor"; // "7A tutor"
#pragma once

#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace core {

class Text {
 public:
  Text() noexcept { set_inline(0); }
  Text(std::string_view s) { init(s); }  // NOLINT(google-explicit-constructor): a drop-in for std::string
  Text(const std::string& s) : Text(std::string_view{s}) {}  // NOLINT(google-explicit-constructor)
  Text(const char* s) : Text(std::string_view{s}) {}         // NOLINT(google-explicit-constructor)
  Text(const Text& other) : Text(other.view()) {}
  Text(Text&& other) noexcept {
    std::memcpy(static_cast<void*>(this), &other, sizeof(Text));
    other.set_inline(0);
  }
  Text& operator=(const Text& other) {
    if (this != &other) *this = other.view();
    return *this;
  }
  Text& operator=(Text&& other) noexcept {
    if (this != &other) {
      release();
      std::memcpy(static_cast<void*>(this), &other, sizeof(Text));
      other.set_inline(0);
    }
    return *this;
  }
  Text& operator=(std::string_view s) {
    Text copy{s};  // s may point into *this
    return *this = std::move(copy);
  }
  Text& operator=(const std::string& s) { return *this = std::string_view{s}; }
  Text& operator=(const char* s) { return *this = std::string_view{s}; }
  ~Text() { release(); }

  [[nodiscard]] const char* data() const noexcept { return on_heap() ? heap_.ptr : inline_; }
  [[nodiscard]] const char* c_str() const noexcept { return data(); }
  [[nodiscard]] std::size_t size() const noexcept { return on_heap() ? heap_.size : kInline - tag(); }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] std::string_view view() const noexcept { return {data(), size()}; }
  [[nodiscard]] std::string str() const { return std::string{view()}; }
  void clear() noexcept { *this = Text{}; }

  operator std::string_view() const noexcept { return view(); }  // NOLINT(google-explicit-constructor)
  operator std::string() const { return str(); }                 // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool starts_with(std::string_view s) const { return view().starts_with(s); }

  friend bool operator==(const Text& a, const Text& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const Text& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const Text& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const Text& a, const char* b) noexcept { return a.view() == b; }
  friend std::strong_ordering operator<=>(const Text& a, const Text& b) noexcept { return a.view() <=> b.view(); }
  friend std::strong_ordering operator<=>(const Text& a, std::string_view b) noexcept { return a.view() <=> b; }
  friend std::strong_ordering operator<=>(const Text& a, const std::string& b) noexcept {
    return a.view() <=> std::string_view{b};
  }
  friend std::strong_ordering operator<=>(const Text& a, const char* b) noexcept {
    return a.view() <=> std::string_view{b};
  }

  friend std::string operator+(const Text& a, const Text& b) { return a.str().append(b.view()); }
  friend std::string operator+(const Text& a, std::string_view b) { return a.str().append(b); }
  friend std::string operator+(const Text& a, const std::string& b) { return a.str().append(b); }
  friend std::string operator+(const Text& a, const char* b) { return a.str().append(b); }
  friend std::string operator+(const Text& a, char b) { return a.str() + b; }
  friend std::string operator+(std::string_view a, const Text& b) { return std::string{a}.append(b.view()); }
  friend std::string operator+(const std::string& a, const Text& b) { return std::string{a}.append(b.view()); }
  friend std::string operator+(std::string&& a, const Text& b) { return std::move(a.append(b.view())); }
  friend std::string operator+(const char* a, const Text& b) { return std::string{a}.append(b.view()); }
  friend std::string operator+(char a, const Text& b) { return std::string(1, a).append(b.view()); }

  friend std::ostream& operator<<(std::ostream& out, const Text& t);

 private:
  static constexpr std::size_t kInline = 15;
  static constexpr unsigned char kHeap = 0xFF;

  // Inline: the bytes, then NULs; the last byte is 15 - size, so a 15-byte
  // text ends in the 0 that terminates it. On the heap: pointer and size,
  // the last byte kHeap.
  struct Heap {
    char* ptr;
    std::uint32_t size;
    char pad[3];
    unsigned char tag;
  };
  union {
    char inline_[16];
    Heap heap_;
  };

  [[nodiscard]] unsigned char tag() const noexcept { return static_cast<unsigned char>(inline_[kInline]); }
  [[nodiscard]] bool on_heap() const noexcept { return tag() == kHeap; }
  void set_inline(std::size_t n) noexcept {
    std::memset(inline_, 0, sizeof inline_);
    inline_[kInline] = static_cast<char>(kInline - n);
  }
  void init(std::string_view s);
  void release() noexcept {
    if (on_heap()) delete[] heap_.ptr;
  }
};
static_assert(sizeof(Text) == 16);

}  // namespace core

template <>
struct std::hash<core::Text> {
  std::size_t operator()(const core::Text& t) const noexcept { return std::hash<std::string_view>{}(t.view()); }
};
