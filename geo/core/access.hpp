#pragma once
/// Who may see what (docs/access.md): a dataset, indicator, point layer or point attribute is
/// "public" or reserved to a named group ("partner", "police", …). Rules come from the build
/// manifest and are stored in the database; the server builds one filtered world per set of
/// groups, so a handler never sees what its caller may not.

#include "geo/core/model.hpp"

#include <map>
#include <set>
#include <string>

namespace sna::geo {

inline const std::string public_access = "public";

/// "public" or a group name: lower-case letters, digits, '_' and '-', starting with a letter.
bool is_valid_access(const std::string& access);

/// Whether a caller in `groups` may see something with this access.
bool may_see(const std::string& access, const std::set<std::string>& groups);

/// The non-public rules of a database; anything not named is public, or inherits: an indicator
/// or point layer its dataset's rule, a point attribute its layer's.
struct AccessRules {
    std::map<std::string, std::string> datasets;      ///< dataset id → group
    std::map<std::string, std::string> indicators;    ///< indicator id → access (overrides)
    std::map<std::string, std::string> point_layers;  ///< layer id → access (overrides)
    /// layer id → attribute → access (overrides the layer's)
    std::map<std::string, std::map<std::string, std::string>> point_attributes;

    std::string of_dataset(const std::string& dataset_id) const;
    std::string of_indicator(const Indicator& indicator) const;
    std::string of_point_layer(const std::string& layer_id, const std::string& dataset_id) const;
    std::string of_point_attribute(const std::string& layer_id, const std::string& dataset_id,
                                   const std::string& attribute) const;
    /// Every group any rule names, sorted.
    std::set<std::string> groups() const;
    bool empty() const {
        return datasets.empty() && indicators.empty() && point_layers.empty() &&
               point_attributes.empty();
    }
};

}  // namespace sna::geo
