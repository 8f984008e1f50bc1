// JSON for the domain's values: how events and projection rows are stored,
// exported and read back. One codec, used by the store, exports and the
// headless front end alike.
//
//   nlohmann::json j = db::event_to_json(event);
//   auto back = db::event_from_json(j);   // std::expected<core::Event, std::string>
#pragma once

#include <expected>
#include <string>

#include <nlohmann/json.hpp>

#include "core/event.h"
#include "core/model.h"

namespace db {

[[nodiscard]] nlohmann::json event_to_json(const core::Event& e);
// For anything that leaves the database (exports, history): event_to_json with
// secrets replaced by "redacted" (a pin.set's hash, SE2). Storage keeps them.
[[nodiscard]] nlohmann::json event_to_export_json(const core::Event& e);
// A clear message (which field, what was wrong) on a malformed event.
[[nodiscard]] std::expected<core::Event, std::string> event_from_json(const nlohmann::json& j);
// The payload alone, as stored in the events table's `data` column.
[[nodiscard]] nlohmann::json event_data_to_json(const core::EventData& data);
[[nodiscard]] std::expected<core::EventData, std::string> event_data_from_json(std::string_view type,
                                                                              const nlohmann::json& j);

// Projection rows.
[[nodiscard]] nlohmann::json to_json_value(const core::Person& v);
[[nodiscard]] nlohmann::json to_json_value(const core::Device& v);
[[nodiscard]] nlohmann::json to_json_value(const core::Slot& v);
[[nodiscard]] nlohmann::json to_json_value(const core::Loan& v);
[[nodiscard]] nlohmann::json to_json_value(const core::HeldItem& v);
[[nodiscard]] nlohmann::json to_json_value(const core::Approval& v);
[[nodiscard]] nlohmann::json to_json_value(const core::Audit& v);
[[nodiscard]] nlohmann::json to_json_value(const core::PatRecord& v);
[[nodiscard]] nlohmann::json to_json_value(const std::vector<core::Exemption>& v);
[[nodiscard]] nlohmann::json to_json_value(const std::vector<core::Time>& v);
[[nodiscard]] nlohmann::json to_json_value(const core::Rack& v);

template <class T>
[[nodiscard]] T from_json_value(const nlohmann::json& j);

}  // namespace db
