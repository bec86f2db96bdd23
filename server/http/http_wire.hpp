#pragma once
/// The text the transport writes itself: response heads, dates, access-log lines and error bodies.
/// Pure std (no Beast), so it compiles fast and is tested without sockets.

#include "server/http/http_message.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace sna::server::detail {

/// IMF-fixdate (RFC 7231 §7.1.1.1), independent of the C locale.
std::string http_date(std::chrono::system_clock::time_point now);

/// The Date header value, formatted again only when the second changes. Not thread-safe: one per
/// connection.
class DateCache {
public:
    const std::string& get(std::chrono::system_clock::time_point now);

private:
    std::time_t m_second = -1;
    std::string m_text;
};

/// "2026-11-26T09:41:07.123Z" (UTC, milliseconds) for log lines.
std::string log_time(std::chrono::system_clock::time_point now);

/// Client-controlled text in the log: no control characters, quotes or unbounded length, so a
/// request cannot forge or break log lines. Empty text becomes "-".
std::string log_safe(std::string_view text, std::size_t max = 512);

/// `{"error": …, "detail": …}` plus `"request_id"` when given.
std::string json_error_body(std::string_view error, std::string_view detail,
                            std::string_view request_id = {});

/// RFC 7230 §3.2: the name is a token; the value has no CR, LF or NUL.
bool is_valid_header(const std::string& name, const std::string& value);

/// Headers the transport owns; a handler's values for them are ignored.
bool is_transport_header(const std::string& name);

/// 1xx, 204 and 304 responses never have a body (RFC 7230 §3.3.3).
bool has_no_body(int status);

/// The reason phrase for a status code ("OK", "Not Found"); "Unknown" for codes without one.
const char* reason_phrase(int status);

/// How the end of a body is told: Content-Length, chunked (a streamed body on HTTP/1.1), or
/// closing the connection (a streamed body on HTTP/1.0).
enum class Framing { length, chunked, close };

/// What the transport adds to a handler's response.
struct HeadOptions {
    unsigned version = 11;  ///< 10 or 11
    bool keep_alive = true;
    Framing framing = Framing::length;
    /// Content-Length to announce (Framing::length); for HEAD, the GET's length although no body
    /// follows.
    std::size_t content_length = 0;
    std::string_view date;  ///< value of the Date header
};

/// Appends one chunk of a chunked body (RFC 9112 §7.1): size in hex, CRLF, data, CRLF; and, when
/// `last`, the zero-size chunk that ends the body. An empty `data` appends only the ending.
void append_chunk(std::string& out, std::string_view data, bool last);

/// The client's address: `peer`, or, when `peer` is the configured trusted proxy, the last
/// address in its X-Forwarded-For (the one the proxy itself saw). Falls back to `peer` when the
/// header is missing or its last entry is empty.
std::string client_address(const std::string& peer, const std::string& trusted_proxy,
                           const HeaderList& headers);

/// Appends the status line and header block (ending with the blank line) of `response`:
/// its headers in order except the transport's own, then the security headers every response
/// carries (security_headers.hpp) unless the response set them, Server, Date, Content-Length or
/// Transfer-Encoding as the framing says (neither for statuses without a body) and Connection
/// as keep-alive requires for the version.
/// @pre every header passed is_valid_header() and 100 <= response.status <= 599
void append_response_head(std::string& out, const HttpResponse& response,
                          const HeadOptions& options);

/// A request id: the server's random prefix and a sequence number, e.g. "1a2b3c4d-2f".
std::string request_id(unsigned int prefix, std::uint64_t sequence);

/// One access-log line (without the newline):
/// `TIME ID PEER "METHOD TARGET" STATUS BYTES DURATIONus route=ROUTE[ write_error="…" sent=N]`.
struct AccessLogLine {
    std::chrono::system_clock::time_point time;
    std::string_view request_id;
    std::string_view peer;
    std::string_view method;
    std::string_view target;
    int status = 0;
    std::size_t body_bytes = 0;
    std::chrono::microseconds duration{0};
    std::string_view route;
    std::string_view write_error;  ///< empty when the write succeeded
    std::size_t bytes_sent = 0;    ///< only logged with write_error
    std::string_view caller;       ///< who asked (audit); empty when anonymous
};
std::string format_access_line(const AccessLogLine& line);

/// Why a request's framing or Host cannot be trusted: the status to answer (then close) and a
/// detail for the client.
struct FramingProblem {
    int status = 400;
    std::string detail;
};

/// RFC 9112 §6.1, §6.3 and §3.2 on a parsed request head (`version` 10 or 11): Transfer-Encoding
/// on HTTP/1.0, together with Content-Length, or whose final coding is not `chunked` (or applies
/// it twice) is 400; a final `chunked` after codings we do not decode (gzip, …) is 501; more than
/// one Host, or a Host that is not `host[:port]`, is 400. The parser may have taken such a request
/// as having no body, so the rest of the connection cannot be trusted: the caller answers and
/// closes. nullopt when the framing is sound.
std::optional<FramingProblem> request_framing_problem(const HeaderList& headers, unsigned version);

/// The lower-case reason of a 4xx or 501 the transport answers itself ("payload too large", …).
const char* short_reason(int status);

/// Accepts absolute-form targets (RFC 9112 §3.2.2) by dropping scheme and authority; any other
/// target not starting with '/' ("*", garbage) yields "".
std::string origin_form(std::string_view target);

}  // namespace sna::server::detail
