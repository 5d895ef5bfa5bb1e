// Expected<T>: the result of an operation on the environment (I/O, a .ccrb file, a facts
// file) that can fail. Mistakes in the user's rules are diagnostics, not Errors; an Error is
// a message that already names the file and what is wrong, ready to print.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "runtime/base/check.h"

namespace ccr {

// Stable codes for Errors (runtime/base/error_kinds.def, documented in docs/errors.md).
enum class ErrorKind : uint8_t {
#define ERROR_KIND(name, code, summary) name,
#include "runtime/base/error_kinds.def"
#undef ERROR_KIND
};

struct ErrorKindInfo {
  const char* code;     // "R0301"
  const char* summary;  // for docs and --help
};

// Returns the code and summary of `kind`.
ErrorKindInfo Info(ErrorKind kind);

struct Error {
  std::string message;  // may span several lines (one per problem), each naming its place
  ErrorKind kind = ErrorKind::Other;
};

// Returns `error[CODE]: LINE` for each line of the message, each ending in a newline: the
// form every tool prints an Error in.
std::string FormatError(const Error& error);

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
