# Writes OUT (the NNC_VERSION and NNC_GIT_REVISION macros) at build time,
# replacing it only when the revision changed, so a commit rebuilds one file.
# -DSOURCE_DIR=... -DVERSION=... -DOUT=...
execute_process(
  COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
  OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 0 OR revision STREQUAL "")
  set(revision "unknown revision")
else()
  execute_process(
    COMMAND git -C "${SOURCE_DIR}" diff --quiet HEAD --
    RESULT_VARIABLE dirty ERROR_QUIET)
  if(NOT dirty EQUAL 0)
    string(APPEND revision "+changes")
  endif()
  set(revision "git ${revision}")
endif()
set(text "#define NNC_VERSION \"${VERSION}\"\n#define NNC_GIT_REVISION \"${revision}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
