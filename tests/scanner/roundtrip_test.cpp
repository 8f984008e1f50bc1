// Label -> rasterised by cairo -> degraded like a camera would -> decoded:
// what we print must scan, and come back as exactly what we encoded.
#include <gtest/gtest.h>

#include <functional>

#include "image_helpers.h"
#include "scanner/decode.h"
#include "scanner/labels.h"
#include "scanner/tag.h"

using namespace scanner;

namespace {

struct Degradation {
  std::string name;
  std::function<GreyImage(const GreyImage&)> apply;
};

// Camera-like: a label seen at about 150 dpi, on a grey desk, in a 640x480 frame.
GreyImage in_frame(const GreyImage& label) {
  const auto small = test::scale(label, 0.5);
  return test::place(small, std::max(640, small.width + 40), std::max(480, small.height + 40), 20, 30);
}

std::vector<Degradation> degradations() {
  return {
      {"clean", [](const GreyImage& g) { return g; }},
      {"blur", [](const GreyImage& g) { return test::box_blur(g, 2); }},
      {"noise", [](const GreyImage& g) { return test::add_noise(g, 30, 7); }},
      {"low contrast", [](const GreyImage& g) { return test::squeeze_contrast(g, 100, 150); }},
      {"rotated 17", [](const GreyImage& g) { return test::rotate(g, 17); }},
      {"rotated 45", [](const GreyImage& g) { return test::rotate(g, 45); }},
      {"rotated 183", [](const GreyImage& g) { return test::rotate(g, 183); }},
      {"perspective", [](const GreyImage& g) { return test::perspective(g, 0.1); }},
      {"jpeg q10", [](const GreyImage& g) { return test::jpeg_roundtrip(g, 10); }},
      {"all at once", [](const GreyImage& g) {
         return test::jpeg_roundtrip(test::add_noise(test::box_blur(test::rotate(test::squeeze_contrast(g, 60, 200), 11), 1), 12, 3), 30);
       }},
  };
}

std::vector<LabelSpec> sample_labels() {
  return {
      {LabelKind::Asset, encode_tag("DEMO", TagKind::Asset, "0042"), "Dell Latitude 5420 (Science)", "Demo School"},
      {LabelKind::Person, encode_tag("DEMO", TagKind::Person, "STU204518"), "Zoë Ångström-Okafor", "Demo School"},
      {LabelKind::Slot, encode_tag("XYZ123", TagKind::Slot, "POUCH1234567"), "Pouch 12", "Long Academy Name"},
      {LabelKind::Command, encode_tag("DEMO", TagKind::Command, "SIGNOUT"), "Sign out", "Demo School"},
  };
}

}  // namespace

TEST(LabelRoundTrip, EveryKindOnEveryLayoutDecodesToItsPayload) {
  for (const auto& layout : layout_names())
    for (const auto& spec : sample_labels()) {
      const auto image = rasterise_label(spec, layout, 300);
      ASSERT_TRUE(image) << image.error();
      const auto codes = decode_frame(image->view());
      ASSERT_EQ(codes.size(), 1u) << layout << " " << spec.payload;
      EXPECT_EQ(codes[0].text, spec.payload);
    }
}

namespace {

void expect_degraded_labels_decode(const std::string& layout) {
  for (const auto& spec : sample_labels()) {
    const auto label = rasterise_label(spec, layout, 300);
    ASSERT_TRUE(label) << label.error();
    const auto frame = in_frame(*label);
    for (const auto& d : degradations()) {
      const auto degraded = d.apply(frame);
      const auto codes = decode_frame(degraded.view(), {.budget = std::chrono::seconds(5)});
      ASSERT_EQ(codes.size(), 1u) << layout << " " << spec.payload << " " << d.name;
      EXPECT_EQ(codes[0].text, spec.payload) << d.name;
    }
  }
}

}  // namespace

// The smallest label (L7651) is the hardest; 62x29 is the thermal printer.
TEST(LabelRoundTrip, DegradedL7651LabelsStillDecodeToTheirPayload) { expect_degraded_labels_decode("L7651"); }
TEST(LabelRoundTrip, Degraded62x29LabelsStillDecodeToTheirPayload) { expect_degraded_labels_decode("62x29"); }

// The extra passes earn their time: frames one default pass cannot read.
TEST(LabelRoundTrip, MultiPassReadsHardFramesOnePassCannot) {
  const auto spec = sample_labels()[0];
  const auto label = rasterise_label(spec, "L7651", 300);
  ASSERT_TRUE(label);
  const auto frame = in_frame(*label);
  std::vector<std::pair<std::string, GreyImage>> hard;
  for (int lo : {60, 100, 120})
    hard.emplace_back("faint " + std::to_string(lo), test::squeeze_contrast(test::box_blur(frame, 1), lo, lo + 30));
  for (double sigma : {40.0, 50.0, 60.0})
    hard.emplace_back("noisy " + std::to_string(sigma), test::add_noise(frame, sigma, 5));
  auto inverted = frame;
  for (auto& v : inverted.pixels) v = static_cast<std::uint8_t>(255 - v);
  hard.emplace_back("inverted", inverted);
  for (const auto& [name, image] : hard) {
    EXPECT_TRUE(decode_frame(image.view(), {.single_pass = true}).empty()) << name << ": no longer hard";
    const auto codes = decode_frame(image.view(), {.budget = std::chrono::seconds(5)});
    ASSERT_EQ(codes.size(), 1u) << name;
    EXPECT_EQ(codes[0].text, spec.payload) << name;
  }
}
