#pragma once
/// The areas imported so far, per set, kept in memory for joins and code checks during a build.

#include "geo/core/geometry.hpp"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sna::geo {

struct AreaSetIndex {
    std::vector<std::string> codes;
    std::vector<std::string> names;
    std::vector<MultiPolygon> geometries;  ///< EPSG:4326
    std::unordered_map<std::string, std::size_t> by_code;
    std::unordered_map<std::string, std::size_t> by_name;  ///< only names that are unique

    std::optional<std::size_t> find_code(const std::string& code) const;
    std::optional<std::size_t> find_name(const std::string& name) const;
};

class AreaRegistry {
public:
    /// @returns false if the code is already in the set.
    bool add(const std::string& set_id, const std::string& code, const std::string& name,
             MultiPolygon geometry);
    const AreaSetIndex& set(const std::string& set_id) const;
    bool has_set(const std::string& set_id) const { return m_sets.count(set_id) > 0; }
    std::vector<std::string> set_ids() const;
    /// Call once all areas are added: drops names that are not unique from by_name.
    void finish_names();

    /// parent_of[set][code][parent_set] = parent code (from lookups with relation "parent").
    void add_parent(const std::string& set_id, const std::string& code,
                    const std::string& parent_set, const std::string& parent_code);
    std::optional<std::string> parent(const std::string& set_id, const std::string& code,
                                      const std::string& parent_set) const;

private:
    std::map<std::string, AreaSetIndex> m_sets;
    std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> m_parents;
};

}  // namespace sna::geo
