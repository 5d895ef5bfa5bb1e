# Shared build settings and helpers for ccr targets.

# Our own code is warning-clean with -Wall -Wextra; third-party headers are system headers.
# A switch over a kind list (Opcode, OperandKind, ...) has no `default:`, so a new kind is an
# error in every switch that must handle it, not a warning that scrolls by (-Werror=switch).
function(ccr_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter -Werror=switch)
endfunction()

# ccr_library(NAME SOURCES ... DEPS ...): one library per phase, include paths from the root.
function(ccr_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  # Position-independent: libccr (runtime/capi) is a shared library built from these same static
  # libraries. Only the libraries: the executables stay as before (PIE, Debian's default), so
  # their objects are the ones a build without libccr makes. -fno-semantic-interposition lets
  # GCC call and inline functions within a library as directly as in an executable.
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${name} PRIVATE -fno-semantic-interposition)
  endif()
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  ccr_warnings(${name})
  # For the layering check (tests/lint): every ccr library and its links.
  set_property(GLOBAL APPEND PROPERTY CCR_LIBRARIES ${name})
endfunction()

# ccr_unit_test(NAME SOURCES ... DEPS ...): a doctest binary registered with ctest.
function(ccr_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${PROJECT_SOURCE_DIR}/tests/unit/doctest_main.cpp ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} doctest::doctest)
  ccr_warnings(${name})
  add_test(NAME unit.${name} COMMAND ${name})
endfunction()

# ccr_embed(OUTPUT FUNCTION BASE FILES...): generates OUTPUT embedding FILES (see EmbedFiles.cmake).
function(ccr_embed output function base)
  # `|` separates the files: a `;` list would be split by the shell.
  string(REPLACE ";" "|" files "${ARGN}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DFUNCTION=${function} -DBASE=${base}
            -DFILES=${files} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${function}"
    VERBATIM)
endfunction()
