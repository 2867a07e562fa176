# aifoot_embed_data(<out.cpp> <file>...): compiles the catalog tables into C++ at build time with
# the host tool tools/embed_data.cpp (records as JSON strings plus a sorted name index; see there).
function(aifoot_embed_data out_cpp)
  add_executable(aifoot_embed_data "${PROJECT_SOURCE_DIR}/tools/embed_data.cpp")
  target_link_libraries(aifoot_embed_data PRIVATE nlohmann_json::nlohmann_json)
  # Header-only <aifoot/json_parse.hpp>: the same duplicate-key check as the run-time readers.
  target_include_directories(aifoot_embed_data PRIVATE "${PROJECT_SOURCE_DIR}/include")
  add_custom_command(OUTPUT "${out_cpp}"
    COMMAND aifoot_embed_data "${out_cpp}" ${ARGN}
    DEPENDS aifoot_embed_data ${ARGN}
    COMMENT "Embedding catalog tables"
    VERBATIM)
endfunction()
