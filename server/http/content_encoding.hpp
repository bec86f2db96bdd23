#pragma once
/// HTTP content codings (RFC 9110 §8.4, §12.5.3): Accept-Encoding negotiation, the ETag of each
/// coded variant, If-None-Match matching, and the step that applies them to a response.
/// Pure std: the bytes are compressed by a function the caller passes (zlib lives in geo/tiles,
/// a cache of compressed bodies in server/index).

#include "server/http/http_message.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sna::server {

/// The codings the server can send. Brotli is not offered (see docs/api.md, "Compression").
enum class ContentCoding { identity, gzip };

/// One element of an Accept-Encoding field: a coding name, lower case ("x-gzip" is read as
/// "gzip", RFC 9110 §8.4.1.3), and its weight in thousandths (q=0.5 → 500).
struct AcceptedCoding {
    std::string name;
    int weight = 1000;
};

/// Parses Accept-Encoding (RFC 9110 §12.5.3): `coding[;q=weight]` elements separated by commas,
/// optional whitespace around them. An element with a name that is not a token, or a weight
/// that is not a qvalue (0 to 1, at most three decimals: §12.4.2), is dropped, not guessed at.
std::vector<AcceptedCoding> parse_accept_encoding(std::string_view header);

/// The weight the parsed field gives `coding`: its own element, else "*", else 1000 for
/// "identity" (acceptable unless excluded) and 0 for any other coding.
int coding_weight(const std::vector<AcceptedCoding>& accepted, std::string_view coding);

/// The coding to send a compressible body in, given the request's Accept-Encoding (nullptr when
/// absent): gzip when its weight is above 0 and at least identity's; otherwise identity — also
/// without the header, and when the field refuses everything ("identity;q=0" alone, "*;q=0"):
/// §12.5.3 says to send the representation without a coding rather than fail.
ContentCoding choose_coding(const std::string* accept_encoding);

/// "gzip" or "identity".
const char* coding_name(ContentCoding coding);

/// True for media types that compress well (text/*, JSON and +json, JavaScript, XML and +xml,
/// SVG, CSV, protobuf glyphs); false for images, fonts, PDFs, zips and vector tiles, which are
/// compressed already or handled by their route. Parameters (";charset=…") are ignored.
bool is_compressible_type(std::string_view content_type);

/// The entity tag of a coded variant: the opaque part gets "-gzip" inside the quotes, the weak
/// prefix is kept ("\"ab\"" → "\"ab-gzip\"", "W/\"ab\"" → "W/\"ab-gzip\""). Identity: unchanged.
std::string variant_etag(std::string_view etag, ContentCoding coding);

/// If-None-Match against one entity tag (RFC 9110 §13.1.2): true for "*" or when an element of
/// the list matches under the weak comparison (§8.8.3.2: W/ prefixes do not matter).
bool etag_list_matches(std::string_view if_none_match, std::string_view etag);

/// The entity tag If-None-Match (nullptr when absent) matches among the variants of a body
/// tagged `etag`: the chosen variant's, else — when the body is `negotiable` — the other's, so a
/// cache holding either variant can revalidate it; nullopt when neither matches.
std::optional<std::string> matched_variant_etag(const std::string* if_none_match,
                                                std::string_view etag, ContentCoding chosen,
                                                bool negotiable);

/// What negotiate_content_coding may compress.
struct CompressionOptions {
    bool enabled = true;
    std::size_t min_bytes = 1024;  ///< smaller bodies are sent as they are
};

/// Gzip bytes of a body: `shared` when a cache holds them (the cache's budget accounts for
/// them), else `owned`, made for this response alone.
struct GzipBytes {
    std::shared_ptr<const std::string> shared;
    std::string owned;
};
using Compressor = std::function<GzipBytes(std::string_view body)>;

/// Content negotiation and conditional GET of a finished response (the handler's own coding,
/// shown by a Content-Encoding header, is left as it is):
/// - a 200 with a body (not a stream) of a compressible type and at least `min_bytes` is
///   negotiable: it gets `Vary: Accept-Encoding`, and when choose_coding picks gzip its body
///   becomes `compress(body)`, with `Content-Encoding: gzip` and variant_etag() as its ETag;
/// - a 200 with an ETag then becomes 304 (no body) when If-None-Match matches the tag of the
///   variant chosen — or of the other variant of a negotiable body, which the 304 then names,
///   so a cache holding either variant revalidates it;
/// - a 304 made by the handler gets the Vary header when compression is enabled.
/// HEAD is treated as GET (the transport drops the body and keeps its length).
void negotiate_content_coding(const HttpRequest& request, HttpResponse& response,
                              const CompressionOptions& options, const Compressor& compress);

}  // namespace sna::server
