#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/core/wkb.hpp"
#include "geo/gdal/gdal_source.hpp"
#include "geo/import/build_context.hpp"

namespace sna::geo {

namespace {

DataLocation feature_place(const GdalSource& source, const Feature& feature,
                           const std::string& column) {
    return {source.display_name(), "feature " + feature.fid, column};
}

/// Reads one area: code and name checked, geometry repaired if needed, in EPSG:4326.
Area read_area(BuildContext& ctx, const AreaSetSource& spec, GdalSource& source, Feature& feature,
               std::size_t code_field, std::size_t name_field) {
    Area area;
    area.set_id = spec.set.id;
    area.code = std::string(trim(feature.fields[code_field]));
    area.name = std::string(trim(feature.fields[name_field]));
    if (area.code.empty()) {
        throw DataError(feature_place(source, feature, spec.code_field),
                        "expected an area code, got an empty value");
    }
    if (feature.type == GeometryType::none) {
        throw DataError(feature_place(source, feature, "geometry"),
                        "area '" + area.code + "' has no geometry");
    }
    if (!is_polygonal(feature.type)) {
        throw DataError(feature_place(source, feature, "geometry"),
                        "expected a Polygon or MultiPolygon for area '" + area.code + "', got " +
                            to_string(feature.type));
    }
    if (!source.is_valid(feature)) {
        if (!source.make_valid(feature)) {
            throw DataError(feature_place(source, feature, "geometry"),
                            "invalid geometry for area '" + area.code + "' could not be repaired");
        }
        ++ctx.summary.geometries_repaired;
        ctx.warn("areas", source.display_name(),
                 "feature " + feature.fid + " (" + area.code +
                     "): invalid geometry repaired with MakeValid");
    }
    area.geometry = multipolygon_from_wkb(source.wkb_in(feature, "EPSG:4326"));
    area.area_m2 = source.area_in(feature, ctx.manifest.equal_area_crs);
    return area;
}

void import_area_set(BuildContext& ctx, const AreaSetSource& spec) {
    GdalSource source = GdalSource::open(ctx.resolve(spec.path), spec.path, spec.layer, spec.crs);
    const std::size_t code_field = source.field_index(spec.code_field, "code_field");
    const std::size_t name_field = source.field_index(spec.name_field, "name_field");
    ctx.store.add_area_set(spec.set);
    ctx.progress.start("areas " + spec.set.id, 0);
    Feature feature;
    std::int64_t count = 0;
    while (source.next(feature)) {
        Area area = read_area(ctx, spec, source, feature, code_field, name_field);
        if (!ctx.areas.add(spec.set.id, area.code, area.name, area.geometry)) {
            throw DataError(feature_place(source, feature, spec.code_field),
                            "duplicate area code '" + area.code + "' (each code must appear once)");
        }
        ctx.store.add_area(area);
        ++count;
    }
    if (count == 0)
        throw DataError({spec.path, "", ""}, "the layer has no features; expected areas");
    ctx.summary.areas_per_set.emplace_back(spec.set.id, count);
    ctx.progress.finish(std::to_string(count) + " areas");
}

}  // namespace

void import_areas(BuildContext& ctx) {
    for (const AreaSetSource& spec : ctx.manifest.area_sets) import_area_set(ctx, spec);
    ctx.areas.finish_names();
}

}  // namespace sna::geo
