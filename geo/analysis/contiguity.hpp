#pragma once
/// Contiguity ("rook") neighbours from area geometries: two areas are neighbours when their
/// boundaries share a stretch of non-zero length, not merely a point (queen contiguity would also
/// count corner contacts). This is the weights structure PySAL's libpysal.weights.Rook and
/// GeoDa build from polygons, with a tolerance so boundaries that were generalised or digitised
/// separately (tiny gaps, vertices a few centimetres apart) still meet.

#include "geo/core/geometry.hpp"

#include <cstdint>
#include <vector>

namespace sna::geo {

/// neighbours[i] lists the areas adjacent to area i: ascending, without i itself, symmetric
/// (j in neighbours[i] exactly when i in neighbours[j]).
using Neighbours = std::vector<std::vector<std::uint32_t>>;

struct ContiguityOptions {
    /// Distance, in the units of the coordinates, within which two vertices count as the same
    /// point and an edge counts as lying on another. 0 means exact shared vertices (fine for
    /// boundaries cut from one topologically clean source, such as ONS's LSOA files); use e.g.
    /// 0.5–1 m in EPSG:27700, or ~1e-7° (≈ 1 cm) in lon/lat, for sources that do not share
    /// vertices exactly.
    double tolerance = 0;
};

/// Rook contiguity. Areas i and j are neighbours when either
///  (a) at least two vertices of i lie within `tolerance` of vertices of j and those vertices of
///      i are more than `tolerance` apart (a shared edge, not a shared corner), or
///  (b) an edge of one lies along an edge of the other (both ends within `tolerance` of its line)
///      and the overlap is longer than `tolerance` — this catches T-junctions, where one side of
///      a shared boundary has a vertex the other side lacks.
/// Candidate pairs come from a PackedRTree of bounding boxes grown by `tolerance`; vertex matches
/// from a hash grid of cell size >= `tolerance`; test (b) runs only for candidate pairs that (a)
/// did not already settle. Holes take part (an enclave neighbours the area around it).
/// Known limit: two areas pinched together at two separate points (not along an edge) pass (a).
/// @pre tolerance >= 0
Neighbours rook_contiguity(const std::vector<MultiPolygon>& areas,
                           const ContiguityOptions& options = {});

/// Areas with no neighbours (islands); Gi* treats them as their own neighbourhood.
std::vector<std::uint32_t> islands(const Neighbours& neighbours);

}  // namespace sna::geo
