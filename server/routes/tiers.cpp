#include "server/routes/tiers.hpp"

#include "geo/core/errors.hpp"

#include <algorithm>
#include <iterator>

namespace sna::server {

Tiers::Tiers(std::set<std::string> data_groups) : m_data_groups(std::move(data_groups)) {}

void Tiers::add(const std::set<std::string>& groups, const Services& services) {
    m_by_groups.erase(groups);
    m_by_groups.emplace(groups, services);
}

const Services& Tiers::for_groups(const std::set<std::string>& caller_groups) const {
    std::set<std::string> relevant;
    std::set_intersection(caller_groups.begin(), caller_groups.end(), m_data_groups.begin(),
                          m_data_groups.end(), std::inserter(relevant, relevant.end()));
    return m_by_groups.at(relevant);
}

std::vector<std::set<std::string>> tier_group_sets(const std::set<std::string>& groups,
                                                   std::size_t max_groups) {
    if (groups.size() > max_groups)
        throw geo::InvalidInput("the data names " + std::to_string(groups.size()) +
                                " access groups; at most " + std::to_string(max_groups) +
                                " are served (one world in memory per combination)");
    const std::vector<std::string> list(groups.begin(), groups.end());
    std::vector<std::set<std::string>> out;
    for (std::size_t mask = 0; mask < (std::size_t{1} << list.size()); ++mask) {
        std::set<std::string> subset;
        for (std::size_t i = 0; i < list.size(); ++i)
            if (mask & (std::size_t{1} << i)) subset.insert(list[i]);
        out.push_back(std::move(subset));
    }
    return out;
}

}  // namespace sna::server
