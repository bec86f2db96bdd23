#include "server/views/citations.hpp"

namespace sna::server {

std::string attribution_of(const DataIndex& data, const std::vector<std::string>& dataset_ids) {
    std::string text;
    for (const auto& id : dataset_ids) {
        const geo::Dataset* d = data.dataset(id);
        if (d && !d->attribution.empty() && text.find(d->attribution) == std::string::npos)
            text += (text.empty() ? "" : " ") + d->attribution;
    }
    return text;
}

std::string citation_text(const DataIndex& data, const std::string& dataset_id) {
    const geo::Dataset* d = data.dataset(dataset_id);
    if (!d) return dataset_id;
    std::string text = d->publisher.empty() ? d->title : d->publisher + ", " + d->title;
    if (!d->period.empty()) text += " (" + d->period + ")";
    text += ".";
    if (!d->licence.empty()) text += " " + d->licence + ".";
    return text;
}

std::string boundary_dataset(const DataIndex& data, const std::string& set_id) {
    for (const auto& [set, count] : data.area_sets())
        if (set.id == set_id) return set.dataset_id;
    return "";
}

std::vector<std::string> datasets_for_map(const DataIndex& data, const geo::Indicator& indicator,
                                          const std::string& set_id) {
    std::vector<std::string> ids{indicator.dataset_id};
    const std::string boundaries = boundary_dataset(data, set_id);
    if (!boundaries.empty() && boundaries != indicator.dataset_id) ids.push_back(boundaries);
    return ids;
}

std::string reserved_notice(const std::set<std::string>& groups) {
    if (groups.empty()) return "";
    std::string names;
    for (const auto& g : groups) names += (names.empty() ? "'" : ", '") + g + "'";
    const std::string what = groups == std::set<std::string>{"partner"}
                                 ? "partner-only data"
                                 : "data reserved to " + names;
    return "Includes " + what + " \u2014 not for publication.";
}

}  // namespace sna::server
