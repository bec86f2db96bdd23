/// libFuzzer harness: the MVT decoder and ring grouping on arbitrary bytes. Malformed tiles must
/// end in DataError; a crash, a sanitizer report or another exception is a finding.

#include "geo/core/errors.hpp"
#include "geo/tiles/mvt_decoder.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        for (const sna::geo::DecodedLayer& layer : sna::geo::decode_tile(bytes)) {
            for (const sna::geo::DecodedFeature& feature : layer.features) {
                if (feature.type != sna::geo::GeomType::polygon) continue;
                try {
                    static_cast<void>(sna::geo::polygons_of(feature));
                } catch (const sna::geo::DataError&) {
                }
            }
        }
    } catch (const sna::geo::DataError&) {
    }
    return 0;
}
