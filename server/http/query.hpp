#pragma once
/// Decoded query parameters of one request, with typed, validated accessors.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sna::server {

/// A finite number, or nullopt for empty or non-numeric text (never throws).
std::optional<double> number_or_nullopt(const std::string& text);

class Query {
public:
    Query() = default;
    explicit Query(std::map<std::string, std::string> values) : m_values(std::move(values)) {}

    std::optional<std::string> get(const std::string& key) const {
        const auto it = m_values.find(key);
        if (it == m_values.end()) return std::nullopt;
        return it->second;
    }
    std::string get_or(const std::string& key, const std::string& fallback) const {
        return get(key).value_or(fallback);
    }
    /// A required parameter. @throws geo::InvalidInput naming it.
    std::string require(const std::string& key) const;
    /// A whole number in [low, high]. @throws geo::InvalidInput.
    long long integer(const std::string& key, long long fallback, long long low,
                      long long high) const;
    /// Comma-separated list; empty items dropped.
    std::vector<std::string> list(const std::string& key) const;

private:
    std::map<std::string, std::string> m_values;
};

}  // namespace sna::server
