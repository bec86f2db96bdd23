#pragma once
/// Answers from a body kept gzip-compressed in a TileCache (tiles, area profiles): the bytes are
/// compressed and tagged once, when the entry is made, and every later answer is a lookup.

#include "server/http/http_message.hpp"
#include "server/index/tile_cache.hpp"

#include <string>

namespace sna::server {

/// Fills `r` from a non-empty cache entry. Each coding has its own tag (the entry's names the
/// uncompressed bytes; gzip adds "-gzip"), and an If-None-Match holding either variant's tag gets
/// 304. A client that accepts gzip (and `offer_gzip`) gets the cached bytes themselves, shared
/// with the entry (no copy; the entry lives until the response is written); any other client gets
/// them decompressed. Adds ETag, Content-Type and Content-Encoding; the caller adds the rest.
void answer_from_cache(const HttpRequest& request, const TileCache::TilePtr& entry,
                       const std::string& content_type, bool offer_gzip, HttpResponse& r);

}  // namespace sna::server
