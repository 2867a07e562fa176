# The bad-input matrix (issue #8): one CTest matrix.<name> per row of bad_input_matrix.tsv, run by
# bad_input_matrix.sh. Names are read with a regex over the whole file, so row contents never go
# through CMake's list splitting.
set(matrix_tsv "${CMAKE_CURRENT_SOURCE_DIR}/cli/bad_input_matrix.tsv")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${matrix_tsv}")
file(READ "${matrix_tsv}" matrix_content)
string(REGEX MATCHALL "\n[a-z][a-z0-9_.-]*\t" matrix_names "\n${matrix_content}")
foreach(matrix_name IN LISTS matrix_names)
  string(STRIP "${matrix_name}" matrix_name)
  add_test(NAME matrix.${matrix_name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/bad_input_matrix.sh $<TARGET_FILE:aifoot>
      ${matrix_tsv} ${matrix_name})
endforeach()

# Determinism, extreme-but-valid inputs and stream invariants beyond stream_test.sh.
add_test(NAME stream.determinism
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/determinism_test.sh $<TARGET_FILE:aifoot>)
add_test(NAME stream.extremes
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/extremes_test.sh $<TARGET_FILE:aifoot>)

# Core-level regressions of the same bugs (tests/unit/hardening_test.cpp).
target_sources(aifoot_unit_tests PRIVATE unit/hardening_test.cpp)
