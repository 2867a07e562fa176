# The aifoot executable loads only libc, libm and the loader (src/CMakeLists.txt): a shared C++
# library (libstdc++, libfmt, libspdlog) would bring back the dynamic loader's symbol binding,
# which was most of a one-off estimate's instructions.
execute_process(COMMAND readelf -d "${BIN}" OUTPUT_VARIABLE dynamic RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "readelf -d ${BIN} exited ${code}")
endif()
string(REGEX MATCHALL "Shared library: [^\n]*" needed "${dynamic}")
foreach(entry IN LISTS needed)
  if(NOT entry MATCHES "^Shared library: \\[(libc\\.so\\.[0-9]+|libm\\.so\\.[0-9]+|ld-linux[-a-z0-9_.]*)\\]$")
    message(FATAL_ERROR "aifoot needs a shared library besides libc and libm: ${entry}")
  endif()
endforeach()
