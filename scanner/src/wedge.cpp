#include "scanner/wedge.h"

#include <algorithm>
#include <utility>

#include "text_util.h"

namespace scanner {
namespace {

bool is_terminator(char32_t ch) { return ch == U'\r' || ch == U'\n' || ch == U'\t'; }

std::u32string to_u32(const std::string& ascii_or_utf8) {
  // Prefixes and suffixes are scanner settings: ASCII in practice.
  return {ascii_or_utf8.begin(), ascii_or_utf8.end()};
}

}  // namespace

WedgeDecoder::WedgeDecoder(WedgeSettings settings) : settings_(std::move(settings)) {}

void WedgeDecoder::key(char32_t ch, std::int64_t now_ms) {
  if (!burst_.empty() && now_ms - burst_.back().at_ms > settings_.max_gap_ms) close_burst(now_ms, false, 0);
  if (ch == U'\n' && last_scan_cr_ms_ >= 0 && burst_.empty() && now_ms - last_scan_cr_ms_ <= settings_.max_gap_ms) {
    last_scan_cr_ms_ = -1;
    return;
  }
  last_scan_cr_ms_ = -1;
  if (is_terminator(ch)) {
    burst_.push_back({ch, now_ms});
    close_burst(now_ms, true, ch);
    return;
  }
  burst_.push_back({ch, now_ms});
}

void WedgeDecoder::tick(std::int64_t now_ms) {
  if (!burst_.empty() && now_ms - burst_.back().at_ms > settings_.max_gap_ms) close_burst(now_ms, false, 0);
}

// Decides the burst in burst_ (which includes the terminator, if any).
void WedgeDecoder::close_burst(std::int64_t now_ms, bool terminated, char32_t terminator) {
  const std::size_t body_end = terminated ? burst_.size() - 1 : burst_.size();
  std::u32string body;
  for (std::size_t i = 0; i < body_end; ++i) body += burst_[i].ch;

  // With a prefix, typing that ran into the scan stays typing: the scan
  // starts where the prefix does.
  std::size_t start = 0;
  bool shape_ok = true;
  if (!settings_.prefix.empty()) {
    const auto found = body.find(to_u32(settings_.prefix));
    shape_ok = found != std::u32string::npos;
    if (shape_ok) start = found;
  }
  std::u32string code = shape_ok ? body.substr(start) : std::u32string{};
  if (shape_ok && !settings_.prefix.empty()) code.erase(0, settings_.prefix.size());
  const auto suffix = to_u32(settings_.suffix);
  if (!suffix.empty() && code.size() >= suffix.size() && code.ends_with(suffix)) code.resize(code.size() - suffix.size());

  const bool long_enough = code.size() >= std::max<std::size_t>(settings_.min_length, 1);
  const bool ended_right = terminated || !settings_.require_terminator;
  if (shape_ok && long_enough && ended_right) {
    emit_typed(0, start);
    WedgeScan scan{{}, burst_[body_end - 1].at_ms};
    for (char32_t ch : code) append_utf8(scan.text, ch);
    scans_.push_back(std::move(scan));
    if (terminator == U'\r') last_scan_cr_ms_ = now_ms;
  } else {
    emit_typed(0, burst_.size());
  }
  burst_.clear();
}

void WedgeDecoder::emit_typed(std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) append_utf8(typed_, burst_[i].ch == U'\r' ? U'\n' : burst_[i].ch);
}

std::vector<WedgeScan> WedgeDecoder::take_scans() { return std::exchange(scans_, {}); }

std::string WedgeDecoder::take_typed() { return std::exchange(typed_, {}); }

}  // namespace scanner
