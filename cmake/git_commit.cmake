# Run at every build (target ishydro_git_commit): writes generated/ishydro/git_commit.hpp with the
# commit the sources are at, "-dirty" when tracked files differ from it, "unknown" outside a git
# checkout. configure_file rewrites the header only when that text changes, so an unchanged commit
# rebuilds nothing.
execute_process(COMMAND git rev-parse --short HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE ISHYDRO_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT ISHYDRO_GIT_COMMIT)
  set(ISHYDRO_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git diff --quiet HEAD -- WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE dirty
                  ERROR_QUIET)
  if(NOT dirty EQUAL 0)
    set(ISHYDRO_GIT_COMMIT "${ISHYDRO_GIT_COMMIT}-dirty")
  endif()
endif()
configure_file(${SOURCE_DIR}/cmake/git_commit.hpp.in ${BINARY_DIR}/generated/ishydro/git_commit.hpp @ONLY)
