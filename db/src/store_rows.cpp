#include "store_rows.h"

#include "columns.h"
#include "db/store.h"

namespace db {
namespace {

// Runs a read, its failures told as db::Error with the file's name.
template <class Read>
auto reading(const std::filesystem::path& path, Read&& read) {
  try {
    return read();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("could not read " + path.string() + ": " + e.what());
  }
}

template <class T>
std::optional<T> first(SQLite::Database& db, const columns::Table<T>& table, const std::string& where,
                       const std::vector<std::string_view>& args) {
  std::optional<T> out;
  columns::select<T>(db, table, where, args, [&](T& row) {
    out = std::move(row);
    return false;
  });
  return out;
}

template <class T>
void each(SQLite::Database& db, const columns::Table<T>& table, const std::function<bool(const T&)>& f) {
  columns::select<T>(db, table, "", {}, [&](T& row) { return f(row); });
}

}  // namespace

std::optional<core::Person> StoreRows::person(std::string_view id) const {
  return reading(path_, [&] { return first(db_, columns::people(), "id = ?", {id}); });
}

std::optional<core::Device> StoreRows::device(std::string_view id) const {
  return reading(path_, [&] { return first(db_, columns::devices(), "id = ?", {id}); });
}

std::optional<core::Slot> StoreRows::slot(std::string_view id) const {
  return reading(path_, [&] { return first(db_, columns::slots(), "id = ?", {id}); });
}

std::string StoreRows::person_by_card(std::string_view card) const {
  auto p = reading(path_, [&] { return first(db_, columns::people(), "card = ?", {card}); });
  return p ? p->id.str() : std::string{};
}

std::string StoreRows::device_by_code(std::string_view code) const {
  // An asset tag before a serial, as the in-memory index has it.
  auto d = reading(path_, [&] {
    auto tagged = first(db_, columns::devices(), "asset_tag = ?", {code});
    return tagged ? tagged : first(db_, columns::devices(), "serial = ?", {code});
  });
  return d ? d->id.str() : std::string{};
}

void StoreRows::each_person(const std::function<bool(const core::Person&)>& f) const {
  reading(path_, [&] { each(db_, columns::people(), f); });
}

void StoreRows::each_device(const std::function<bool(const core::Device&)>& f) const {
  reading(path_, [&] { each(db_, columns::devices(), f); });
}

void StoreRows::each_slot(const std::function<bool(const core::Slot&)>& f) const {
  reading(path_, [&] { each(db_, columns::slots(), f); });
}

}  // namespace db
