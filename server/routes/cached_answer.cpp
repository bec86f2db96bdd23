#include "server/routes/cached_answer.hpp"

#include "geo/tiles/gzip.hpp"
#include "server/http/content_encoding.hpp"

namespace sna::server {

void answer_from_cache(const HttpRequest& request, const TileCache::TilePtr& entry,
                       const std::string& content_type, bool offer_gzip, HttpResponse& r) {
    const ContentCoding coding = offer_gzip ? choose_coding(request.headers.find("Accept-Encoding"))
                                            : ContentCoding::identity;
    if (auto held = matched_variant_etag(request.headers.find("If-None-Match"), entry->etag, coding,
                                         offer_gzip)) {
        r.headers.add("ETag", std::move(*held));
        r.status = 304;
        return;
    }
    r.headers.add("ETag", variant_etag(entry->etag, coding));
    r.headers.add("Content-Type", content_type);
    if (coding == ContentCoding::gzip) {
        r.headers.add("Content-Encoding", "gzip");
        // Aliasing constructor: the response holds the entry, not a copy of its bytes.
        r.shared_body = std::shared_ptr<const std::string>(entry, &entry->gzip);
    } else {
        r.body = geo::gzip_decompress(entry->gzip);
    }
}

}  // namespace sna::server
