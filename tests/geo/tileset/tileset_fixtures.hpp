#pragma once
/// The metadata the tileset writer tests write.

#include "geo/tileset/tileset_metadata.hpp"

namespace sna::test {

inline geo::TilesetMetadata sample_metadata() {
    geo::TilesetMetadata m;
    m.name = "LSOA 2021";
    m.description = "1,719 areas";
    m.attribution = "Contains OS data © Crown copyright";
    m.min_zoom = 0;
    m.max_zoom = 2;
    m.bounds = {-2.2, 52.3, -1.4, 52.7};
    m.center = {-1.8, 52.5};
    m.center_zoom = 1;
    m.vector_layers_json = R"([{"id":"lsoa21","fields":{"code":"String","imd":"Number"}}])";
    m.extra = {{"data_version", "abc123"}};
    return m;
}

}  // namespace sna::test
