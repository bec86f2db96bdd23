#include "server/http/query.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <stdexcept>

namespace sna::server {

std::optional<double> number_or_nullopt(const std::string& text) {
    try {
        return geo::parse_number(text);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

std::string Query::require(const std::string& key) const {
    const auto value = get(key);
    if (!value || geo::trim(*value).empty()) {
        throw geo::InvalidInput("query parameter '" + key + "' is required");
    }
    return *value;
}

long long Query::integer(const std::string& key, long long fallback, long long low,
                         long long high) const {
    const auto text = get(key);
    if (!text) return fallback;
    try {
        std::size_t used = 0;
        const long long value = std::stoll(*text, &used);
        if (used == text->size() && value >= low && value <= high) return value;
    } catch (const std::exception&) {
    }
    throw geo::InvalidInput("query parameter '" + key + "' must be a whole number from " +
                            std::to_string(low) + " to " + std::to_string(high) + ", got '" +
                            *text + "'");
}

std::vector<std::string> Query::list(const std::string& key) const {
    std::vector<std::string> out;
    const std::string text = get_or(key, "");
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::string item(geo::trim(
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

}  // namespace sna::server
