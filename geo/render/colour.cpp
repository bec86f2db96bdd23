#include "geo/render/colour.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <string>

namespace sna::geo {

Rgb rgb_from_hex(std::string_view hex) {
    const auto bad = [&] {
        return InvalidInput("a colour must be #rrggbb, got '" + std::string(hex) + "'");
    };
    if (hex.size() != 7 || hex[0] != '#') throw bad();
    double channel[3];
    for (int i = 0; i < 3; ++i) {
        const int hi = hex_digit_value(hex[1 + 2 * i]), lo = hex_digit_value(hex[2 + 2 * i]);
        if (hi < 0 || lo < 0) throw bad();
        channel[i] = (hi * 16 + lo) / 255.0;
    }
    return {channel[0], channel[1], channel[2]};
}

}  // namespace sna::geo
