#pragma once
/// Class breaks for choropleth maps, shared by the style document, the web client and images.

#include <string>
#include <vector>

namespace sna::geo {

enum class ClassMethod { quantiles, equal_interval, natural_breaks };

/// @throws InvalidInput for an unknown name.
ClassMethod class_method_from_string(const std::string& name);

/// Upper-inclusive inner breaks: k classes give k-1 thresholds t, where class i holds values
/// v with t[i-1] < v <= t[i]. Duplicate thresholds are removed (fewer classes result).
/// Natural breaks use Jenks' optimisation (minimum within-class variance).
std::vector<double> class_breaks(std::vector<double> values, int classes, ClassMethod method);

/// Sequential, colour-blind-safe palette (ColorBrewer YlOrRd for 3–7 classes), lightest first.
std::vector<std::string> sequential_palette(int classes);

}  // namespace sna::geo
