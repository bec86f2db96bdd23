/// libFuzzer harness: an HTTP/1.1 request as the server reads it. Beast's request parser with the
/// server's limits is fed the bytes in two pieces (as a network splits them); a complete message
/// then goes through what the session does with it (server/http: origin_form, the header copy,
/// client_address; the router's split_target, percent_decode and parse_query; content coding's
/// Accept-Encoding and If-None-Match readers).
/// Parse errors are expected; crashes, sanitizer reports and other exceptions are findings.

#include "geo/core/errors.hpp"
#include "server/http/content_encoding.hpp"
#include "server/http/http_message.hpp"
#include "server/http/http_wire.hpp"
#include "server/http/url.hpp"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using namespace sna::server;

/// What the session does with a parsed message before the router sees it.
void use_message(const http::request<http::string_body>& message) {
    HttpRequest req;
    req.method = std::string(message.method_string());
    req.target = detail::origin_form(message.target());
    for (const auto& field : message) {
        const std::string name(field.name_string());
        const std::string value(field.value());
        // Beast must only hand over fields the response writer could also send.
        if (!detail::is_valid_header(name, value) && !name.empty()) std::abort();
        req.headers.add(name, value);
    }
    static_cast<void>(detail::client_address("127.0.0.1", "127.0.0.1", req.headers));
    static_cast<void>(choose_coding(req.headers.find("Accept-Encoding")));
    static_cast<void>(matched_variant_etag(req.headers.find("If-None-Match"), "\"ab\"",
                                           ContentCoding::gzip, true));
    const TargetParts parts = split_target(req.target);
    static_cast<void>(percent_decode(parts.path));
    try {
        static_cast<void>(parse_query(parts.query));
    } catch (const sna::geo::InvalidInput&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t split = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);
    http::request_parser<http::string_body> parser;
    parser.header_limit(8192);
    parser.body_limit(1 << 20);
    parser.eager(true);
    std::string pending;
    beast::error_code ec;
    for (const std::string_view piece : {bytes.substr(0, split), bytes.substr(split)}) {
        pending.append(piece);
        const std::size_t used =
            parser.put(boost::asio::buffer(pending.data(), pending.size()), ec);
        pending.erase(0, used);
        if (ec == http::error::need_more) {
            ec = {};
            continue;
        }
        if (ec || parser.is_done()) break;
    }
    if (!ec && parser.is_done()) use_message(parser.get());
    return 0;
}
