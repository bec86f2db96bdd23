#pragma once
/// Moved to geo/proj (the one module that owns PROJ). Kept so code outside geo/ that still
/// includes this path builds unchanged; new code includes "geo/proj/coordinate_transform.hpp".

#include "geo/proj/coordinate_transform.hpp"
