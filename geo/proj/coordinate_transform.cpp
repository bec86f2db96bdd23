#include "geo/proj/coordinate_transform.hpp"

#include "geo/core/errors.hpp"

#include <proj.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>

namespace sna::geo {

namespace {

struct ContextDeleter {
    void operator()(PJ_CONTEXT* context) const noexcept { proj_context_destroy(context); }
};
struct PjDeleter {
    void operator()(PJ* pj) const noexcept { proj_destroy(pj); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

std::string format_coordinate(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

}  // namespace

struct CoordinateTransform::Impl {
    ContextPtr context;    // declared first so it is destroyed after the PJ made in it
    std::string last_log;  // PROJ's last logged message: often more specific than its errno text
    PjPtr transform;

    static void log(void* user_data, int level, const char* message) {
        if (level <= PJ_LOG_ERROR && message) static_cast<Impl*>(user_data)->last_log = message;
    }

    /// PROJ's reason for the last failure, e.g. "proj_create: crs not found".
    std::string reason(int error_code) const {
        std::string text;
        if (error_code != 0) {
            const char* message = proj_context_errno_string(context.get(), error_code);
            // PROJ_ERR_OTHER's text is "Unknown error (code 4096)": the log says more.
            if (message && std::string_view(message).rfind("Unknown error", 0) != 0) text = message;
        }
        if (!last_log.empty() && last_log != text) text += (text.empty() ? "" : ": ") + last_log;
        return text.empty() ? "unknown PROJ error" : text;
    }

    PjPtr create_crs(const std::string& definition) {
        last_log.clear();
        PjPtr crs(proj_create(context.get(), definition.c_str()));
        if (!crs) {
            throw DataError({}, "unknown CRS '" + definition + "' (" +
                                    reason(proj_context_errno(context.get())) + ")");
        }
        if (!proj_is_crs(crs.get())) {
            throw DataError(
                {}, "unknown CRS '" + definition + "' (it is not a coordinate reference system)");
        }
        return crs;
    }
};

CoordinateTransform::CoordinateTransform(const std::string& from, const std::string& to)
    : m_from(from), m_to(to), m_impl(std::make_unique<Impl>()) {
    m_impl->context.reset(proj_context_create());
    if (!m_impl->context) throw Error("cannot create a PROJ context (out of memory?)");
    PJ_CONTEXT* context = m_impl->context.get();
    // Failures are reported through exceptions, not PROJ's stderr log.
    proj_log_func(context, m_impl.get(), &Impl::log);

    const PjPtr source = m_impl->create_crs(from);
    const PjPtr target = m_impl->create_crs(to);
    m_impl->last_log.clear();
    const PjPtr transform(
        proj_create_crs_to_crs_from_pj(context, source.get(), target.get(), nullptr, nullptr));
    if (!transform) {
        throw DataError({}, "no transformation from '" + from + "' to '" + to + "' (" +
                                m_impl->reason(proj_context_errno(context)) + ")");
    }
    // docs/style.md §7: EPSG:4326 is lat, lon by authority; normalise to lon, lat.
    m_impl->transform.reset(proj_normalize_for_visualization(context, transform.get()));
    if (!m_impl->transform) {
        throw DataError({}, "cannot normalise the axis order from '" + from + "' to '" + to +
                                "' (" + m_impl->reason(proj_context_errno(context)) + ")");
    }
}

CoordinateTransform::~CoordinateTransform() = default;
CoordinateTransform::CoordinateTransform(CoordinateTransform&& other) noexcept = default;
CoordinateTransform& CoordinateTransform::operator=(CoordinateTransform&& other) noexcept = default;

Point CoordinateTransform::forward(Point point) const {
    return transform_one(point, false);
}
Point CoordinateTransform::inverse(Point point) const {
    return transform_one(point, true);
}

std::size_t CoordinateTransform::forward(std::vector<Point>& points) const {
    return transform_many(points, false);
}
std::size_t CoordinateTransform::inverse(std::vector<Point>& points) const {
    return transform_many(points, true);
}

Point CoordinateTransform::transform_one(Point point, bool inverse) const {
    PJ* pj = m_impl->transform.get();
    proj_errno_reset(pj);
    const PJ_COORD out =
        proj_trans(pj, inverse ? PJ_INV : PJ_FWD, proj_coord(point.x, point.y, 0, 0));
    const int error = proj_errno(pj);
    if (error != 0 || !std::isfinite(out.xy.x) || !std::isfinite(out.xy.y)) {
        const std::string& source = inverse ? m_to : m_from;
        const std::string& target = inverse ? m_from : m_to;
        throw DataError({}, "cannot transform (" + format_coordinate(point.x) + ", " +
                                format_coordinate(point.y) + ") from " + source + " to " + target +
                                " (" + m_impl->reason(error) + ")");
    }
    return Point{out.xy.x, out.xy.y};
}

std::size_t CoordinateTransform::transform_many(std::vector<Point>& points, bool inverse) const {
    if (points.empty()) return 0;
    PJ* pj = m_impl->transform.get();
    proj_errno_reset(pj);
    constexpr std::size_t stride = sizeof(Point);
    proj_trans_generic(pj, inverse ? PJ_INV : PJ_FWD, &points.front().x, stride, points.size(),
                       &points.front().y, stride, points.size(), nullptr, 0, 0, nullptr, 0, 0);
    std::size_t failed = 0;
    for (Point& p : points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            p.x = p.y = std::numeric_limits<double>::quiet_NaN();
            ++failed;
        }
    }
    proj_errno_reset(pj);
    return failed;
}

}  // namespace sna::geo
