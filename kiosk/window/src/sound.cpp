// Tones through ALSA: a rising two-note chime for accepted, a low double buzz
// for refused, a single mid note for a notice. Generated, so there is no
// asset to lose.
#include "window/sound.h"

#include <alsa/asoundlib.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <cstdint>
#include <vector>

namespace kiosk {
namespace {

constexpr unsigned kRate = 48000;

// ALSA prints "cannot find card 0" and the like to stderr; a kiosk without a
// speaker is normal, not news.
void quiet(const char*, int, const char*, int, const char*, ...) {}

struct Note {
  double hz;
  double seconds;
  bool square;  // harsher, for refusals
};

std::vector<std::int16_t> render(const std::vector<Note>& notes) {
  std::vector<std::int16_t> samples;
  for (const auto& note : notes) {
    auto n = static_cast<std::size_t>(note.seconds * kRate);
    for (std::size_t i = 0; i < n; ++i) {
      double t = static_cast<double>(i) / kRate;
      double wave = std::sin(2 * std::numbers::pi * note.hz * t);
      if (note.square) wave = wave >= 0 ? 0.6 : -0.6;
      // 5 ms ramps at both ends so the notes do not click.
      double ramp = std::min({1.0, t / 0.005, (note.seconds - t) / 0.005});
      samples.push_back(static_cast<std::int16_t>(wave * ramp * 0.5 * 32767));
    }
  }
  return samples;
}

std::vector<std::int16_t> tune(Feedback f) {
  switch (f) {
    case Feedback::Accepted: return render({{880, 0.09, false}, {1320, 0.14, false}});
    case Feedback::Refused: return render({{196, 0.16, true}, {0, 0.06, false}, {196, 0.22, true}});
    case Feedback::Notice: return render({{660, 0.18, false}});
    case Feedback::None: break;
  }
  return {};
}

}  // namespace

Sound::Sound() : worker_([this] { run(); }) {}

Sound::~Sound() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  worker_.join();
}

void Sound::play(Feedback feedback) {
  if (feedback == Feedback::None) return;
  {
    std::lock_guard lock(mutex_);
    // A queue at 08:20 makes sounds faster than they play: keep only the newest.
    queue_.clear();
    queue_.push_back(feedback);
  }
  wake_.notify_one();
}

void Sound::run() {
  snd_lib_error_set_handler(quiet);
  snd_pcm_t* pcm = nullptr;
  // Non-blocking open: no device (or a busy one) fails at once instead of waiting.
  bool available = snd_pcm_open(&pcm, "default", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK) == 0;
  if (available) {
    available = snd_pcm_nonblock(pcm, 0) == 0 &&
                snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1, kRate, 1, 60000) == 0;
  }
  for (;;) {
    Feedback next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) break;
      next = queue_.front();
      queue_.pop_front();
    }
    if (!available) continue;  // silent, as promised
    auto samples = tune(next);
    snd_pcm_drop(pcm);  // cut off the previous sound: the newest decision wins
    snd_pcm_prepare(pcm);
    snd_pcm_sframes_t written = snd_pcm_writei(pcm, samples.data(), samples.size());
    if (written < 0) snd_pcm_recover(pcm, static_cast<int>(written), 1);
  }
  if (pcm) {
    snd_pcm_drain(pcm);
    snd_pcm_close(pcm);
  }
  snd_config_update_free_global();  // ALSA's parsed configuration, so leak checkers stay quiet
}

}  // namespace kiosk
