#include "server/http/url.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <algorithm>
#include <cctype>

namespace sna::server {

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    // Plain characters are copied a run at a time: most text has no escape at all, and every
    // request's path and query come through here.
    std::string out;
    out.reserve(text.size());
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '%' && c != '\0' && (c != '+' || !plus_is_space)) continue;
        out.append(text, run, i - run);
        if (c == '\0') return std::nullopt;
        if (c == '+') {
            out += ' ';
        } else {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = geo::hex_digit_value(text[i + 1]);
            const int lo = geo::hex_digit_value(text[i + 2]);
            if (hi < 0 || lo < 0 || hi * 16 + lo == 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        run = i + 1;
    }
    out.append(text, run, text.size() - run);
    return out;
}

TargetParts split_target(std::string_view target) {
    const std::size_t hash = target.find('#');
    if (hash != std::string_view::npos) target = target.substr(0, hash);
    const std::size_t mark = target.find('?');
    if (mark == std::string_view::npos) return {target, {}};
    return {target.substr(0, mark), target.substr(mark + 1)};
}

namespace {

/// Decoded text shown in a message: percent-encoded again, so invalid bytes stay visible and the
/// message stays ASCII; long text is cut.
std::string shown_encoded(std::string_view decoded) {
    return geo::excerpt(percent_encode(decoded), 60);
}

}  // namespace

namespace {

/// The raw (still encoded) segments of "/a/b": "/" → one empty segment, "/a/" → "a", "".
std::vector<std::string_view> raw_segments(std::string_view path) {
    std::vector<std::string_view> out;
    out.reserve(static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')));
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

}  // namespace

std::vector<std::string> path_segments(std::string_view path) {
    std::vector<std::string> out;
    const auto raw = raw_segments(path);
    out.reserve(raw.size());
    for (const std::string_view segment : raw) {
        auto decoded = percent_decode(segment);
        if (!decoded) throw geo::InvalidInput("bad percent-encoding in the path");
        if (!geo::is_valid_utf8(*decoded)) {
            throw geo::InvalidInput("path segment " + std::to_string(out.size() + 1) + " ('" +
                                    shown_encoded(*decoded) + "') is not valid UTF-8");
        }
        out.push_back(std::move(*decoded));
    }
    return out;
}

std::vector<std::string_view> path_segment_views(std::string_view path,
                                                 std::vector<std::string>& decoded) {
    const bool plain =
        path.find('%') == std::string_view::npos && path.find('\0') == std::string_view::npos;
    if (plain && geo::is_valid_utf8(path)) return raw_segments(path);
    decoded = path_segments(path);
    return {decoded.begin(), decoded.end()};
}

QueryParams parse_query(std::string_view query) {
    QueryParams out;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (piece.empty()) continue;
        const std::size_t eq = piece.find('=');
        const std::string_view raw_key = piece.substr(0, eq);
        const std::string_view raw_value =
            eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
        auto key = percent_decode(raw_key, true);
        auto value = percent_decode(raw_value, true);
        if (!key || !value) {
            std::string shown(piece.substr(0, 80));
            throw geo::InvalidInput("query string: bad percent-encoding in '" + shown + "'");
        }
        if (!geo::is_valid_utf8(*key)) {
            throw geo::InvalidInput("query string: the parameter name '" + shown_encoded(*key) +
                                    "' is not valid UTF-8");
        }
        if (!geo::is_valid_utf8(*value)) {
            throw geo::InvalidInput("query parameter '" + geo::excerpt(*key, 60) +
                                    "' is not valid UTF-8: '" + shown_encoded(*value) + "'");
        }
        out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

std::optional<std::string> query_param(const QueryParams& params, std::string_view key) {
    for (const auto& [k, v] : params) {
        if (k == key) return v;
    }
    return std::nullopt;
}

std::string percent_encode(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace sna::server
