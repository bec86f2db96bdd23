#include "server/image_handlers.hpp"

#include "geo/core/errors.hpp"
#include "geo/render/map_image.hpp"
#include "server/map_view.hpp"
#include "server/metrics.hpp"
#include "server/responses.hpp"

#include <chrono>
#include <cmath>

namespace sna::server {

HttpResponse handle_map_image(const Query& query, const Services& s, ImageFormat format) {
    if (!s.shapes) throw geo::NotFound("static map images are not enabled on this server");
    const MapView view = parse_map_view(query, s.data);
    if (std::lround(view.width * view.scale) > max_image_pixels ||
        std::lround(view.height * view.scale) > max_image_pixels) {
        return error_response(413, "image too large",
                              "width × scale and height × scale must each be at most " +
                                  std::to_string(max_image_pixels) + " pixels");
    }
    const auto start = std::chrono::steady_clock::now();
    const MapDrawing drawing = draw_map_view(view, s.data, *s.shapes);
    HttpResponse r;
    r.route = format == ImageFormat::png ? "api_map_png" : "api_map_svg";
    r.body = format == ImageFormat::png ? geo::render_png(drawing.scene)
                                        : geo::render_svg(drawing.scene);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    s.metrics.observe("snamap_map_render_seconds", "Time to draw a static map image", seconds);
    r.headers.set("Content-Type", format == ImageFormat::png ? "image/png" : "image/svg+xml");
    r.headers.set("Content-Disposition", std::string("inline; filename=\"snamap-") +
                                             view.indicator_id +
                                             (format == ImageFormat::png ? ".png\"" : ".svg\""));
    r.headers.set("X-Snamap-Data-Version", s.data.data_version());
    return r;
}

}  // namespace sna::server
