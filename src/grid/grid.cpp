#include "grid/grid.hpp"

namespace ishydro {

Grid Grid::from_config(const GridConfig& cfg) {
  Grid g;
  g.n = cfg.points;
  g.L = cfg.size;
  g.coordinates = cfg.coordinates;
  g.local_nx = cfg.points[0];
  g.x_offset = 0;
  return g;
}

}  // namespace ishydro
