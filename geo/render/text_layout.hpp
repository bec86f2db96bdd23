#pragma once
/// Text measured and wrapped with cairo's toy font API (DejaVu Sans from fontconfig).
/// Private to geo/render.

#include "geo/render/cairo_handles.hpp"

#include <string>
#include <vector>

namespace sna::geo::detail {

struct Font {
    double size = 10.0;
    bool bold = false;
};

void select_font(cairo_t* cr, const Font& font);
/// Advance width of `text` in the current user units.
double text_width(cairo_t* cr, const Font& font, const std::string& text);
/// Greedy word wrap into lines no wider than `width` (a long word gets a line of its own);
/// '\n' starts a new line.
std::vector<std::string> wrap_text(cairo_t* cr, const Font& font, const std::string& text,
                                   double width);
/// Draws `text` with its baseline at (x, y).
void draw_text(cairo_t* cr, const Font& font, const std::string& text, double x, double y);

}  // namespace sna::geo::detail
