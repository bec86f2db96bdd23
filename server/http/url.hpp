#pragma once
/// Request-target helpers: percent-decoding, path/query split, query parameters (RFC 3986).

#include "server/http/http_message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sna::server {

/// Decodes %XX escapes; with `plus_is_space`, '+' becomes ' ' (form encoding, for queries).
/// Returns nullopt for a malformed escape ("%4", "%zz") or a NUL byte (raw or %00).
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

/// A request target split at the first '?'; both parts still percent-encoded.
struct TargetParts {
    std::string_view path;   ///< "/tiles/1/2/3.mvt"
    std::string_view query;  ///< "a=1&b=2" (without '?'), empty when absent
};

/// Percent-encodes everything but RFC 3986 unreserved characters (A–Z a–z 0–9 - _ . ~).
std::string percent_encode(std::string_view text);

/// Splits "path?query"; a '#' fragment (never sent by browsers) is dropped.
TargetParts split_target(std::string_view target);

/// Splits "/a/b/c" into percent-decoded segments ("/" → one empty segment, "/a/" → "a", "").
/// @throws sna::geo::InvalidInput on bad percent-encoding, or a segment that is not valid UTF-8
/// (overlongs and surrogates included), naming the segment.
std::vector<std::string> path_segments(std::string_view path);

/// The same segments as views: into `path` itself when it has nothing to decode (no '%'), the
/// common case, which allocates no string; otherwise into `decoded`, which path_segments fills.
/// @throws sna::geo::InvalidInput as path_segments does.
std::vector<std::string_view> path_segment_views(std::string_view path,
                                                 std::vector<std::string>& decoded);

/// Decoded query parameters in request order; repeated keys are kept.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Parses "a=1&b=x+y&c" → {a:"1"}, {b:"x y"}, {c:""}; empty pieces ("a=1&&b=2") are skipped.
/// @throws sna::geo::InvalidInput on bad percent-encoding, or a name or value that is not valid
/// UTF-8 (overlongs and surrogates included), naming the parameter (the router answers 400).
QueryParams parse_query(std::string_view query);

/// The first value of `key`, or nullopt when the key is absent.
std::optional<std::string> query_param(const QueryParams& params, std::string_view key);

}  // namespace sna::server
