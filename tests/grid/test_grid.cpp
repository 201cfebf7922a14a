#include <gtest/gtest.h>

#include "grid/grid.hpp"

namespace ishydro {
TEST(Grid, IndexIsCOrder) {
  GridConfig cfg;
  cfg.points = {4, 3, 2};
  cfg.size = {1.0, 2.0, 3.0};
  Grid g = Grid::from_config(cfg);
  EXPECT_EQ(g.index(1, 2, 1), (1u * 3 + 2) * 2 + 1);
  EXPECT_EQ(g.cells(), 24u);
  EXPECT_EQ(g.nz_complex(), 2);
  EXPECT_DOUBLE_EQ(g.dx(1), 2.0 / 3.0);
}
}  // namespace ishydro
