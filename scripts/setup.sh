#!/usr/bin/env bash
# Installs the Debian 12 packages ishydro needs, only those missing (idempotent, no prompt).
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config git libfftw3-dev libhdf5-dev libtomlplusplus-dev libcli11-dev
          nlohmann-json3-dev libfmt-dev libspdlog-dev libgtest-dev libgmock-dev libbenchmark-dev
          python3 python3-numpy python3-h5py python3-matplotlib python3-dev python3-pytest pybind11-dev
          clang libclang-rt-14-dev
          openmpi-bin libopenmpi-dev libfftw3-mpi-dev libhdf5-openmpi-dev
          python3-paraview xvfb xauth)  # pvpython and headless rendering for the scripts.paraview_* tests (large)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
