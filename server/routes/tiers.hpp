#pragma once
/// The worlds a server answers from, one per tier (server/index/world.hpp), and the choice of
/// one per caller: the caller's groups that the data's access rules name decide it; groups the
/// data does not name change nothing (docs/access.md).

#include "server/index/services.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace sna::server {

class Tiers {
public:
    /// `data_groups`: every group the database's rules name.
    explicit Tiers(std::set<std::string> data_groups = {});
    /// The services of callers whose relevant groups are exactly `groups`.
    void add(const std::set<std::string>& groups, const Services& services);
    /// The caller's world. @pre add() was called for every subset of the data's groups.
    const Services& for_groups(const std::set<std::string>& caller_groups) const;
    /// The public world (anonymous callers).
    const Services& public_services() const { return for_groups({}); }
    /// Whether any data is reserved: then answers depend on who asks.
    bool tiered() const { return !m_data_groups.empty(); }
    const std::set<std::string>& data_groups() const { return m_data_groups; }

private:
    std::set<std::string> m_data_groups;
    std::map<std::set<std::string>, Services> m_by_groups;
};

/// Every subset of `groups`, the empty set first. @throws geo::InvalidInput for more than
/// `max_groups` groups (each subset is a world in memory).
std::vector<std::set<std::string>> tier_group_sets(const std::set<std::string>& groups,
                                                   std::size_t max_groups = 3);

}  // namespace sna::server
