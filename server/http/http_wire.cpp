#include "server/http/http_wire.hpp"

#include "server/http/security_headers.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <vector>

namespace sna::server::detail {

namespace {

constexpr std::array<const char*, 7> day_names = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::tm utc_time(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

std::string format_http_date(std::time_t t) {
    const std::tm tm = utc_time(t);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  day_names[static_cast<std::size_t>(tm.tm_wday) % 7], tm.tm_mday,
                  month_names[static_cast<std::size_t>(tm.tm_mon) % 12], tm.tm_year + 1900,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}

/// RFC 7230 §3.2.6 tchar, without the C locale's isalnum.
bool is_token_char(unsigned char c) {
    static constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
    const bool is_alnum =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return is_alnum || specials.find(static_cast<char>(c)) != std::string_view::npos;
}

void append_number(std::string& out, std::uint64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

std::string http_date(std::chrono::system_clock::time_point now) {
    return format_http_date(std::chrono::system_clock::to_time_t(now));
}

const std::string& DateCache::get(std::chrono::system_clock::time_point now) {
    const std::time_t second = std::chrono::system_clock::to_time_t(now);
    if (second != m_second) {
        m_second = second;
        m_text = format_http_date(second);
    }
    return m_text;
}

std::string log_time(std::chrono::system_clock::time_point now) {
    const std::tm tm = utc_time(std::chrono::system_clock::to_time_t(now));
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms.count()));
    return buffer;
}

std::string log_safe(std::string_view text, std::size_t max) {
    std::string out;
    out.reserve(std::min(text.size(), max) + 3);
    for (const char ch : text.substr(0, max)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c >= 0x80) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += ch;
        }
    }
    if (text.size() > max) out += "...";
    return out.empty() ? "-" : out;
}

std::string json_error_body(std::string_view error, std::string_view detail,
                            std::string_view request_id) {
    nlohmann::json body{{"error", error}, {"detail", detail}};
    if (!request_id.empty()) body["request_id"] = request_id;
    return body.dump();
}

bool is_valid_header(const std::string& name, const std::string& value) {
    if (name.empty()) return false;
    for (const char c : name) {
        if (!is_token_char(static_cast<unsigned char>(c))) return false;
    }
    for (const char c : value) {
        if (c == '\r' || c == '\n' || c == '\0') return false;
    }
    return true;
}

bool is_transport_header(const std::string& name) {
    for (const char* owned :
         {"Content-Length", "Transfer-Encoding", "Connection", "Date", "Server", "Keep-Alive"}) {
        if (HeaderList::equals(name, owned)) return true;
    }
    return false;
}

bool has_no_body(int status) {
    return status < 200 || status == 204 || status == 304;
}

namespace {

/// RFC 9110 §15 reason phrases of the status codes a server may send.
constexpr std::pair<int, const char*> reason_phrases[] = {
    {100, "Continue"},
    {101, "Switching Protocols"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {206, "Partial Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Payload Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {422, "Unprocessable Entity"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
};

}  // namespace

const char* reason_phrase(int status) {
    for (const auto& [code, phrase] : reason_phrases) {
        if (code == status) return phrase;
    }
    return "Unknown";
}

void append_response_head(std::string& out, const HttpResponse& response,
                          const HeadOptions& options) {
    out.append(options.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    append_number(out, static_cast<std::uint64_t>(response.status));
    out.append(" ").append(reason_phrase(response.status)).append("\r\n");
    for (const auto& [name, value] : response.headers.items()) {
        if (!is_transport_header(name)) append_header(out, name, value);
    }
    for (const auto& [name, value] : every_response_headers) {
        if (!response.headers.find(name)) append_header(out, name, value);
    }
    append_header(out, "Server", "snamap");
    append_header(out, "Date", options.date);
    if (!has_no_body(response.status) && options.framing == Framing::length) {
        out.append("Content-Length: ");
        append_number(out, options.content_length);
        out.append("\r\n");
    }
    if (!has_no_body(response.status) && options.framing == Framing::chunked)
        append_header(out, "Transfer-Encoding", "chunked");
    // HTTP/1.1 persists unless told otherwise; HTTP/1.0 closes unless told otherwise.
    if (options.version == 10 && options.keep_alive) append_header(out, "Connection", "keep-alive");
    if (options.version != 10 && !options.keep_alive) append_header(out, "Connection", "close");
    out.append("\r\n");
}

void append_chunk(std::string& out, std::string_view data, bool last) {
    if (!data.empty()) {
        char size[20];
        const auto result = std::to_chars(size, size + sizeof size, data.size(), 16);
        out.append(size, result.ptr).append("\r\n").append(data).append("\r\n");
    }
    if (last) out.append("0\r\n\r\n");
}

std::string client_address(const std::string& peer, const std::string& trusted_proxy,
                           const HeaderList& headers) {
    if (trusted_proxy.empty() || peer != trusted_proxy) return peer;
    const std::string* forwarded = headers.find("X-Forwarded-For");
    if (!forwarded) return peer;
    const std::size_t comma = forwarded->rfind(',');
    std::string_view last(*forwarded);
    if (comma != std::string::npos) last.remove_prefix(comma + 1);
    while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
    while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
    if (last.empty() || last.size() > 64) return peer;
    return std::string(last);
}

std::string request_id(unsigned int prefix, std::uint64_t sequence) {
    char buffer[48];
    char* end = buffer;
    const auto hex = [&](std::uint64_t value, int min_width) {
        char digits[24];
        const auto result = std::to_chars(digits, digits + sizeof digits, value, 16);
        for (auto width = result.ptr - digits; width < min_width; ++width) *end++ = '0';
        for (const char* d = digits; d != result.ptr; ++d) *end++ = *d;
    };
    hex(prefix, 8);
    *end++ = '-';
    hex(sequence, 1);
    return std::string(buffer, end);
}

std::string format_access_line(const AccessLogLine& line) {
    std::string out;
    out.reserve(160 + line.target.size());
    out.append(log_time(line.time)).append(" ").append(line.request_id).append(" ");
    out.append(line.peer).append(" \"").append(log_safe(line.method, 32)).append(" ");
    out.append(log_safe(line.target)).append("\" ");
    append_number(out, static_cast<std::uint64_t>(line.status));
    out.append(" ");
    append_number(out, line.body_bytes);
    out.append(" ");
    append_number(out,
                  static_cast<std::uint64_t>(std::max<std::int64_t>(0, line.duration.count())));
    out.append("us route=").append(log_safe(line.route, 64));
    if (!line.caller.empty())
        out.append(" caller=\"").append(log_safe(line.caller, 160)).append("\"");
    if (!line.write_error.empty()) {
        out.append(" write_error=\"").append(log_safe(line.write_error, 80)).append("\" sent=");
        append_number(out, line.bytes_sent);
    }
    return out;
}

namespace {

std::string_view trim_ows(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

/// Appends the codings of one Transfer-Encoding line, lower-case; empty list elements are
/// skipped (RFC 9110 §5.6.1). Parameters stay part of the coding, so "chunked;x=1" is not chunked.
void append_codings(std::string_view value, std::vector<std::string>& codings) {
    while (!value.empty()) {
        const std::size_t comma = std::min(value.find(','), value.size());
        const std::string_view coding = trim_ows(value.substr(0, comma));
        if (!coding.empty()) {
            std::string lower(coding);
            for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
            codings.push_back(std::move(lower));
        }
        value.remove_prefix(std::min(comma + 1, value.size()));
    }
}

/// RFC 9112 §3.2 / RFC 3986 §3.2.2: uri-host [":" port] (empty allowed), so a Host naming
/// userinfo, a path or spaces is refused rather than guessed at.
bool is_valid_host(std::string_view host) {
    static constexpr std::string_view allowed = "-._~!$&'()*+,;=%:[]";
    if (host.size() > 255) return false;
    for (const char c : host) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && allowed.find(c) == std::string_view::npos) return false;
    }
    return true;
}

std::string quoted_codings(const std::vector<std::string>& codings) {
    std::string out;
    for (const auto& coding : codings) out += (out.empty() ? "" : ", ") + coding;
    return "'" + log_safe(out, 80) + "'";
}

}  // namespace

std::optional<FramingProblem> request_framing_problem(const HeaderList& headers, unsigned version) {
    std::size_t hosts = 0;
    const std::string* host = nullptr;
    bool has_transfer_encoding = false;
    bool has_content_length = false;
    std::vector<std::string> codings;
    for (const auto& [name, value] : headers.items()) {
        if (HeaderList::equals(name, "Host")) {
            ++hosts;
            host = &value;
        } else if (HeaderList::equals(name, "Content-Length")) {
            has_content_length = true;
        } else if (HeaderList::equals(name, "Transfer-Encoding")) {
            has_transfer_encoding = true;
            append_codings(value, codings);
        }
    }
    if (hosts > 1) return FramingProblem{400, "more than one Host header"};
    if (host && !is_valid_host(*host))
        return FramingProblem{400, "the Host header must be host[:port]"};
    if (!has_transfer_encoding) return std::nullopt;
    if (version < 11)
        return FramingProblem{400, "Transfer-Encoding is not allowed in an HTTP/1.0 request"};
    if (has_content_length)
        return FramingProblem{400, "Transfer-Encoding and Content-Length must not both be sent"};
    if (codings.empty() || codings.back() != "chunked") {
        return FramingProblem{
            400, "the final transfer coding must be chunked, got " + quoted_codings(codings)};
    }
    if (std::count(codings.begin(), codings.end(), "chunked") > 1)
        return FramingProblem{400,
                              "chunked may be applied only once, got " + quoted_codings(codings)};
    if (codings.size() > 1) {
        return FramingProblem{501, "transfer codings other than chunked are not implemented, got " +
                                       quoted_codings(codings)};
    }
    return std::nullopt;
}

const char* short_reason(int status) {
    switch (status) {
        case 413:
            return "payload too large";
        case 414:
            return "URI too long";
        case 431:
            return "request header fields too large";
        case 501:
            return "not implemented";
        default:
            return "bad request";
    }
}

/// Accepts absolute-form targets (RFC 7230 §5.3.2) by dropping scheme and authority; any other
/// target not starting with '/' ("*", garbage) yields "".
std::string origin_form(std::string_view target) {
    if (!target.empty() && target[0] == '/') return std::string(target);
    for (const std::string_view scheme : {"http://", "https://"}) {
        if (target.substr(0, scheme.size()) == scheme) {
            const std::size_t slash = target.find('/', scheme.size());
            return slash == std::string_view::npos ? "/" : std::string(target.substr(slash));
        }
    }
    return {};
}

}  // namespace sna::server::detail
