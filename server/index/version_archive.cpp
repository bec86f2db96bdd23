#include "server/index/version_archive.hpp"

#include <cmath>

namespace sna::server {

namespace {

bool same(const std::optional<double>& a, const std::optional<double>& b) {
    if (!a || !b) return !a && !b;
    return std::abs(*a - *b) <= 1e-9 * std::max({1.0, std::abs(*a), std::abs(*b)});
}

void compare_area(const DataIndex& before, const DataIndex& after, const geo::Indicator& indicator,
                  const std::string& code, std::size_t max_examples, VersionChanges& out) {
    for (const ValueEntry& old : before.series(indicator.id, code)) {
        const std::optional<ValueEntry> now = after.indicator(indicator.id)
                                                  ? after.value(indicator.id, code, old.period)
                                                  : std::nullopt;
        if (!now) {
            ++out.removed;
            continue;
        }
        ++out.compared;
        if (same(old.value, now->value)) continue;
        ++out.changed;
        if (out.examples.size() < max_examples)
            out.examples.push_back({indicator.id, code, old.period, old.value, now->value});
    }
    for (const ValueEntry& now : after.series(indicator.id, code))
        if (!before.value(indicator.id, code, now.period)) ++out.added;
}

}  // namespace

VersionChanges compare_versions(const DataIndex& before, const DataIndex& after,
                                const std::string& code, std::size_t max_examples) {
    VersionChanges out;
    for (const geo::Indicator& indicator : before.indicators()) {
        if (!code.empty()) {
            compare_area(before, after, indicator, code, max_examples, out);
            continue;
        }
        for (const AreaEntry* area : before.areas_in_set(indicator.set_id))
            compare_area(before, after, indicator, area->code, max_examples, out);
    }
    return out;
}

const DataIndex* VersionArchive::find(const std::string& data_version) const {
    for (const auto& v : m_versions)
        if (v->data_version() == data_version) return v.get();
    return nullptr;
}

}  // namespace sna::server
