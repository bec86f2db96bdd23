#pragma once
/// Reads a streamed response body the way the transport does: piece by piece until the stream
/// says nothing more follows.

#include "server/http/http_message.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace sna::test {

/// Every piece of `stream` concatenated; `pieces` counts the calls. Fails the test if a call
/// that promised more appended nothing (the transport would send an empty chunk).
inline std::string drain(const server::BodyStream& stream, std::size_t max_bytes = 16 * 1024,
                         std::size_t* pieces = nullptr) {
    std::string out;
    std::size_t calls = 0;
    for (bool more = true; more;) {
        const std::size_t before = out.size();
        more = stream(out, max_bytes);
        ++calls;
        if (more) REQUIRE(out.size() > before);
    }
    if (pieces) *pieces = calls;
    return out;
}

/// The body a client receives: `body`, or the drained stream.
inline std::string body_text(const server::HttpResponse& r) {
    return r.stream ? drain(r.stream) : std::string(r.body_view());
}

}  // namespace sna::test
