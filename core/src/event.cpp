#include "core/event.h"

#include "core/overloaded.h"

namespace core {

std::string_view event_type(const EventData& data) {
  return std::visit([](const auto& e) { return std::decay_t<decltype(e)>::kType; }, data);
}

Subjects subjects_of(const EventData& data) {
  return std::visit(
      overloaded{
          [](const SettingChanged&) { return Subjects{}; },
          [](const PersonRecorded& e) { return Subjects{.person = e.person.id}; },
          [](const PersonChanged& e) { return Subjects{.person = e.person}; },
          [](const PersonDeactivated& e) { return Subjects{.person = e.person}; },
          [](const PinSet& e) { return Subjects{.person = e.person}; },
          [](const PinFailed& e) { return Subjects{.person = e.person}; },
          [](const SessionStarted& e) { return Subjects{.person = e.person}; },
          [](const AupAccepted& e) { return Subjects{.person = e.person}; },
          [](const DeviceRecorded& e) { return Subjects{.device = e.device.id}; },
          [](const DeviceChanged& e) { return Subjects{.device = e.device}; },
          [](const SlotRecorded& e) { return Subjects{.slot = e.slot.id}; },
          [](const ExemptionRecorded& e) { return Subjects{.person = e.exemption.pupil}; },
          [](const ApprovalRecorded& e) { return Subjects{.person = e.approval.person, .device = e.approval.device}; },
          [](const HandedIn& e) { return Subjects{.person = e.item.pupil, .slot = e.item.slot}; },
          [](const Collected& e) { return Subjects{.person = e.pupil}; },
          [](const FormBoxHandedIn& e) { return Subjects{.slot = e.box}; },
          [](const CustodyTransferred& e) { return Subjects{.person = e.to, .slot = e.slot}; },
          [](const Confiscated& e) { return Subjects{.person = e.item.pupil, .slot = e.item.slot}; },
          [](const ParentInformed&) { return Subjects{}; },
          [](const EvidenceHoldPlaced& e) { return Subjects{.device = e.device}; },
          [](const EvidenceHoldCleared& e) { return Subjects{.device = e.device}; },
          [](const Released& e) { return Subjects{.person = e.pupil}; },
          [](const SignedOut& e) { return Subjects{.person = e.loan.borrower, .device = e.loan.device}; },
          [](const Returned& e) { return Subjects{.person = e.borrower, .device = e.device}; },
          [](const SignOutRefused& e) { return Subjects{.person = e.person, .device = e.device}; },
          [](const RepairCleared& e) { return Subjects{.device = e.device}; },
          [](const ReportedLost& e) { return Subjects{.person = e.last_custodian, .device = e.device}; },
          [](const Recalled& e) { return Subjects{.device = e.device}; },
          [](const PatTested& e) { return Subjects{.device = e.record.device}; },
          [](const AuditStarted&) { return Subjects{}; },
          [](const AuditScanned& e) { return Subjects{.device = e.device}; },
          [](const AuditFinished&) { return Subjects{}; },
          [](const RecordsPurged&) { return Subjects{}; },
          [](const DataExported&) { return Subjects{}; },
          [](const AdminRecovered& e) { return Subjects{.person = e.person}; },
          [](const ClockWentBack&) { return Subjects{}; },
          [](const ProjectionsRebuilt&) { return Subjects{}; },
          [](const ConflictRecorded& e) { return Subjects{.device = e.device}; },
          [](const RackMoved&) { return Subjects{}; },
      },
      data);
}

EventHead head_of(const Event& e) {
  return {.type = std::string{event_type(e.data)}, .at = e.at, .subjects = subjects_of(e.data)};
}

}  // namespace core
