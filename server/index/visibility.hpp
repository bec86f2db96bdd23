#pragma once
/// What one tier of callers may see (docs/access.md): the database's access rules against a set
/// of groups. The server builds one world per tier through this filter at start-up, so a handler
/// only ever holds data its caller may see; nothing is checked per handler.

#include "geo/core/access.hpp"
#include "geo/core/analyses_spec.hpp"
#include "geo/store/store_reader.hpp"
#include "server/index/reservations.hpp"

#include <set>
#include <string>
#include <vector>

namespace sna::server {

class Visibility {
public:
    /// Everything public only (and everything, for a database without rules).
    Visibility() = default;
    Visibility(geo::AccessRules rules, std::set<std::string> groups);

    const std::set<std::string>& groups() const { return m_groups; }
    /// "public", or the groups joined with '+' ("partner+police"): names the tier in logs,
    /// ETags and cache keys.
    std::string tier() const;

    bool sees_dataset(const std::string& dataset_id) const;
    bool sees(const geo::Indicator& indicator) const;
    bool sees(const geo::StoredPointLayer& layer) const;
    bool sees_attribute(const geo::StoredPointLayer& layer, const std::string& attribute) const;

    /// The point with the attributes this tier may not see removed from its attributes JSON.
    void strip_attributes(const geo::StoredPointLayer& layer, geo::StoredPoint& point) const;
    /// An attributes JSON text as this tier sees it: unchanged when no attribute of the layer
    /// is reserved (or the text is not an object), else without the attributes it may not see.
    std::string visible_attributes(const geo::StoredPointLayer& layer,
                                   const std::string& attributes_json) const;
    /// The analyses without what this tier may not see: preset and headline ids it cannot see
    /// are dropped; the priority-school ranking is withdrawn (nullopt) unless the tier sees its
    /// schools layer and every attribute it reads (a partial ranking would be a different method).
    geo::AnalysesSpec analyses(geo::AnalysesSpec spec,
                               const std::vector<geo::StoredPointLayer>& layers,
                               const std::set<std::string>& visible_indicators) const;

    /// What is reserved, seen and withheld, among every indicator and point layer of the database
    /// and the analyses settings as built (before analyses() filtered them).
    Reservations reservations(const std::vector<geo::Indicator>& indicators,
                              const std::vector<geo::StoredPointLayer>& layers,
                              const geo::AnalysesSpec& spec) const;

private:
    /// The access of the layer's attributes this tier sees, if any is reserved ("" if none).
    std::string reserved_attribute_access(const geo::StoredPointLayer& layer) const;

    geo::AccessRules m_rules;
    std::set<std::string> m_groups;
};

}  // namespace sna::server
