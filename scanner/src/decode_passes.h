// The individual passes behind decode_frame, exposed inside the module so the
// pass-evaluation tool and tests can measure what each one contributes.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "scanner/decode.h"

namespace scanner::detail {

enum class PassKind {
  Default,          // ZXing's LocalAverage (hybrid) binarizer on the frame as it is
  GlobalHistogram,  // copes with uneven light where the local average breaks up modules
  Stretched,        // contrast stretched to the full range: low-contrast prints and glare
  Smoothed,         // 3x3 box blur first: sensor noise that fragments modules
  Halved,           // half size: large, blurred codes become crisp
  Inverted,         // light-on-dark codes (phone screens in dark mode)
};

[[nodiscard]] std::string_view pass_name(PassKind kind);

// The order decode_frame tries them in.
[[nodiscard]] std::span<const PassKind> pass_order();

// Runs one pass; `scratch` is reused between passes to avoid reallocating.
[[nodiscard]] std::vector<DecodedCode> run_pass(const FrameView& frame, PassKind kind, GreyImage& scratch);

}  // namespace scanner::detail
