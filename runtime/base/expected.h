// Expected<T>: the result of an operation on the environment (I/O, a .ccrb file, a facts
// file) that can fail. Mistakes in the user's rules are diagnostics, not Errors; an Error is
// a message that already names the file and what is wrong, ready to print.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "runtime/base/check.h"

namespace ccr {

struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}
  Expected(Error error) : state_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & {
    CCR_CHECK(ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    CCR_CHECK(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    CCR_CHECK(ok());
    return std::get<T>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    CCR_CHECK(!ok());
    return std::get<Error>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// A success without a value.
struct Ok {};

}  // namespace ccr
