#include "server/routes/images.hpp"

#include "geo/core/errors.hpp"
#include "geo/render/map_image.hpp"
#include "server/http/metrics.hpp"
#include "server/http/responses.hpp"
#include "server/routes/catchments.hpp"
#include "server/views/map_view.hpp"

#include <chrono>
#include <cmath>

namespace sna::server {

namespace {

enum class ImageFormat { png, svg };

/// The query's view, framed on and outlining `catchment=` when given (400 malformed, 404
/// unknown).
MapView catchment_map_view(const RouteContext& ctx) {
    MapView view = parse_map_view(ctx.query, ctx.services.data);
    if (const auto id = ctx.query.get("catchment")) {
        const auto stored = find_catchment(ctx.services, *id);
        view.catchment = std::shared_ptr<const geo::MultiPolygon>(stored, &stored->shape);
        view.catchment_id = stored->id;
    }
    return view;
}

HttpResponse map_image(const RouteContext& ctx, ImageFormat format) {
    const Services& s = ctx.services;
    if (!s.shapes) throw geo::NotFound("static map images are not enabled on this server");
    const MapView view = catchment_map_view(ctx);
    if (std::lround(view.width * view.scale) > max_image_pixels ||
        std::lround(view.height * view.scale) > max_image_pixels) {
        return error_response(413, "image too large",
                              "width × scale and height × scale must each be at most " +
                                  std::to_string(max_image_pixels) + " pixels");
    }
    const auto start = std::chrono::steady_clock::now();
    const MapDrawing drawing = draw_map_view(view, s.data, *s.shapes);
    ctx.check_alive();  // between the two long steps: drawing the scene and encoding it
    HttpResponse r;
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

}  // namespace

HttpResponse handle_map_png(const RouteContext& ctx) {
    return map_image(ctx, ImageFormat::png);
}

HttpResponse handle_map_svg(const RouteContext& ctx) {
    return map_image(ctx, ImageFormat::svg);
}

}  // namespace sna::server
