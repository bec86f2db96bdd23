#pragma once
/// XLSX download of indicator values: a Data sheet (the CSV's rows with numbers as numbers), an
/// Indicators sheet (definitions) and a Sources sheet (citations, licences, data version).

#include "server/http/query.hpp"
#include "server/index/data_index.hpp"

#include <string>

namespace sna::server {

/// The same query as export_csv(). @throws geo::InvalidInput / geo::NotFound.
std::string export_xlsx(const DataIndex& data, const Query& query);

}  // namespace sna::server
