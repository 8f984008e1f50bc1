// A visitor made of lambdas, one per alternative of a std::variant:
//
//   std::visit(core::overloaded{[](const SignedOut& e) {...}, [](const auto&) {...}}, event.data);
#pragma once

namespace core {

template <class... Ts>
struct overloaded : Ts... { using Ts::operator()...; };

}  // namespace core
