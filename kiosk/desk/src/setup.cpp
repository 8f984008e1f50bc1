// First run: a database with no history at all is set up at the
// kiosk itself (or through the headless front end): the school's name and tag
// prefix, then the first administrator's name and PIN, typed twice. Everything
// is recorded as ordinary events, in one transaction, through core::decide.
#include "setup.h"

#include "db/pin.h"
#include "core/strings.h"
#include "scanner/tag.h"

namespace kiosk::detail {
namespace {

// The fields in the order they are asked for.
constexpr std::string_view kFields[] = {"school", "prefix", "first", "surname", "pin", "pin-again"};

std::size_t index_of(std::string_view field) {
  for (std::size_t i = 0; i < std::size(kFields); ++i)
    if (kFields[i] == field) return i;
  return 0;
}

std::string first_free_id(const core::State& s) {
  for (int n = 1;; ++n) {
    std::string id = "A" + std::to_string(1000 + n).substr(1);
    if (!s.person(id)) return id;
  }
}

// Decides each request on the state as the ones before it left it, so the PIN
// can be set for the administrator the same transaction creates.
std::optional<std::vector<core::Event>> decide_all(Flow& f, const std::vector<core::Request>& requests) {
  core::State next = f.s();
  std::vector<core::Event> events;
  for (const auto& r : requests) {
    auto d = core::decide(next, r, f.now);
    if (!d.allowed()) {
      f.refuse(d.refusals.empty() ? "SE2" : d.refusals.front().rule,
               d.refusals.empty() ? "Setup could not finish" : d.refusals.front().message);
      return std::nullopt;
    }
    for (auto& e : d.events) {
      (void)core::apply(next, e);
      events.push_back(std::move(e));
    }
  }
  return events;
}

void finish_setup(Flow& f) {
  SetupDraft& st = f.desk.setup;
  auto pepper = db::pin_pepper(f.store());
  if (!pepper) throw db::Error(pepper.error());  // the key folder: shown as the desk's error
  auto hash = db::hash_pin(st.pin, *pepper);
  if (!hash) {
    f.refuse("SE2", hash.error());
    st.field = "pin";
    return;
  }
  core::Person admin{.id = first_free_id(f.s()), .first_name = st.first, .surname = st.surname};
  admin.roles.add(core::Right::Staff).add(core::Right::Admin);
  std::string system{core::kSystemActor};
  auto events = decide_all(
      f, {core::ChangeSetting{system, "school.name", st.school}, core::ChangeSetting{system, "school.prefix", st.prefix},
          core::RecordPerson{system, admin},
          core::SetPin{.actor = system, .person = admin.id, .hash = *hash, .pin_length = st.pin.size(),
                       .pin_all_digits = true}});
  if (!events) return;
  f.commit(*events);
  std::string badge = scanner::encode_tag(f.s().settings.school_prefix, scanner::TagKind::Person, admin.id);
  st = SetupDraft{};
  f.home();
  f.go(Step::Result);
  f.desk.out = Outcome{.feedback = Feedback::Accepted,
                       .message = "tagdesk is ready. " + admin.first_name + ", your badge code is " + badge +
                                  ": print your card with `tagdesk labels people --only " + admin.id + "`.",
                       .allowed = true, .rules = {}, .lines = {}};
}

void take_text(Flow& f, const std::string& raw) {
  SetupDraft& st = f.desk.setup;
  std::string value = core::trim(raw);
  core::Settings check;
  if (st.field == "school" || st.field == "prefix") {
    auto error = core::set_setting(check, st.field == "school" ? "school.name" : "school.prefix", value);
    if (error) {
      // set_setting names the key for the record; the desk names the field.
      auto why = error->substr(error->find(": ") + 2);
      f.notice((st.field == "school" ? "The school's name " : "The tag prefix ") + why);
      return;
    }
    if (st.field == "school") st.school = value;
    else st.prefix = check.school_prefix;
  } else if (st.field == "first" || st.field == "surname") {
    if (value.empty() || value.size() > 80) {
      f.notice("Type a name of 1 to 80 characters");
      return;
    }
    (st.field == "first" ? st.first : st.surname) = value;
  } else {
    f.notice("Type the PIN on the keypad");
    return;
  }
  st.field = std::string{kFields[index_of(st.field) + 1]};
}

void take_pin(Flow& f, const std::string& digits) {
  SetupDraft& st = f.desk.setup;
  if (st.field == "pin") {
    if (auto problem = db::pin_problem(digits); !problem.empty()) {
      f.notice("The PIN was not accepted: " + problem);
      return;
    }
    st.pin = digits;
    st.field = "pin-again";
  } else if (st.field == "pin-again") {
    if (digits != st.pin) {
      st.pin.clear();
      st.field = "pin";
      f.notice("The two PINs were different: type a new PIN again");
      return;
    }
    finish_setup(f);
  } else {
    f.notice("Type the answer on the keyboard");
  }
}

}  // namespace

bool needs_setup(const db::Store& store) {
  // Item 1 (docs/SECURITY.md): only a file with no history at all. A school
  // that has lost its administrators is recovered on the machine itself
  // (tagdesk recover-admin), never by whoever reaches the public screen.
  return !store.has_history();
}

void setup_input(Flow& f, const Input& input) {
  SetupDraft& st = f.desk.setup;
  if (st.field.empty()) st.field = "school";
  f.go(Step::Setup);
  if (const auto* text = std::get_if<Text>(&input)) take_text(f, text->value);
  else if (const auto* pin = std::get_if<Pin>(&input)) take_pin(f, pin->digits);
  else if (const auto* choose = std::get_if<Choose>(&input)) {
    if (choose->id == "back" && index_of(st.field) > 0) st.field = std::string{kFields[index_of(st.field) - 1]};
    else if (choose->id == "cancel") st = SetupDraft{.field = "school"};
    else if (choose->id != "back") f.notice("Finish setting up first");
  } else if (std::holds_alternative<Scan>(input)) {
    f.notice("Finish setting up first: there is no administrator yet");
  }
}

bool render_setup(const Desk& d, ScreenModel& m) {
  if (d.step != Step::Setup && d.step != Step::Home) return false;
  const SetupDraft& st = d.setup;
  std::string field = st.field.empty() ? "school" : st.field;
  m.screen = "setup";
  m.title = "Set up tagdesk";
  if (field == "school") m.prompt = "The school's name", m.text_label = "School name";
  else if (field == "prefix") m.prompt = "A short prefix for the school's tags (2 to 6 letters or digits)", m.text_label = "Tag prefix";
  else if (field == "first") m.prompt = "The first administrator's first name", m.text_label = "First name";
  else if (field == "surname") m.prompt = "The first administrator's surname", m.text_label = "Surname";
  else if (field == "pin") m.prompt = "Choose the administrator's PIN: at least 6 digits";
  else m.prompt = "Type the same PIN again";
  m.wants_text = field != "pin" && field != "pin-again";
  m.wants_pin = !m.wants_text;
  if (!st.school.empty()) m.lines.push_back("School: " + st.school);
  if (!st.prefix.empty()) m.lines.push_back("Tag prefix: " + st.prefix);
  if (!st.first.empty()) m.lines.push_back("Administrator: " + st.first + (st.surname.empty() ? "" : " " + st.surname));
  m.choices = {choice("back", "Back"), choice("cancel", "Start again")};
  return true;
}

}  // namespace kiosk::detail
