// The accepted / refused / notice sounds, played on a worker thread so the
// UI never waits for audio. Without a sound card (Xvfb, CI, a kiosk with the
// speaker unplugged) it stays silent and costs nothing.
//
//   kiosk::Sound sound;
//   sound.play(kiosk::Feedback::Accepted);   // returns at once
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "desk/screen.h"

namespace kiosk {

class Sound {
 public:
  Sound();
  ~Sound();
  Sound(const Sound&) = delete;
  Sound& operator=(const Sound&) = delete;

  void play(Feedback feedback);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Feedback> queue_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace kiosk
