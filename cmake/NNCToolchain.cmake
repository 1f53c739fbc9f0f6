# Build-speed defaults: ccache when present (CCACHE_BASEDIR makes hits
# relocatable across clones), lld when present.
find_program(NNC_CCACHE ccache)
if(NNC_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_C_COMPILER_LAUNCHER ${NNC_CCACHE})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${NNC_CCACHE})
endif()

find_program(NNC_LLD ld.lld)
if(NNC_LLD)
  set(LLVM_USE_LINKER lld CACHE STRING "")
endif()
