#pragma once
/// Small ring hygiene shared by clipping, tiling and the topology builder.

#include "geo/core/geometry.hpp"

namespace sna::geo {

/// Removes consecutive repeated points and a closing point equal to the first, so the ring is
/// stored "open" (the closing edge is implied).
Ring remove_repeated_points(const Ring& ring);

/// The same into `out` (cleared first, its capacity reused). @pre &out != &ring
void remove_repeated_points(const Ring& ring, Ring& out);

/// True if a ring cannot bound an area: fewer than 3 distinct consecutive points, or an area that
/// is zero relative to the ring's extent (all points collinear).
bool is_degenerate_ring(const Ring& ring);

/// is_degenerate_ring() for a ring that is already open without repeated points (no copy).
bool is_degenerate_open_ring(const Ring& open);

}  // namespace sna::geo
