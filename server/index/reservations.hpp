#pragma once
/// What is reserved to groups, as one tier sees it (visibility.hpp builds it).

#include <map>
#include <set>
#include <string>
#include <vector>

namespace sna::server {

/// The reserved (not public) things of a database as one tier sees them, each by id with the
/// access it needs: those the tier sees, so that documents made from them say they include
/// reserved data, and those it does not, so that a caller who names one (an embed URL) is told it
/// is reserved rather than that it does not exist (docs/access.md). Ids only: never a title or a
/// value of anything withheld.
struct Reservations {
    std::map<std::string, std::string> seen_indicators;
    std::map<std::string, std::string> seen_layers;  ///< the layer, or attributes of it
    std::map<std::string, std::string> withheld_indicators;
    std::map<std::string, std::string> withheld_layers;
    /// Access levels of the service layers (kind "service") the tier does not see: a gap analysis
    /// asked for without naming a layer is refused with these groups, naming no layer.
    std::set<std::string> withheld_services;
    /// Access levels the priority-school ranking's inputs need (empty: all public).
    std::set<std::string> priority_schools;
    bool priority_schools_withheld = false;

    /// Whether the tier sees anything reserved.
    bool any_seen() const { return !seen_indicators.empty() || !seen_layers.empty(); }
    /// The access levels of the reserved indicators and layers among these ids (a document's
    /// contents): empty when they are all public.
    std::set<std::string> seen_among(const std::vector<std::string>& indicator_ids,
                                     const std::vector<std::string>& layer_ids = {}) const {
        std::set<std::string> out;
        for (const auto& id : indicator_ids)
            if (const auto it = seen_indicators.find(id); it != seen_indicators.end())
                out.insert(it->second);
        for (const auto& id : layer_ids)
            if (const auto it = seen_layers.find(id); it != seen_layers.end())
                out.insert(it->second);
        return out;
    }
};

}  // namespace sna::server
