#include "headless/headless.h"

#include <algorithm>
#include <istream>
#include <ostream>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiosk {
namespace {

using nlohmann::json;

std::string_view feedback_name(Feedback f) {
  switch (f) {
    case Feedback::Accepted: return "accepted";
    case Feedback::Refused: return "refused";
    case Feedback::Notice: return "notice";
    case Feedback::None: break;
  }
  return "none";
}

std::string dump(const json& j) {
  // Text typed at the desk may not be valid UTF-8: replace, never throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_line(long line, const std::string& what) {
  return dump(json{{"error", "line " + std::to_string(line) + ": " + what}});
}

constexpr std::string_view kInputKeys[] = {"scan", "choose", "pin", "text", "tick"};
// Item 10: the longest line read; every text in it has a far smaller limit (core/limits.h).
constexpr std::size_t kMaxLine = 64 * 1024;
constexpr std::string_view kExpected = "expected a JSON object with one of scan, choose, pin, text, tick";

}  // namespace

std::string screen_to_json(const ScreenModel& m) {
  json choices = json::array();
  for (const auto& c : m.choices)
    choices.push_back({{"id", c.id}, {"label", c.label}, {"primary", c.primary}, {"enabled", c.enabled},
                       {"selected", c.selected}});
  json rows = json::array();
  for (const auto& r : m.rows) rows.push_back({{"cells", r.cells}, {"choice", r.choice}, {"mark", r.mark}});
  json j = {{"screen", m.screen},
            {"title", m.title},
            {"prompt", m.prompt},
            {"big", m.big},
            {"lines", m.lines},
            {"choices", std::move(choices)},
            {"columns", m.columns},
            {"rows", std::move(rows)},
            {"wants_pin", m.wants_pin},
            {"wants_text", m.wants_text},
            {"text_label", m.text_label},
            {"feedback", feedback_name(m.feedback)},
            {"message", m.message},
            {"allowed", m.allowed ? json(*m.allowed) : json(nullptr)},
            {"rules", m.rules},
            {"signed_in", m.signed_in},
            {"clock", m.clock},
            {"sync", m.sync}};
  return dump(j);
}

HeadlessSession::HeadlessSession(Controller& controller, std::function<core::Time()> clock, bool clock_from_input)
    : controller_(&controller), clock_(std::move(clock)), clock_from_input_(clock_from_input) {}

std::optional<std::string> HeadlessSession::answer(std::string_view line) {
  ++line_;
  if (line.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
  if (line.size() > kMaxLine)
    return error_line(line_, "the line is longer than " + std::to_string(kMaxLine) + " bytes; nothing was done");
  // Item 10: a key given twice (which one would count?) is refused, not guessed at.
  std::string twice;
  std::vector<std::set<std::string>> keys;  // one set per object being read
  json::parser_callback_t check = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) keys.emplace_back();
    else if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    else if (event == json::parse_event_t::key && !keys.empty() && !keys.back().insert(parsed.get<std::string>()).second)
      twice = parsed.get<std::string>();
    return true;
  };
  json j = json::parse(line.begin(), line.end(), check, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return error_line(line_, std::string{kExpected});
  if (!twice.empty()) return error_line(line_, "\"" + twice + "\" is given twice; nothing was done");

  std::optional<Input> input;
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    const json& value = item.value();
    if (key == "at") continue;
    bool known = std::ranges::find(kInputKeys, key) != std::end(kInputKeys);
    if (!known) return error_line(line_, "unknown field \"" + key + "\"; " + std::string{kExpected});
    if (input) return error_line(line_, "more than one input on one line; " + std::string{kExpected});
    if (key == "tick") {
      if (!value.is_object() && !value.is_null()) return error_line(line_, "\"tick\" takes {} or {\"active\":true}");
      Tick t;
      if (value.is_object())
        for (const auto& field : value.items()) {
          if (field.key() != "active" || !field.value().is_boolean())
            return error_line(line_, "\"tick\" takes {} or {\"active\":true}");
          t.active = field.value().get<bool>();
        }
      input = t;
      continue;
    }
    if (!value.is_string()) return error_line(line_, "\"" + key + "\" must be a string");
    auto text = value.get<std::string>();
    if (key == "scan") input = Scan{std::move(text)};
    else if (key == "choose") input = Choose{std::move(text)};
    else if (key == "pin") input = Pin{std::move(text)};
    else input = Text{std::move(text)};
  }
  if (!input) return error_line(line_, std::string{kExpected});

  if (auto at = j.find("at"); at != j.end()) {
    if (!clock_from_input_)
      return error_line(line_, "\"at\" is read only with tagdesk headless --clock-from-input (tests and scripted "
                               "scenarios); a desk's clock is the machine's");
    std::optional<core::Time> t;
    if (at->is_string()) t = core::parse_time(at->get<std::string>());
    if (!t) return error_line(line_, "\"at\" must be an ISO 8601 time such as 2026-11-24T08:20:00");
    fixed_ = *t;
  }
  core::Time now = fixed_ ? *fixed_ : clock_();
  try {
    ScreenModel m = controller_->handle(*input, now);
    closed_ = m.screen == "quit";
    return screen_to_json(m);
  } catch (const std::exception& e) {
    // The controller shows storage failures itself; anything else is a bug,
    // reported on this line so the session carries on.
    return error_line(line_, std::string{"the kiosk could not handle this input: "} + e.what());
  }
}

int run_headless(HeadlessSession& session, std::istream& in, std::ostream& out) {
  std::string line;
  while (!session.closed() && std::getline(in, line)) {
    if (auto answer = session.answer(line)) out << *answer << '\n' << std::flush;
  }
  return 0;
}

}  // namespace kiosk
