#include "geo/tiles/gzip.hpp"

#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("gzip_compress output is gzip and round trips") {
    std::string data;
    for (int i = 0; i < 5000; ++i) data += "layer lsoa feature " + std::to_string(i % 17) + "\n";
    const std::string packed = gzip_compress(data);
    CHECK(is_gzip(packed));
    CHECK(packed.size() < data.size() / 4);
    CHECK(gzip_decompress(packed) == data);
    CHECK(gzip_decompress(gzip_compress("")).empty());
    CHECK(gzip_decompress(gzip_compress(data, 1)) == data);
}

TEST_CASE("gzip_decompress rejects bad, truncated and oversized input") {
    const std::string packed = gzip_compress(std::string(100000, 'x'));
    CHECK_THROWS_AS(gzip_decompress("not gzip at all"), Error);
    CHECK_THROWS_WITH(gzip_decompress(packed.substr(0, packed.size() / 2)),
                      "gzip: data is truncated");
    CHECK_THROWS_WITH(gzip_decompress(packed, 1000), "gzip: data inflates beyond 1000 bytes");
    CHECK_FALSE(is_gzip("x"));
}

TEST_CASE("quick_gzip_level: the default up to 256 KiB, level 4 above", "[gzip]") {
    CHECK(quick_gzip_level(0) == default_gzip_level);
    CHECK(quick_gzip_level(256 * 1024) == default_gzip_level);
    CHECK(quick_gzip_level(256 * 1024 + 1) == 4);
    std::string large;
    for (int i = 0; large.size() <= 300 * 1024; ++i)
        large += std::to_string(i * 7919 % 10007) + ",";
    const std::string quick = gzip_compress(large, quick_gzip_level(large.size()));
    CHECK(gzip_decompress(quick) == large);
    CHECK(quick != gzip_compress(large));  // a different level, so different bytes
}
