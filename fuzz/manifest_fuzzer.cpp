/// libFuzzer harness: the manifest parser (JSON with the duplicate-key check, then validation).
/// Bad input must end in DataError naming the file; anything else is a finding.

#include "geo/core/errors.hpp"
#include "geo/import/manifest.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const sna::geo::Manifest manifest = sna::geo::parse_manifest(text, "fuzz.json");
        for (const std::string& path : sna::geo::source_paths(manifest)) {
            static_cast<void>(sna::geo::resolve_source(path, "sources", "dir/fuzz.json"));
        }
    } catch (const sna::geo::DataError& e) {
        if (e.where().file != "fuzz.json") std::abort();
    }
    return 0;
}
