#pragma once
/// Embedding: the /embed page (same state parameters as the app's permalink) with headers that
/// let other sites frame it, and an oEmbed endpoint so content systems embed by URL.

#include "server/routes/route_context.hpp"

namespace sna::server {

/// GET /embed and /embed/ — web/embed/index.html, framable by config.frame_ancestors.
HttpResponse handle_embed(const RouteContext& ctx);
/// GET /oembed?url=…&format=json[&maxwidth=&maxheight=] (oEmbed 1.0, type "rich"): the iframe
/// HTML for a map URL of this server. format=xml → 501 as the spec says; a foreign URL → 404.
HttpResponse handle_oembed(const RouteContext& ctx);

}  // namespace sna::server
