# Configures, builds and tests the standalone runtime project (runtime/ is
# its own CMake project so LLVM's flags never reach device code).
# cmake -DSRC=<repo>/runtime -DBIN=<dir> -P RunRuntimeTests.cmake
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC} -B ${BIN} -G Ninja
                        -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "runtime: configure failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BIN} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "runtime: build failed")
endif()
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${BIN}
                        --output-on-failure RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "runtime: tests failed")
endif()
