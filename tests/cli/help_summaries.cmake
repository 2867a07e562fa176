# `aifoot --help` lists the commands from a table in src/cli/app.cpp (it declares no command's
# options): each summary there must be the one the command declares itself, which
# `aifoot COMMAND --help` prints on its first line.
execute_process(COMMAND "${BIN}" --help OUTPUT_VARIABLE help RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "aifoot --help exited ${code}")
endif()
string(REGEX REPLACE ".*Subcommands:\n" "" commands "${help}")
string(REGEX MATCHALL "  [a-z][a-z-]* +[^\n]+" lines "${commands}")
list(LENGTH lines count)
if(count LESS 5)
  message(FATAL_ERROR "aifoot --help lists ${count} commands:\n${help}")
endif()
foreach(line IN LISTS lines)
  string(REGEX MATCH "^  ([a-z][a-z-]*) +(.+)$" _ "${line}")
  set(name "${CMAKE_MATCH_1}")
  set(summary "${CMAKE_MATCH_2}")
  execute_process(COMMAND "${BIN}" ${name} --help OUTPUT_VARIABLE own RESULT_VARIABLE code)
  string(REGEX MATCH "^[^\n]*" first "${own}")
  if(NOT code EQUAL 0 OR NOT first STREQUAL summary)
    message(FATAL_ERROR "aifoot --help lists '${name}' as '${summary}', "
                        "but 'aifoot ${name} --help' says '${first}' (exit ${code})")
  endif()
endforeach()
