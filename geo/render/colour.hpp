#pragma once
/// sRGB colours for drawing, parsed from the "#rrggbb" strings the palettes use.

#include <string_view>

namespace sna::geo {

struct Rgb {
    double r = 0.0;  ///< 0..1
    double g = 0.0;
    double b = 0.0;
    friend bool operator==(const Rgb& x, const Rgb& y) {
        return x.r == y.r && x.g == y.g && x.b == y.b;
    }
};

/// @throws InvalidInput unless `hex` is "#rrggbb".
Rgb rgb_from_hex(std::string_view hex);

}  // namespace sna::geo
