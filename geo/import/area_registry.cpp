#include "geo/import/area_registry.hpp"

#include "geo/core/errors.hpp"

namespace sna::geo {

std::optional<std::size_t> AreaSetIndex::find_code(const std::string& code) const {
    const auto it = by_code.find(code);
    if (it == by_code.end()) return std::nullopt;
    return it->second;
}

std::optional<std::size_t> AreaSetIndex::find_name(const std::string& name) const {
    const auto it = by_name.find(name);
    if (it == by_name.end()) return std::nullopt;
    return it->second;
}

bool AreaRegistry::add(const std::string& set_id, const std::string& code, const std::string& name,
                       MultiPolygon geometry) {
    AreaSetIndex& s = m_sets[set_id];
    if (!s.by_code.emplace(code, s.codes.size()).second) return false;
    s.codes.push_back(code);
    s.names.push_back(name);
    s.geometries.push_back(std::move(geometry));
    return true;
}

const AreaSetIndex& AreaRegistry::set(const std::string& set_id) const {
    const auto it = m_sets.find(set_id);
    if (it == m_sets.end()) throw NotFound("area set '" + set_id + "' has not been imported");
    return it->second;
}

std::vector<std::string> AreaRegistry::set_ids() const {
    std::vector<std::string> ids;
    for (const auto& [id, _] : m_sets) ids.push_back(id);
    return ids;
}

void AreaRegistry::finish_names() {
    for (auto& [_, s] : m_sets) {
        std::unordered_map<std::string, int> counts;
        for (const auto& name : s.names) ++counts[name];
        s.by_name.clear();
        for (std::size_t i = 0; i < s.names.size(); ++i) {
            if (counts[s.names[i]] == 1) s.by_name.emplace(s.names[i], i);
        }
    }
}

void AreaRegistry::add_parent(const std::string& set_id, const std::string& code,
                              const std::string& parent_set, const std::string& parent_code) {
    m_parents[set_id][code][parent_set] = parent_code;
}

std::optional<std::string> AreaRegistry::parent(const std::string& set_id, const std::string& code,
                                                const std::string& parent_set) const {
    const auto s = m_parents.find(set_id);
    if (s == m_parents.end()) return std::nullopt;
    const auto c = s->second.find(code);
    if (c == s->second.end()) return std::nullopt;
    const auto p = c->second.find(parent_set);
    if (p == c->second.end()) return std::nullopt;
    return p->second;
}

}  // namespace sna::geo
