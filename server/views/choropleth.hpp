#pragma once
/// The colours of one indicator on its geography: the same classes and palette for the style
/// document, static images and reports as the web client computes.

#include "geo/analysis/classification.hpp"
#include "server/index/data_index.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::server {

struct Choropleth {
    const geo::Indicator* indicator = nullptr;
    std::string period;
    geo::Classification classes;
    std::vector<std::string> colours;  ///< one "#rrggbb" per class

    /// The class colour of a value; nullopt for no value.
    std::optional<std::string> colour_of(std::optional<double> value) const;
    /// "12.3 to under 45.6" per class, as the client's legend words them.
    std::vector<std::string> legend_labels() const;
};

/// Classes over the given values (e.g. aggregates on a parent set).
Choropleth make_choropleth_of(std::vector<double> values, const geo::Indicator& indicator,
                              std::string period, int classes, geo::ClassMethod method);

/// Classes over every area of the indicator's set in `period` (the default period when empty).
/// @pre indicator belongs to data
Choropleth make_choropleth(const DataIndex& data, const geo::Indicator& indicator,
                           std::string period, int classes, geo::ClassMethod method);

}  // namespace sna::server
