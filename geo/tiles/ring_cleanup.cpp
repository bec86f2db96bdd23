#include "geo/tiles/ring_cleanup.hpp"

#include <cmath>

namespace sna::geo {

Ring remove_repeated_points(const Ring& ring) {
    Ring out;
    remove_repeated_points(ring, out);
    return out;
}

void remove_repeated_points(const Ring& ring, Ring& out) {
    out.clear();
    out.reserve(ring.size());
    for (const auto& p : ring) {
        if (out.empty() || out.back() != p) out.push_back(p);
    }
    while (out.size() > 1 && out.back() == out.front()) out.pop_back();
}

bool is_degenerate_ring(const Ring& ring) {
    return is_degenerate_open_ring(remove_repeated_points(ring));
}

bool is_degenerate_open_ring(const Ring& open) {
    if (open.size() < 3) return true;
    const BBox box = bbox_of(open);
    const double width = box.max_x - box.min_x;
    const double height = box.max_y - box.min_y;
    // Relative threshold: collinear points leave only rounding noise in the shoelace sum.
    const double noise = 1e-12 * (width * width + height * height);
    return std::abs(signed_area(open)) <= noise;
}

}  // namespace sna::geo
