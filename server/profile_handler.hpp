#pragma once
/// `/api/areas/{code}/profile`: every indicator with confidence intervals, regional and national
/// rank and decile, comparators and their significance (Fingertips rules), and citations.

#include "server/data_index.hpp"
#include "server/http_message.hpp"
#include "server/query.hpp"

namespace sna::server {

HttpResponse handle_area_profile(const DataIndex& data, const std::string& code,
                                 const Query& query);

}  // namespace sna::server
