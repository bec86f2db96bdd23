#include "geo/render/colour.hpp"

#include "geo/core/errors.hpp"

#include <string>

namespace sna::geo {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

Rgb rgb_from_hex(std::string_view hex) {
    const auto bad = [&] {
        return InvalidInput("a colour must be #rrggbb, got '" + std::string(hex) + "'");
    };
    if (hex.size() != 7 || hex[0] != '#') throw bad();
    double channel[3];
    for (int i = 0; i < 3; ++i) {
        const int hi = hex_digit(hex[1 + 2 * i]), lo = hex_digit(hex[2 + 2 * i]);
        if (hi < 0 || lo < 0) throw bad();
        channel[i] = (hi * 16 + lo) / 255.0;
    }
    return {channel[0], channel[1], channel[2]};
}

}  // namespace sna::geo
