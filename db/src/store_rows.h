// The rows of people, devices and slots read from the file on demand: the
// core::RowSource of a Store opened with OpenOptions::working_set. Internal to db/.
//
// Reads go through the store's own connection, so they see its writes, and
// outside a commit the file and the State agree. A read that fails throws
// db::Error, caught where the desk catches a failed save.
#pragma once

#include <filesystem>

#include <SQLiteCpp/Database.h>

#include "core/state.h"

namespace db {

class StoreRows : public core::RowSource {
 public:
  StoreRows(SQLite::Database& db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

  [[nodiscard]] std::optional<core::Person> person(std::string_view id) const override;
  [[nodiscard]] std::optional<core::Device> device(std::string_view id) const override;
  [[nodiscard]] std::optional<core::Slot> slot(std::string_view id) const override;
  [[nodiscard]] std::string person_by_card(std::string_view card) const override;
  [[nodiscard]] std::string device_by_code(std::string_view code) const override;
  void each_person(const std::function<bool(const core::Person&)>& f) const override;
  void each_device(const std::function<bool(const core::Device&)>& f) const override;
  void each_slot(const std::function<bool(const core::Slot&)>& f) const override;

 private:
  SQLite::Database& db_;
  std::filesystem::path path_;
};

}  // namespace db
