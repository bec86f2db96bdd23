#pragma once
/// JSON parsing for hand-edited files: like nlohmann::json::parse, but a key repeated in one
/// object is an error instead of silently keeping the last value.

#include <nlohmann/json.hpp>

#include <string>

namespace sna::geo {

/// Parses `text`.
/// @throws DataError naming `file`: "not valid JSON: … (byte N)", or
/// "area_sets[1]: key 'path' appears twice in the same object (…)".
nlohmann::json parse_strict_json(const std::string& text, const std::string& file);

}  // namespace sna::geo
