#include "snipeit_columns.h"

#include "core/enum_names.h"
#include "register_fields.h"
#include "core/strings.h"

namespace exchange::detail {

const std::vector<SnipeColumn>& snipeit_columns() {
  static const std::vector<SnipeColumn> columns = {
      {"asset_tag", {"asset tag", "asset_tag", "tag"}},
      {"name", {"asset name", "item name", "name"}},
      {"serial", {"serial number", "serial", "serial_number"}},
      {"model", {"model name", "model"}},
      {"make", {"manufacturer"}},
      {"category", {"category"}},
      {"status", {"status", "status label"}},
      {"home_location", {"location"}},
      {"purchase_date", {"purchase date", "purchase_date"}},
      {"notes", {"notes", "asset notes"}},
      {"checkout_type", {"checkout type"}},
      {"to_username", {"checked out to: username", "username"}},
      {"to_first_name", {"checked out to: first name", "first name"}},
      {"to_last_name", {"checked out to: last name", "last name"}},
      {"to_email", {"checked out to: email", "email"}},
      {"expected_checkin", {"expected checkin date"}},
      {"id", {"tagdesk id"}},
  };
  return columns;
}

const std::vector<std::string_view>& snipeit_unrepresented_columns() {
  static const std::vector<std::string_view> columns = {
      "model number", "model no", "model no.", "default location", "purchased", "cost", "eol", "company", "supplier", "order number", "purchase cost", "warranty",
      "warranty months", "checked out to", "checked out to: location", "full name", "model notes", "last audit", "next audit date", "requestable", "image",
      "eol date", "asset eol date", "byod", "id", "checked out", "last checkout", "created at", "updated at",
      "deleted at", "depreciation", "value", "current value", "checkouts count", "checkins count", "requests count"};
  return columns;
}

const std::vector<std::pair<std::string_view, std::string_view>>& snipeit_custom_fields() {
  static const std::vector<std::pair<std::string_view, std::string_view>> fields = {
      {"owner", "Owner"},
      {"sensitivity", "Sensitive Data"},
      {"encrypted", "Encrypted"},
      {"encryption_verified", "Encryption Verified"},
      {"mdm_enrolled", "MDM Enrolled"},
      {"equipment_class", "Equipment Class"},
      {"equipment_type", "Equipment Type"},
      {"pat_interval_months", "PAT Interval Months"},
      {"disposal_date", "Disposal Date"},
      {"disposal_route", "Disposal Route"},
      {"accessories", "Accessories"},
      {"visitor_equipment", "Visitor Equipment"},
      {"use_permitted_by", "Use Permitted By"},
      {"max_loan_days", "Max Loan Days"},
  };
  return fields;
}

const std::vector<std::pair<std::string_view, core::DeviceStatus>>& snipeit_statuses() {
  using S = core::DeviceStatus;
  static const std::vector<std::pair<std::string_view, S>> statuses = {
      {"ready to deploy", S::Available}, {"deployable", S::Available},          {"deployed", S::Available},
      {"pending", S::Available},         {"available", S::Available},          {"out for repair", S::AwaitingRepair},
      {"out for diagnostics", S::AwaitingRepair}, {"awaiting repair", S::AwaitingRepair},
      {"awaiting-repair", S::AwaitingRepair},     {"undeployable", S::AwaitingRepair}, {"lost", S::Lost},
      {"lost/stolen", S::Lost},          {"stolen", S::Stolen},                {"archived", S::Retired},
      {"retired", S::Retired},           {"broken - not fixable", S::Retired}};
  return statuses;
}

std::string_view snipeit_status_label(core::DeviceStatus s) {
  switch (s) {
    case core::DeviceStatus::Available: return "Ready to Deploy";
    case core::DeviceStatus::AwaitingRepair: return "Out for Repair";
    case core::DeviceStatus::Lost: return "Lost";
    case core::DeviceStatus::Stolen: return "Stolen";
    case core::DeviceStatus::Retired: return "Archived";
  }
  return "Pending";
}

std::string snipeit_category_label(core::DeviceKind k) {
  switch (k) {
    case core::DeviceKind::StaffLaptop: return "Staff laptops";
    case core::DeviceKind::PupilLaptop: return "Pupil laptops";
    case core::DeviceKind::Tablet: return "Tablets";
    case core::DeviceKind::Camera: return "Cameras";
    case core::DeviceKind::MemoryStick: return "Memory sticks";
    case core::DeviceKind::Charger: return "Chargers";
    case core::DeviceKind::Projector: return "Projectors";
    case core::DeviceKind::Phone: return "Phones";
    case core::DeviceKind::Other: return "Other";
  }
  return "Other";
}

}  // namespace exchange::detail
