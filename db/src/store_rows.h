// The rows of people, devices and slots read from the file on demand: the
// core::RowSource of a Store opened with OpenOptions::working_set. Internal to db/.
//
// Reads go through the store's own connection, so they see its writes, and
// outside a commit the file and the State agree. A read that fails throws
// db::Error, caught where the desk catches a failed save.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "columns.h"
#include "core/state.h"

namespace db {

class StoreRows : public core::RowSource {
 public:
  StoreRows(SQLite::Database& db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

  [[nodiscard]] std::optional<core::Person> person(std::string_view id) const override;
  // (a look-up by key or code runs a statement prepared at its first use)
  [[nodiscard]] std::optional<core::Device> device(std::string_view id) const override;
  [[nodiscard]] std::optional<core::Slot> slot(std::string_view id) const override;
  [[nodiscard]] std::string person_by_card(std::string_view card) const override;
  [[nodiscard]] std::string device_by_code(std::string_view code) const override;
  void each_person(const core::Walk& walk, const std::function<bool(const core::Person&)>& f) const override;
  void each_device(const core::Walk& walk, const std::function<bool(const core::Device&)>& f) const override;
  void each_slot(std::string_view from, const std::function<bool(const core::Slot&)>& f) const override;

 private:
  template <class T>
  std::optional<T> first(const columns::Table<T>& table, const std::string& where, std::string_view arg) const;

  SQLite::Database& db_;
  std::filesystem::path path_;
  mutable std::map<std::string, std::unique_ptr<SQLite::Statement>> lookups_;  // by SQL
};

}  // namespace db
