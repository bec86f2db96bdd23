#include "geo/render/text_layout.hpp"

#include <sstream>

namespace sna::geo::detail {

void select_font(cairo_t* cr, const Font& font) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, font.size);
}

double text_width(cairo_t* cr, const Font& font, const std::string& text) {
    select_font(cr, font);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, text.c_str(), &extents);
    return extents.x_advance;
}

std::vector<std::string> wrap_text(cairo_t* cr, const Font& font, const std::string& text,
                                   double width) {
    std::vector<std::string> lines;
    std::istringstream paragraphs(text);
    std::string paragraph;
    while (std::getline(paragraphs, paragraph)) {  // '\n' is a hard line break
        std::istringstream words(paragraph);
        std::string word, line;
        while (words >> word) {
            const std::string candidate = line.empty() ? word : line + " " + word;
            if (!line.empty() && text_width(cr, font, candidate) > width) {
                lines.push_back(line);
                line = word;
            } else {
                line = candidate;
            }
        }
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

void draw_text(cairo_t* cr, const Font& font, const std::string& text, double x, double y) {
    select_font(cr, font);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, text.c_str());
}

}  // namespace sna::geo::detail
