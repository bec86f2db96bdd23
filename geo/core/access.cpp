#include "geo/core/access.hpp"

#include <cctype>

namespace sna::geo {

namespace {

const std::string& rule_or(const std::map<std::string, std::string>& rules, const std::string& id,
                           const std::string& fallback) {
    const auto it = rules.find(id);
    return it == rules.end() ? fallback : it->second;
}

}  // namespace

bool is_valid_access(const std::string& access) {
    if (access.empty() || !std::islower(static_cast<unsigned char>(access.front()))) return false;
    for (const unsigned char c : access)
        if (!std::islower(c) && !std::isdigit(c) && c != '_' && c != '-') return false;
    return true;
}

bool may_see(const std::string& access, const std::set<std::string>& groups) {
    return access == public_access || groups.count(access) > 0;
}

std::string AccessRules::of_dataset(const std::string& dataset_id) const {
    return rule_or(datasets, dataset_id, public_access);
}

std::string AccessRules::of_indicator(const Indicator& indicator) const {
    return rule_or(indicators, indicator.id, of_dataset(indicator.dataset_id));
}

std::string AccessRules::of_point_layer(const std::string& layer_id,
                                        const std::string& dataset_id) const {
    return rule_or(point_layers, layer_id, of_dataset(dataset_id));
}

std::string AccessRules::of_point_attribute(const std::string& layer_id,
                                            const std::string& dataset_id,
                                            const std::string& attribute) const {
    const std::string layer = of_point_layer(layer_id, dataset_id);
    const auto it = point_attributes.find(layer_id);
    return it == point_attributes.end() ? layer : rule_or(it->second, attribute, layer);
}

std::set<std::string> AccessRules::groups() const {
    std::set<std::string> out;
    const auto add = [&](const std::map<std::string, std::string>& rules) {
        for (const auto& [_, access] : rules)
            if (access != public_access) out.insert(access);
    };
    add(datasets);
    add(indicators);
    add(point_layers);
    for (const auto& [_, attributes] : point_attributes) add(attributes);
    return out;
}

}  // namespace sna::geo
