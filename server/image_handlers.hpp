#pragma once
/// /api/map.png and /api/map.svg: static choropleth maps drawn on the server with cairo.

#include "server/http_message.hpp"
#include "server/query.hpp"
#include "server/services.hpp"

namespace sna::server {

enum class ImageFormat { png, svg };

/// @throws InvalidInput / NotFound for bad parameters; answers 413 for images over the size cap.
HttpResponse handle_map_image(const Query& query, const Services& services, ImageFormat format);

}  // namespace sna::server
