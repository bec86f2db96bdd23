#include "server/index/data_lookups.hpp"

#include "geo/core/errors.hpp"

namespace sna::server {

/// Values of one indicator for every area of a set, in the set's order.
std::vector<std::optional<double>> column_of(const DataIndex& data, const std::string& id,
                                             const std::vector<const AreaEntry*>& areas) {
    const std::string period = data.default_period(id);
    std::vector<std::optional<double>> column;
    for (const AreaEntry* a : areas) {
        const std::optional<ValueEntry> v = data.value(id, a->code, period);
        column.push_back(v ? v->value : std::nullopt);
    }
    return column;
}

const geo::Indicator& indicator_on_set(const DataIndex& data, const std::string& id,
                                       const std::string& set) {
    const geo::Indicator* i = data.indicator(id);
    if (!i) throw geo::NotFound("no indicator '" + id + "'");
    if (i->set_id != set) {
        throw geo::InvalidInput("indicator '" + id + "' is published for set '" + i->set_id +
                                "', not '" + set + "'");
    }
    return *i;
}

}  // namespace sna::server
