# Every external dependency of the project, found in one place.
# scripts/install-deps.sh installs the Debian packages that provide them.
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
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
