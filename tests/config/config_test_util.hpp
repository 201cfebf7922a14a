#pragma once
// Helpers shared by the input-file tests.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "config/config.hpp"
#include "problems/registry.hpp"

namespace ishydro::test {

// A minimal valid Cartesian input; tests append or replace sections.
inline const std::string kGrid = "[grid]\npoints = [8, 8, 8]\nsize = [10.0, 10.0, 10.0]\n";
inline const std::string kTime = "[time]\nend = 1.0\n";
inline const std::string kInitial = "[initial]\nkind = \"sound_wave\"\n";
inline const std::string kMinimal = kGrid + kTime + kInitial;

// The message of the InputError that parsing `text` throws, or "" (and a test failure) if none.
inline std::string error_of(const std::string& text) {
  try {
    parse_config_string(text);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for input:\n" << text;
  return "";
}

// Parsing `text` fails with a one-line message that contains every one of `parts`.
inline void expect_error(const std::string& text, std::initializer_list<std::string> parts) {
  const std::string msg = error_of(text);
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "message is not one line: " << msg;
  EXPECT_EQ(msg.rfind("input error: ", 0), 0u) << msg;
  for (const auto& part : parts)
    EXPECT_NE(msg.find(part), std::string::npos) << "'" << part << "' not in: " << msg;
}

// A fresh, empty directory under the system temporary directory, removed with the object.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("ishydro_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto p = path / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }
};

}  // namespace ishydro::test
