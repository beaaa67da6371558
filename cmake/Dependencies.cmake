# Every external dependency of the project, found in one place.
# scripts/install-deps.sh installs the Debian packages that provide them.
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(SQLite3 REQUIRED)
find_package(Catch2 2 REQUIRED)
include(Catch)

# Debian ships cpp-httplib compiled (libcpp-httplib.so, built with OpenSSL) and no CMake package.
find_path(HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
find_library(HTTPLIB_LIBRARY cpp-httplib REQUIRED)
add_library(httplib INTERFACE)
target_include_directories(httplib INTERFACE ${HTTPLIB_INCLUDE_DIR})
target_compile_definitions(httplib INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT)
target_link_libraries(httplib INTERFACE ${HTTPLIB_LIBRARY} OpenSSL::SSL OpenSSL::Crypto Threads::Threads)

find_program(GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)

# Static gRPC for the plugin binary (docs/design/sanitizers-fuzzing.md): resolving ~80 shared
# libraries costs the plugin about 20 ms per start, and every Terraform command starts it
# several times. Debian ships the archives of gRPC, Abseil, protobuf, re2, c-ares and upb;
# `pkg-config --static` gives the closure. OpenSSL, zlib, libcurl and libc stay shared: libcurl
# (shared only, its static dependencies are not installed) links the shared OpenSSL, and two
# copies of OpenSSL in one process must not happen. ge::grpc is what the plugin links.
set(ge_grpc_static_found OFF)
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --static --libs-only-l grpc++ protobuf
                  OUTPUT_VARIABLE ge_grpc_pc_libs OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE ge_grpc_pc_rc)
  if(ge_grpc_pc_rc EQUAL 0)
    separate_arguments(ge_grpc_pc_libs UNIX_COMMAND "${ge_grpc_pc_libs}")
    set(ge_grpc_static_archives)
    set(ge_grpc_static_found ON)
    foreach(flag IN LISTS ge_grpc_pc_libs)
      string(REGEX REPLACE "^-l" "" name "${flag}")
      if(name MATCHES "^(ssl|crypto|z|dl|rt|atomic|pthread|m|c)$")
        continue()
      endif()
      find_library(ge_archive_${name} NAMES lib${name}.a NO_CACHE)
      if(ge_archive_${name})
        list(APPEND ge_grpc_static_archives ${ge_archive_${name}})
      else()
        set(ge_grpc_static_found OFF)
      endif()
    endforeach()
    list(REMOVE_DUPLICATES ge_grpc_static_archives)
  endif()
endif()
option(GENESYSEVENTS_STATIC_GRPC "Link gRPC, Abseil and protobuf statically into the plugin" ${ge_grpc_static_found})
add_library(ge_grpc INTERFACE)
add_library(ge::grpc ALIAS ge_grpc)
if(GENESYSEVENTS_STATIC_GRPC)
  if(NOT ge_grpc_static_found)
    message(FATAL_ERROR "GENESYSEVENTS_STATIC_GRPC=ON but the static gRPC/Abseil/protobuf archives were not all found")
  endif()
  list(LENGTH ge_grpc_static_archives ge_grpc_static_count)
  message(STATUS "gRPC, Abseil, protobuf: static (${ge_grpc_static_count} archives)")
  # The archives depend on each other in cycles (Abseil): one rescanned group.
  target_link_libraries(ge_grpc INTERFACE "$<LINK_GROUP:RESCAN,${ge_grpc_static_archives}>"
                        OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB Threads::Threads ${CMAKE_DL_LIBS} rt atomic)
  # The include directories of the CMake packages (all under /usr/include on Debian).
  target_include_directories(ge_grpc SYSTEM INTERFACE
    $<TARGET_PROPERTY:gRPC::grpc++,INTERFACE_INCLUDE_DIRECTORIES>
    $<TARGET_PROPERTY:protobuf::libprotobuf,INTERFACE_INCLUDE_DIRECTORIES>)
else()
  target_link_libraries(ge_grpc INTERFACE gRPC::grpc++ protobuf::libprotobuf)
endif()
