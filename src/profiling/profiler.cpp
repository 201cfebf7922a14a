#include "profiling/profiler.hpp"

#include <cstring>
#include <fstream>
#include <string>

namespace ishydro {

Profiler& Profiler::instance() {
  static Profiler profiler;
  return profiler;
}

void Profiler::reset() {
  nodes_ = {};
  count_ = 1;
  depth_ = 0;
}

int Profiler::enter(const char* name) {
  const int parent = depth_ > 0 ? stack_[depth_ - 1] : 0;
  int node = -1;
  for (int i = 1; i < count_; ++i)
    if (nodes_[i].parent == parent && (nodes_[i].name == name || std::strcmp(nodes_[i].name, name) == 0)) {
      node = i;
      break;
    }
  if (node < 0) {
    if (count_ == kMaxNodes) return -1;
    node = count_++;
    nodes_[node].name = name;
    nodes_[node].parent = parent;
  }
  if (depth_ < kMaxDepth) stack_[depth_++] = node;
  return node;
}

void Profiler::leave(int node, double seconds) {
  nodes_[node].calls += 1;
  nodes_[node].seconds += seconds;
  if (depth_ > 0) --depth_;
}

nlohmann::json Profiler::subtree(int node) const {
  nlohmann::json j;
  j["name"] = node == 0 ? "run" : nodes_[node].name;
  if (node != 0) {
    j["calls"] = nodes_[node].calls;
    j["seconds"] = nodes_[node].seconds;
  }
  nlohmann::json children = nlohmann::json::array();
  for (int i = 1; i < count_; ++i)
    if (nodes_[i].parent == node) children.push_back(subtree(i));
  if (!children.empty()) j["children"] = children;
  return j;
}

nlohmann::json Profiler::tree() const { return subtree(0); }

std::uint64_t peak_resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

}  // namespace ishydro
