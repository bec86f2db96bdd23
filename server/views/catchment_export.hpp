#pragma once
/// Downloads of a catchment (/api/export.csv?catchment=ID, /api/export.xlsx?catchment=ID): one
/// row per apportioned indicator of its profile document (catchment_profile.hpp), with the 95 %
/// interval, numerator and denominator, the Fingertips judgements against each borough it
/// touches, the region and England, the apportionment method, and each row's dataset, licence
/// and attribution as the area exports carry them.

#include "server/index/catchments.hpp"
#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace sna::server {

/// The CSV (UTF-8 with a byte-order mark, CRLF lines). `profile` is catchment_profile_json()
/// of `catchment`.
std::string catchment_csv(const DataIndex& data, const StoredCatchment& catchment,
                          const nlohmann::json& profile);

/// The workbook: Data (the CSV's rows, numbers as numbers), Small areas (the constituents and
/// their weights), Method (apportionment and caveats) and Sources (citations, licences).
std::string catchment_xlsx(const DataIndex& data, const StoredCatchment& catchment,
                           const nlohmann::json& profile);

}  // namespace sna::server
