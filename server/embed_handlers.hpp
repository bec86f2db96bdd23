#pragma once
/// Embedding: the /embed page (same state parameters as the app's permalink) with headers that
/// let other sites frame it, and an oEmbed endpoint so content systems embed by URL.

#include "server/http_message.hpp"
#include "server/query.hpp"
#include "server/services.hpp"

namespace sna::server {

/// GET /embed and /embed/ — web/embed/index.html, framable by config.frame_ancestors.
HttpResponse handle_embed(const HttpRequest& request, const Services& services);

/// GET /oembed?url=…&format=json[&maxwidth=&maxheight=] (oEmbed 1.0, type "rich"): the iframe
/// HTML for a map URL of this server. format=xml → 501 as the spec says; a foreign URL → 404.
HttpResponse handle_oembed(const HttpRequest& request, const Services& services,
                           const Query& query);

}  // namespace sna::server
