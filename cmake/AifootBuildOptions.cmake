# One INTERFACE target carrying warnings and sanitizers, linked PRIVATE by our own targets only.
add_library(aifoot_build_options INTERFACE)
option(AIFOOT_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
set(AIFOOT_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list, e.g. address,undefined")
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(aifoot_build_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Wnull-dereference -Wdouble-promotion -Wimplicit-fallthrough
    $<$<BOOL:${AIFOOT_WARNINGS_AS_ERRORS}>:-Werror>)
  if(AIFOOT_SANITIZE)
    target_compile_options(aifoot_build_options INTERFACE
      -fsanitize=${AIFOOT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(aifoot_build_options INTERFACE -fsanitize=${AIFOOT_SANITIZE})
  endif()
endif()
