#pragma once
/// JSON text written straight into a string, byte for byte as nlohmann::json::dump() (the way
/// json_response writes) would write the same document: for the large per-area parts of the
/// analysis answers (35,000 areas at national size), where building a json tree per request cost
/// more than the analysis itself.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sna::server::json_text {

/// A double as dump() writes it (shortest round-trip digits, "1.0" for whole numbers); "null"
/// when not finite.
void append_number(std::string& out, double value);
void append_integer(std::string& out, std::int64_t value);
/// A small document or value, as json_response writes it (invalid UTF-8 replaced).
void append_json(std::string& out, const nlohmann::json& value);

/// A JSON member: a key (written with append_json) and its value as JSON text.
using RawMember = std::pair<std::string, std::string>;

/// The object with `small`'s members and the `large` ones, keys in the order dump() writes an
/// object's (sorted by bytes). @pre small is an object; no key in both
std::string merge_object(const nlohmann::json& small, std::vector<RawMember> large);

}  // namespace sna::server::json_text
