#include "server/index/visibility.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sna::server {

namespace {

void keep_visible(std::vector<std::string>& ids, const std::set<std::string>& visible) {
    ids.erase(std::remove_if(ids.begin(), ids.end(),
                             [&](const std::string& id) { return !visible.count(id); }),
              ids.end());
}

}  // namespace

Visibility::Visibility(geo::AccessRules rules, std::set<std::string> groups)
    : m_rules(std::move(rules)), m_groups(std::move(groups)) {}

std::string Visibility::tier() const {
    std::string out;
    for (const auto& g : m_groups) out += (out.empty() ? "" : "+") + g;
    return out.empty() ? geo::public_access : out;
}

bool Visibility::sees_dataset(const std::string& dataset_id) const {
    return geo::may_see(m_rules.of_dataset(dataset_id), m_groups);
}

bool Visibility::sees(const geo::Indicator& indicator) const {
    return geo::may_see(m_rules.of_indicator(indicator), m_groups);
}

bool Visibility::sees(const geo::StoredPointLayer& layer) const {
    return geo::may_see(m_rules.of_point_layer(layer.id, layer.dataset_id), m_groups);
}

bool Visibility::sees_attribute(const geo::StoredPointLayer& layer,
                                const std::string& attribute) const {
    return geo::may_see(m_rules.of_point_attribute(layer.id, layer.dataset_id, attribute),
                        m_groups);
}

void Visibility::strip_attributes(const geo::StoredPointLayer& layer,
                                  geo::StoredPoint& point) const {
    point.record.attributes_json = visible_attributes(layer, point.record.attributes_json);
}

std::string Visibility::visible_attributes(const geo::StoredPointLayer& layer,
                                           const std::string& attributes_json) const {
    if (!m_rules.point_attributes.count(layer.id)) return attributes_json;
    auto attributes = nlohmann::json::parse(attributes_json, nullptr, false);
    if (!attributes.is_object()) return attributes_json;
    for (auto it = attributes.begin(); it != attributes.end();) {
        it = sees_attribute(layer, it.key()) ? std::next(it) : attributes.erase(it);
    }
    return attributes.dump();
}

geo::AnalysesSpec Visibility::analyses(geo::AnalysesSpec spec,
                                       const std::vector<geo::StoredPointLayer>& layers,
                                       const std::set<std::string>& visible_indicators) const {
    keep_visible(spec.composite_preset, visible_indicators);
    keep_visible(spec.report.headline, visible_indicators);
    if (!visible_indicators.count(spec.report.trend)) spec.report.trend.clear();
    for (auto it = spec.service_reach.begin(); it != spec.service_reach.end();) {
        const auto layer = std::find_if(layers.begin(), layers.end(),
                                        [&](const auto& l) { return l.id == it->first; });
        it = layer != layers.end() && sees(*layer) ? std::next(it) : spec.service_reach.erase(it);
    }
    if (!spec.priority_schools) return spec;
    const auto& p = *spec.priority_schools;
    const auto layer = std::find_if(layers.begin(), layers.end(),
                                    [&](const auto& l) { return l.id == p.schools; });
    bool complete = layer != layers.end() && sees(*layer) && sees_attribute(*layer, p.pupils);
    for (const auto& rate : p.school_rates)
        complete = complete && layer != layers.end() && sees_attribute(*layer, rate.count);
    for (const auto& s : p.surroundings)
        complete = complete && visible_indicators.count(s.indicator) > 0;
    if (!complete) spec.priority_schools.reset();
    return spec;
}

std::string Visibility::reserved_attribute_access(const geo::StoredPointLayer& layer) const {
    const auto rules = m_rules.point_attributes.find(layer.id);
    if (rules == m_rules.point_attributes.end()) return "";
    for (const auto& [attribute, access] : rules->second)
        if (access != geo::public_access && sees_attribute(layer, attribute)) return access;
    return "";
}

Reservations Visibility::reservations(const std::vector<geo::Indicator>& indicators,
                                      const std::vector<geo::StoredPointLayer>& layers,
                                      const geo::AnalysesSpec& spec) const {
    Reservations r;
    for (const auto& i : indicators) {
        const std::string access = m_rules.of_indicator(i);
        if (access == geo::public_access) continue;
        (sees(i) ? r.seen_indicators : r.withheld_indicators)[i.id] = access;
    }
    for (const auto& l : layers) {
        const std::string access = m_rules.of_point_layer(l.id, l.dataset_id);
        if (!sees(l)) {
            r.withheld_layers[l.id] = access;
            if (l.kind == "service") r.withheld_services.insert(access);
        } else if (access != geo::public_access) {
            r.seen_layers[l.id] = access;
        } else if (const std::string a = reserved_attribute_access(l); !a.empty()) {
            r.seen_layers[l.id] = a;
        }
    }
    if (!spec.priority_schools) return r;
    const auto& p = *spec.priority_schools;
    const auto note = [&](const std::string& access, bool seen) {
        if (access != geo::public_access) r.priority_schools.insert(access);
        r.priority_schools_withheld = r.priority_schools_withheld || !seen;
    };
    for (const auto& s : p.surroundings) {
        const auto i = std::find_if(indicators.begin(), indicators.end(),
                                    [&](const auto& x) { return x.id == s.indicator; });
        if (i != indicators.end()) note(m_rules.of_indicator(*i), sees(*i));
    }
    const auto l = std::find_if(layers.begin(), layers.end(),
                                [&](const auto& x) { return x.id == p.schools; });
    if (l == layers.end()) return r;
    note(m_rules.of_point_layer(l->id, l->dataset_id), sees(*l));
    std::vector<std::string> attributes{p.pupils};
    for (const auto& rate : p.school_rates) attributes.push_back(rate.count);
    for (const auto& a : attributes)
        note(m_rules.of_point_attribute(l->id, l->dataset_id, a),
             sees(*l) && sees_attribute(*l, a));
    return r;
}

}  // namespace sna::server
