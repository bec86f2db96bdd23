#include "geo/analysis/hotspots.hpp"

#include "geo/analysis/rates.hpp"

#include <cassert>
#include <cmath>

namespace sna::geo {

namespace {

bool is_present(const std::optional<double>& value) {
    return value && std::isfinite(*value);
}

}  // namespace

std::vector<std::optional<GiStar>> gi_star(const std::vector<std::optional<double>>& values,
                                           const Neighbours& neighbours) {
    assert(neighbours.size() == values.size());
    std::vector<std::optional<GiStar>> result(values.size());
    double sum = 0;
    std::size_t count = 0;
    for (const auto& v : values) {
        if (is_present(v)) {
            sum += *v;
            ++count;
        }
    }
    if (count == 0) return result;
    const double n = static_cast<double>(count);
    const double mean = sum / n;
    double squares = 0;  // two-pass: Σ(x − x̄)²/n equals Σx²/n − x̄² without the cancellation
    for (const auto& v : values) {
        if (is_present(v)) squares += (*v - mean) * (*v - mean);
    }
    const double s = std::sqrt(squares / n);

    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!is_present(values[i])) continue;
        double local = *values[i];
        double weight = 1;  // wᵢᵢ = 1: Gi* includes the area itself
        for (const auto j : neighbours[i]) {
            assert(j < values.size());
            if (j != i && is_present(values[j])) {
                local += *values[j];
                weight += 1;
            }
        }
        GiStar g;
        const double spread = (n * weight - weight * weight) / (n - 1);
        if (count >= 2 && s > 0 && spread > 0) {
            g.z = (local - mean * weight) / (s * std::sqrt(spread));
            g.p = normal_two_sided_p(g.z);
            g.hotspot = classify_hotspot(g.z, g.p);
        }
        result[i] = g;
    }
    return result;
}

HotspotClass classify_hotspot(double z, double p) {
    if (!(p < 0.10) || z == 0 || std::isnan(z)) return HotspotClass::not_significant;
    const bool hot = z > 0;
    if (p < 0.01) return hot ? HotspotClass::hot_99 : HotspotClass::cold_99;
    if (p < 0.05) return hot ? HotspotClass::hot_95 : HotspotClass::cold_95;
    return hot ? HotspotClass::hot_90 : HotspotClass::cold_90;
}

int gi_bin(HotspotClass hotspot) {
    switch (hotspot) {
        case HotspotClass::cold_99:
            return -3;
        case HotspotClass::cold_95:
            return -2;
        case HotspotClass::cold_90:
            return -1;
        case HotspotClass::not_significant:
            return 0;
        case HotspotClass::hot_90:
            return 1;
        case HotspotClass::hot_95:
            return 2;
        case HotspotClass::hot_99:
            return 3;
    }
    return 0;
}

std::string to_string(HotspotClass hotspot) {
    switch (hotspot) {
        case HotspotClass::cold_99:
            return "cold_99";
        case HotspotClass::cold_95:
            return "cold_95";
        case HotspotClass::cold_90:
            return "cold_90";
        case HotspotClass::not_significant:
            return "not_significant";
        case HotspotClass::hot_90:
            return "hot_90";
        case HotspotClass::hot_95:
            return "hot_95";
        case HotspotClass::hot_99:
            return "hot_99";
    }
    return "not_significant";
}

std::string describe(HotspotClass hotspot) {
    switch (hotspot) {
        case HotspotClass::cold_99:
            return "cold spot (99% confidence)";
        case HotspotClass::cold_95:
            return "cold spot (95% confidence)";
        case HotspotClass::cold_90:
            return "cold spot (90% confidence)";
        case HotspotClass::not_significant:
            return "not significant";
        case HotspotClass::hot_90:
            return "hot spot (90% confidence)";
        case HotspotClass::hot_95:
            return "hot spot (95% confidence)";
        case HotspotClass::hot_99:
            return "hot spot (99% confidence)";
    }
    return "not significant";
}

}  // namespace sna::geo
