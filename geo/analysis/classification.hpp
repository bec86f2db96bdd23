#pragma once
/// Choropleth classes shared by the style document, static map images and reports. The rules are
/// those of the web client (web/js/classify.js), so every view of an indicator agrees.

#include "geo/core/model.hpp"

#include <string>
#include <vector>

namespace sna::geo {

enum class ClassMethod { quantiles, equal_interval, natural_breaks };

/// @throws InvalidInput for an unknown name.
ClassMethod class_method_from_string(const std::string& name);

/// Breaks as MapLibre's `step` reads them: class i holds breaks[i-1] <= v < breaks[i]. Breaks are
/// rounded to 4 significant figures and strictly increasing, each > min and <= max. Where ties
/// merge breaks, classes holding different values are split again (as the client does), so
/// fewer classes than asked for means the values allow no more.
struct Classification {
    std::vector<double> breaks;
    double min = 0.0;
    double max = 0.0;
    std::vector<std::size_t> counts;  ///< areas per class
};

/// Classes for the finite values (others are ignored); `classes` is clamped to 2..7.
/// Natural breaks use the Fisher–Jenks dynamic programme on at most 600 evenly sampled values.
Classification classify(std::vector<double> values, ClassMethod method, int classes);

/// The class of `value` (0..breaks.size()).
std::size_t class_of(double value, const std::vector<double>& breaks);

/// ColorBrewer ramp for `classes` (3..7) classes, darkest = worst whatever the polarity:
/// YlOrRd (reversed for higher-is-better), Blues for neutral context indicators.
std::vector<std::string> palette_for(Polarity polarity, int classes);

/// Fill for areas without a value (the client's `noDataColor`).
constexpr const char* no_data_colour = "#c8c8c8";

/// One colour per class actually produced: the requested ramp, spread when ties removed classes.
std::vector<std::string> colours_for_breaks(Polarity polarity, int requested_classes,
                                            std::size_t break_count);

}  // namespace sna::geo
