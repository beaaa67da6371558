#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, when any is missing. Idempotent.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev
  libcurl4-openssl-dev nlohmann-json3-dev libboost-dev libboost-filesystem-dev
  catch2 libssl-dev openssl libcpp-httplib-dev libsqlite3-dev
  golang-go hyperfine wrk jq python3 zip unzip ccache
  clang-14 libclang-rt-14-dev clang-format-14
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A Go toolchain already on PATH (newer than Debian's) is what builds the CLIs; keep it.
if command -v go >/dev/null; then
  missing=("${missing[@]/golang-go}")
fi
read -r -a missing <<<"${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
