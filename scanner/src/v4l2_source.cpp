// The V4L2 camera through libv4l2, which converts formats the camera lacks
// (e.g. MJPEG-only webcams to YUV420) in user space.
#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/mman.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "scanner/frame_source.h"

namespace scanner {
namespace {

constexpr int kBufferCount = 4;
constexpr int kPollTimeoutMs = 100;

int xioctl(int fd, unsigned long request, void* arg) {
  int r;
  do r = v4l2_ioctl(fd, request, arg);
  while (r == -1 && errno == EINTR);
  return r;
}

std::string open_error(const std::string& device, int err) {
  switch (err) {
    case ENOENT:
    case ENODEV:
    case ENXIO: return "No camera found at " + device + ". Plug in a camera or use a hand scanner.";
    case EBUSY: return "The camera " + device + " is in use by another program.";
    case EACCES:
    case EPERM: return "Not allowed to use the camera " + device + " (add this user to the 'video' group).";
    default: return "Cannot open the camera " + device + ": " + std::strerror(err);
  }
}

std::string lost_error(const std::string& device, int err) {
  if (err == ENODEV || err == EIO || err == ENXIO) return "The camera " + device + " was unplugged. Reconnecting...";
  return "The camera " + device + " stopped: " + std::strerror(err) + ". Reconnecting...";
}

class V4l2Source final : public FrameSource {
 public:
  explicit V4l2Source(V4l2Settings settings) : settings_(std::move(settings)) {}
  ~V4l2Source() override { close(); }

  std::expected<void, std::string> open() override {
    close();
    fd_ = v4l2_open(settings_.device.c_str(), O_RDWR | O_NONBLOCK);
    if (fd_ < 0) return std::unexpected(open_error(settings_.device, errno));
    auto ready = configure();
    if (!ready) close();
    return ready;
  }

  std::expected<Next, std::string> next(const FrameHandler& handle) override {
    pollfd p{fd_, POLLIN, 0};
    const int polled = ::poll(&p, 1, kPollTimeoutMs);
    if (polled < 0 && errno != EINTR) return std::unexpected(lost_error(settings_.device, errno));
    if (polled <= 0) return Next::NoFrame;
    if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) return std::unexpected(lost_error(settings_.device, ENODEV));
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_DQBUF, &buf) < 0) {
      if (errno == EAGAIN) return Next::NoFrame;
      return std::unexpected(lost_error(settings_.device, errno));
    }
    const bool complete = buf.index < buffers_.size() && !(buf.flags & V4L2_BUF_FLAG_ERROR) &&
                          buf.bytesused >= static_cast<unsigned>(view_.stride()) * static_cast<unsigned>(view_.height);
    if (complete) {
      FrameView frame = view_;
      frame.data = static_cast<const std::uint8_t*>(buffers_[buf.index].start);
      handle(frame);
    }
    if (xioctl(fd_, VIDIOC_QBUF, &buf) < 0) return std::unexpected(lost_error(settings_.device, errno));
    return complete ? Next::Frame : Next::NoFrame;
  }

  void close() override {
    if (fd_ < 0) return;
    if (streaming_) {
      v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      xioctl(fd_, VIDIOC_STREAMOFF, &type);  // best effort: the device may be gone
      streaming_ = false;
    }
    for (auto& b : buffers_)
      if (b.start != MAP_FAILED) v4l2_munmap(b.start, b.length);
    buffers_.clear();
    v4l2_close(fd_);
    fd_ = -1;
  }

 private:
  struct Buffer {
    void* start = MAP_FAILED;
    std::size_t length = 0;
  };

  std::unexpected<std::string> fail(const std::string& what) const {
    return std::unexpected("The camera " + settings_.device + " cannot be used: " + what + " (" + std::strerror(errno) + ").");
  }

  std::expected<void, std::string> configure() {
    v4l2_capability cap{};
    if (xioctl(fd_, VIDIOC_QUERYCAP, &cap) < 0) return fail("it is not a video device");
    const auto caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING)) {
      errno = ENOTSUP;
      return fail("it cannot capture video");
    }
    if (auto f = choose_format(); !f) return std::unexpected(f.error());
    v4l2_requestbuffers req{};
    req.count = kBufferCount;
    req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    req.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_REQBUFS, &req) < 0 || req.count < 2) return fail("no capture buffers");
    buffers_.resize(req.count);
    for (unsigned i = 0; i < req.count; ++i) {
      v4l2_buffer buf{};
      buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      buf.memory = V4L2_MEMORY_MMAP;
      buf.index = i;
      if (xioctl(fd_, VIDIOC_QUERYBUF, &buf) < 0) return fail("cannot query a buffer");
      buffers_[i].length = buf.length;
      buffers_[i].start = v4l2_mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buf.m.offset);
      if (buffers_[i].start == MAP_FAILED) return fail("cannot map a buffer");
      if (xioctl(fd_, VIDIOC_QBUF, &buf) < 0) return fail("cannot queue a buffer");
    }
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_, VIDIOC_STREAMON, &type) < 0) return fail("cannot start streaming");
    streaming_ = true;
    return {};
  }

  // YUYV and GREY carry luma we read in place; YUV420 (which libv4l2 makes
  // from MJPEG) starts with a full luma plane, read as grey.
  std::expected<void, std::string> choose_format() {
    constexpr std::array<std::uint32_t, 3> kWanted = {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_GREY, V4L2_PIX_FMT_YUV420};
    for (auto pixfmt : kWanted) {
      v4l2_format fmt{};
      fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      fmt.fmt.pix.width = static_cast<unsigned>(settings_.width);
      fmt.fmt.pix.height = static_cast<unsigned>(settings_.height);
      fmt.fmt.pix.pixelformat = pixfmt;
      fmt.fmt.pix.field = V4L2_FIELD_ANY;
      if (xioctl(fd_, VIDIOC_S_FMT, &fmt) < 0) {
        if (errno == EBUSY) return std::unexpected(open_error(settings_.device, EBUSY));
        continue;
      }
      if (fmt.fmt.pix.pixelformat != pixfmt) continue;  // the driver chose another format
      const auto& pix = fmt.fmt.pix;
      const int bpp = pixfmt == V4L2_PIX_FMT_YUYV ? 2 : 1;
      const int stride = pix.bytesperline ? static_cast<int>(pix.bytesperline) : static_cast<int>(pix.width) * bpp;
      view_ = {nullptr, static_cast<int>(pix.width), static_cast<int>(pix.height), stride,
               pixfmt == V4L2_PIX_FMT_YUYV ? PixelFormat::Yuyv : PixelFormat::Grey};
      return {};
    }
    errno = ENOTSUP;
    return fail("it offers no YUYV, GREY or YUV420 format");
  }

  V4l2Settings settings_;
  int fd_ = -1;
  bool streaming_ = false;
  std::vector<Buffer> buffers_;
  FrameView view_;
};

}  // namespace

std::unique_ptr<FrameSource> make_v4l2_source(V4l2Settings settings) {
  return std::make_unique<V4l2Source>(std::move(settings));
}

}  // namespace scanner
