# Precompiled headers for the targets whose compile is dominated by third-party headers
# (docs/design/ci.md "Compile less and once"): nlohmann/json everywhere, Catch2's single header in
# every test file, cpp-httplib (with OpenSSL's headers) in the emulator and the test servers,
# gRPC and protobuf in the plugin. Each target gets its own precompiled header, built once per
# build tree; ccache keeps both the header and the files that use it (CMakeLists.txt sets the
# sloppiness ccache needs for that).
#
#   precompile_heavy_headers(<target> [CATCH] [HTTPLIB] [GRPC])
#
# A file that must see a macro before a header takes none: tests/e2e/main.cpp defines
# CATCH_CONFIG_RUNNER, so its target (ge_cli_runner) is not given one. The function is not named
# ge_*: that prefix names the project's targets, which the layering lint tracks
# (tests/layering/check-layers.sh).
option(GENESYSEVENTS_PCH "Precompile the heavy third-party headers of the larger targets" ON)

function(precompile_heavy_headers target)
  if(NOT GENESYSEVENTS_PCH)
    return()
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 arg "CATCH;HTTPLIB;GRPC" "" "")
  set(headers <algorithm> <chrono> <functional> <map> <memory> <mutex> <optional> <regex> <set>
              <string> <string_view> <thread> <vector> <nlohmann/json.hpp>)
  if(arg_CATCH)
    list(APPEND headers <catch2/catch.hpp>)
  endif()
  if(arg_HTTPLIB)
    list(APPEND headers <httplib.h>)
  endif()
  if(arg_GRPC)
    list(APPEND headers <grpcpp/grpcpp.h> <tfplugin6.grpc.pb.h>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
