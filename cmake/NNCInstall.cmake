# cmake --install: the tools, libnnc.so and the runtime, their headers, the
# Python package and the CMake package (lib/cmake/nnc). Installed tools find
# the runtime relative to themselves (<prefix>/lib, <prefix>/include/nncrt).
include(CMakePackageConfigHelpers)

install(TARGETS nnc-translate nnc-opt RUNTIME DESTINATION bin)
set_target_properties(nncrt PROPERTIES EXPORT_NAME runtime)
target_include_directories(nnc INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:include>)
install(TARGETS nnc nncrt EXPORT NNCTargets
  LIBRARY DESTINATION lib
  ARCHIVE DESTINATION lib)
install(FILES ${PROJECT_SOURCE_DIR}/runtime/nnc_runtime.h
              ${PROJECT_SOURCE_DIR}/runtime/nnc_train_abi.h
  DESTINATION include/nncrt)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/nnc-c DESTINATION include)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/nnc
                  ${PROJECT_BINARY_DIR}/include/nnc
  DESTINATION include
  FILES_MATCHING PATTERN "*.h" PATTERN "*.inc" PATTERN "*.td"
  PATTERN "CMakeFiles" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/nnc DESTINATION python
  PATTERN "__pycache__" EXCLUDE)

install(EXPORT NNCTargets NAMESPACE NNC:: DESTINATION lib/cmake/nnc)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/NNCConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/NNCConfig.cmake
  INSTALL_DESTINATION lib/cmake/nnc)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/NNCConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/NNCConfig.cmake
              ${PROJECT_BINARY_DIR}/cmake/NNCConfigVersion.cmake
  DESTINATION lib/cmake/nnc)
