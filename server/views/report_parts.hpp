#pragma once
/// The pieces an evidence pack is made of, shared by the packs of areas (area_report.cpp) and of
/// catchments (catchment_report.cpp), so both read and cite alike.

#include "server/views/area_report.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace sna::server {

/// The pack's headline risk factors, in the manifest's order (`analyses.report.headline`, else
/// the composite preset); those the area has are shown.
const std::vector<std::string>& headline_ids(const DataIndex& data);

/// One indicator of a profile document (area or catchment) as a pack row: value, interval, rank
/// among `peers`, and the comparisons in Fingertips words (each borough of a catchment, else
/// the area's borough; then the region and England).
ReportRow report_row(const nlohmann::json& entry, const geo::Indicator& indicator,
                     const std::string& peers);

/// Where to look for schools and services: within `metres` of the shape (0: inside it only;
/// services within twice that), at most `limit` of each.
struct PlaceSearch {
    double metres = 1000;
    std::size_t limit = 12;
    std::string schools_note;  ///< the first sentence of the schools' note
};

/// Schools inside or near `shape` (Web Mercator), with their priority rank; sets `note`.
std::vector<ReportPlace> nearby_schools(const Services& services, const geo::MultiPolygon& shape,
                                        const PlaceSearch& search, std::string& note);
/// Points of `layers` (those the caller's tier has) within `metres` of `shape` (Web Mercator),
/// nearest first per layer, at most `limit` in all.
std::vector<ReportPlace> nearby_points(const Services& services,
                                       const std::vector<std::string>& layers,
                                       const geo::MultiPolygon& shape, double metres,
                                       std::size_t limit);
/// Services inside or near `shape` (Web Mercator).
std::vector<ReportPlace> nearby_services(const Services& services, const geo::MultiPolygon& shape,
                                         const PlaceSearch& search);

/// The pack's map (900 × 560, no title) of an indicator on its own set; the caller frames it.
MapView pack_map(const DataIndex& data, const std::string& indicator_id);

/// The pack's summary in plain English: what the area is, then its headline judgements.
std::vector<std::string> summary_of(const AreaReport& report);

/// The notice of a pack that shows reserved figures, schools or services ("" when all public).
std::string reserved_note_of(const Services& services, const AreaReport& report);

/// The datasets of everything a pack shows — its indicator rows, the trend, the schools and
/// services layers, the gaps section's layer and need indicators — in order of first use,
/// each once: what its citations must name.
std::vector<std::string> pack_dataset_ids(const Services& services, const AreaReport& report);

}  // namespace sna::server
