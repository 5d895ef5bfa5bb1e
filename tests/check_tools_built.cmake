# ctest fixture: fails, saying what to do, when ccrc or ccr has not been built. ctest does not
# build anything, and the golden and end-to-end tests run the binaries in BIN.
foreach(tool ccrc ccr)
  if(NOT EXISTS "${BIN}/${tool}")
    message(FATAL_ERROR "${BIN}/${tool} does not exist: build first (ninja -C <build dir>)")
  endif()
endforeach()
