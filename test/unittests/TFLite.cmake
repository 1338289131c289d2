#===- test/unittests/TFLite.cmake - gtest for the TFLite frontend ---------===#
#
# include()d by the top-level test setup. Defines tmlc_tflite_unittests
# (GoogleTest, Debian's libgtest-dev) and registers it with ctest.
# Requires target TmlcTFLiteFrontend (frontends/tflite).
#===------------------------------------------------------------------------===#
find_package(GTest REQUIRED)

add_executable(tmlc_tflite_unittests
  ${CMAKE_CURRENT_LIST_DIR}/TFLiteModelTest.cpp)
target_link_libraries(tmlc_tflite_unittests PRIVATE
  TmlcTFLiteFrontend GTest::gtest_main)
# Match LLVM's C++ dialect (libLLVM is built without RTTI).
target_compile_options(tmlc_tflite_unittests PRIVATE -fno-exceptions)
if(NOT LLVM_ENABLE_RTTI)
  target_compile_options(tmlc_tflite_unittests PRIVATE -fno-rtti)
endif()
add_test(NAME tflite-unittests COMMAND tmlc_tflite_unittests)
