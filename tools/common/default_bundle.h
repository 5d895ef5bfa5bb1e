// The default rule bundle (stdlib/ and rules/products/ compiled by ccrc at build time), the one
// `ccr run` uses without a bundle argument. Defined in the generated default_bundle.cpp
// (library ccr_default_bundle); libccr serves the same bytes.
#pragma once

#include <span>

#include "runtime/base/embedded_file.h"

namespace ccr::tools {

// Returns one file: the bundle's bytes.
std::span<const EmbeddedFile> DefaultBundle();

}  // namespace ccr::tools
