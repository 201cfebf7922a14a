// docs/input.md's key tables are rendered from the key tables (config/key_spec.hpp and each initial
// kind's): every table must appear verbatim in the docs, so the docs cannot drift from the parser.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "problems/registry.hpp"

namespace ishydro {
namespace {

TEST(KeyDocs, InputMdHasEveryKeyTable) {
  std::ifstream in(std::string(ISHYDRO_SOURCE_DIR) + "/docs/input.md");
  ASSERT_TRUE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  for (const SectionKeys& table : key_tables()) {
    const std::string md = key_table_markdown(table);
    EXPECT_NE(text.str().find(md), std::string::npos)
        << "docs/input.md lacks the table of [" << table.section << "]"
        << (table.kind.empty() ? "" : " kind = \"" + std::string(table.kind) + "\"") << "; expected:\n"
        << md;
  }
}

}  // namespace
}  // namespace ishydro
