/// libFuzzer harness: request-target splitting, percent-decoding and query parsing (server/url).
/// Bad escapes must give nullopt or InvalidInput; decoding what we encode must round-trip.

#include "geo/core/errors.hpp"
#include "server/http/url.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace sna::server;
    const std::string_view target(reinterpret_cast<const char*>(data), size);
    const TargetParts parts = split_target(target);
    static_cast<void>(percent_decode(parts.path));
    try {
        const QueryParams params = parse_query(parts.query);
        if (!params.empty()) static_cast<void>(query_param(params, params.front().first));
    } catch (const sna::geo::InvalidInput&) {
    }
    // Anything without NUL survives encode → decode unchanged.
    if (target.find('\0') == std::string_view::npos) {
        const auto decoded = percent_decode(percent_encode(target));
        if (!decoded || *decoded != target) std::abort();
    }
    return 0;
}
