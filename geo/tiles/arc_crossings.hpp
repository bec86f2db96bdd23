#pragma once
/// Finding simplified arcs that cross: the topology errors simplification can introduce.

#include "geo/tiles/topology.hpp"

#include <vector>

namespace sna::geo {

/// Marks the arcs that cross or touch another arc, or themselves, anywhere except at shared end
/// points of segments (nodes and consecutive vertices). Coincident segments count as touching.
/// Only arcs with is_active[arc] take part. A sweep over segments sorted by x: near-linear for
/// map data, quadratic only if very many segments overlap in x.
/// @pre is_active.size() == arcs.size()
std::vector<bool> find_crossing_arcs(const std::vector<Arc>& arcs,
                                     const std::vector<bool>& is_active);

}  // namespace sna::geo
