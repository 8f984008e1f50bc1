// The individual passes behind decode_frame, exposed inside the module so the
// pass-evaluation tool and tests can measure what each one contributes.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "scanner/decode.h"

namespace scanner::detail {

// Each pass is kept because it reads frames the others do not (measured with
// scanner_passes on the real photographs and on the degraded labels of
// roundtrip_test). ZXing's GlobalHistogram binarizer was tried and dropped:
// it read nothing the default missed.
enum class PassKind {
  Default,    // ZXing's LocalAverage (hybrid) binarizer on the frame as it is
  Halved,     // half size, averaged: noise cancels and large blurred codes get crisp
  Stretched,  // contrast stretched to the full range: faint prints, glare, dim rooms
  Smoothed,   // 3x3 box blur first: sensor noise that fragments modules
  Inverted,   // light-on-dark codes (phone screens in dark mode)
};

[[nodiscard]] std::string_view pass_name(PassKind kind);

// The order decode_frame tries them in.
[[nodiscard]] std::span<const PassKind> pass_order();

// A pass's cost as a multiple of the Default pass's on the same frame
// (measured on 640x480 and 1280x720 frames without a code, where every pass
// runs to completion), so the budget can be checked before starting one.
[[nodiscard]] double relative_cost(PassKind kind);

// Runs one pass; `scratch` is reused between passes to avoid reallocating.
[[nodiscard]] std::vector<DecodedCode> run_pass(const FrameView& frame, PassKind kind, GreyImage& scratch,
                                                bool try_harder = false);

}  // namespace scanner::detail
