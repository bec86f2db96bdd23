#pragma once
/// Citation and attribution text for people: map footers, reports and spreadsheets.

#include "server/index/data_index.hpp"

#include <set>
#include <string>
#include <vector>

namespace sna::server {

/// The licences' attribution statements of the datasets, each once, in order.
std::string attribution_of(const DataIndex& data, const std::vector<std::string>& dataset_ids);

/// "Publisher, Title (period). Licence." — the dataset id alone when it is unknown.
std::string citation_text(const DataIndex& data, const std::string& dataset_id);

/// The dataset the boundaries of an area set came from ("" when unknown).
std::string boundary_dataset(const DataIndex& data, const std::string& set_id);

/// Datasets behind an indicator shown on a set: the values' dataset, then the boundaries'.
std::vector<std::string> datasets_for_map(const DataIndex& data, const geo::Indicator& indicator,
                                          const std::string& set_id);

/// What a document made from reserved data says on its face: "Includes partner-only data — not
/// for publication." ("data reserved to 'police'" for other groups); "" when `groups` is empty.
std::string reserved_notice(const std::set<std::string>& groups);

}  // namespace sna::server
