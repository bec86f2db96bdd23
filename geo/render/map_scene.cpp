#include "geo/render/map_scene.hpp"

#include <algorithm>
#include <cmath>

namespace sna::geo {

BBox fit_view(BBox content, int width, int height, double margin) {
    double cx = (content.min_x + content.max_x) / 2, cy = (content.min_y + content.max_y) / 2;
    double w = std::max(content.max_x - content.min_x, 500.0) * (1 + 2 * margin);
    double h = std::max(content.max_y - content.min_y, 500.0) * (1 + 2 * margin);
    const double aspect = static_cast<double>(width) / static_cast<double>(height);
    if (w / h < aspect) {
        w = h * aspect;
    } else {
        h = w / aspect;
    }
    return BBox{cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

double nice_scale_length(double max_metres) {
    if (!(max_metres > 0)) return 0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(max_metres)));
    for (double step : {5.0, 2.0, 1.0})
        if (step * magnitude <= max_metres) return step * magnitude;
    return magnitude;
}

}  // namespace sna::geo
