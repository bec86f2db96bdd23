#include "geo/core/wkb.hpp"

#include "geo/core/errors.hpp"

#include <cstdint>
#include <cstring>

namespace sna::geo {

namespace {

constexpr std::uint32_t wkb_point = 1;
constexpr std::uint32_t wkb_polygon = 3;
constexpr std::uint32_t wkb_multipolygon = 6;

class WkbWriter {
public:
    void header(std::uint32_t type) {
        m_out.push_back('\x01');
        u32(type);
    }
    void u32(std::uint32_t v) { append(&v, sizeof v); }
    void f64(double v) { append(&v, sizeof v); }
    void polygon(const Polygon& polygon) {
        header(wkb_polygon);
        u32(static_cast<std::uint32_t>(polygon.rings.size()));
        for (const auto& ring : polygon.rings) {
            const bool closed = !ring.empty() && ring.front() == ring.back();
            u32(static_cast<std::uint32_t>(ring.size() + (closed || ring.empty() ? 0 : 1)));
            for (const auto& p : ring) point(p);
            if (!closed && !ring.empty()) point(ring.front());
        }
    }
    void point(const Point& p) {
        f64(p.x);
        f64(p.y);
    }
    std::string take() { return std::move(m_out); }

private:
    void append(const void* data, std::size_t size) {
        m_out.append(static_cast<const char*>(data), size);
    }
    std::string m_out;
};

class WkbReader {
public:
    explicit WkbReader(std::string_view data) : m_data(data) {}

    std::uint32_t header() {
        const auto order = static_cast<unsigned char>(byte());
        if (order > 1) fail("bad byte order marker");
        m_swap = (order == 0);
        const std::uint32_t type = u32();
        m_dims = 2 + ((type / 1000) % 10 == 1 || (type / 1000) % 10 == 2 ? 1u : 0u) +
                 ((type / 1000) % 10 == 3 ? 2u : 0u);
        return type % 1000;
    }
    Polygon polygon() {
        Polygon polygon;
        const std::uint32_t rings = u32();
        for (std::uint32_t r = 0; r < rings; ++r) {
            Ring ring;
            const std::uint32_t points = u32();
            if (points > m_data.size()) fail("ring length beyond the end");
            ring.reserve(points);
            for (std::uint32_t i = 0; i < points; ++i) ring.push_back(point());
            if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
            polygon.rings.push_back(std::move(ring));
        }
        return polygon;
    }
    Point point() {
        Point p{f64(), f64()};
        for (std::uint32_t extra = 2; extra < m_dims; ++extra) f64();
        return p;
    }
    std::uint32_t u32() {
        std::uint32_t v;
        read(&v, sizeof v);
        if (m_swap) v = __builtin_bswap32(v);
        return v;
    }

private:
    char byte() {
        char c;
        read(&c, 1);
        return c;
    }
    double f64() {
        std::uint64_t bits;
        read(&bits, sizeof bits);
        if (m_swap) bits = __builtin_bswap64(bits);
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    void read(void* out, std::size_t size) {
        if (m_pos + size > m_data.size()) fail("truncated");
        std::memcpy(out, m_data.data() + m_pos, size);
        m_pos += size;
    }
    [[noreturn]] static void fail(const std::string& why) {
        throw DataError({}, "invalid WKB geometry: " + why);
    }

    std::string_view m_data;
    std::size_t m_pos = 0;
    bool m_swap = false;
    std::uint32_t m_dims = 2;
};

}  // namespace

std::string to_wkb(const MultiPolygon& multi) {
    WkbWriter writer;
    writer.header(wkb_multipolygon);
    writer.u32(static_cast<std::uint32_t>(multi.polygons.size()));
    for (const auto& polygon : multi.polygons) writer.polygon(polygon);
    return writer.take();
}

std::string to_wkb(const Point& point) {
    WkbWriter writer;
    writer.header(wkb_point);
    writer.point(point);
    return writer.take();
}

MultiPolygon multipolygon_from_wkb(std::string_view wkb) {
    WkbReader reader(wkb);
    const std::uint32_t type = reader.header();
    MultiPolygon multi;
    if (type == wkb_polygon) {
        multi.polygons.push_back(reader.polygon());
    } else if (type == wkb_multipolygon) {
        const std::uint32_t count = reader.u32();
        for (std::uint32_t i = 0; i < count; ++i) {
            if (reader.header() != wkb_polygon)
                throw DataError({}, "invalid WKB: expected polygon");
            multi.polygons.push_back(reader.polygon());
        }
    } else {
        throw DataError({},
                        "expected a Polygon or MultiPolygon, got WKB type " + std::to_string(type));
    }
    return multi;
}

Point point_from_wkb(std::string_view wkb) {
    WkbReader reader(wkb);
    const std::uint32_t type = reader.header();
    if (type != wkb_point) {
        throw DataError({}, "expected a Point, got WKB type " + std::to_string(type));
    }
    return reader.point();
}

}  // namespace sna::geo
