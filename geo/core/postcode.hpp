#pragma once
/// UK postcodes as the ONS Postcode Directory writes them (`pcds`: the outward code, one space,
/// the inward code, e.g. "B19 1AA"), recognised in whatever spacing and case people type.
/// Format: Royal Mail's — outward A9, A99, A9A, AA9, AA99 or AA9A; inward 9AA.

#include <optional>
#include <string>
#include <string_view>

namespace sna::geo {

/// "b191aa", " B19  1AA " → "B19 1AA"; nullopt when the text is not a full postcode.
std::optional<std::string> normalise_postcode(std::string_view text);

/// "b19", " B19 " → "B19"; nullopt when the text is not a postcode district (outward code).
std::optional<std::string> normalise_postcode_district(std::string_view text);

/// The district (outward code) of a normalised postcode: "B19 1AA" → "B19".
std::string postcode_district(const std::string& postcode);

/// The text upper-cased with spaces removed ("b19 1a" → "B191A"): how partial postcodes are
/// compared while someone types.
std::string compact_postcode(std::string_view text);

}  // namespace sna::geo
