#include "geo/render/document.hpp"

#include "geo/render/cairo_handles.hpp"
#include "geo/render/map_painter.hpp"
#include "geo/render/text_layout.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace sna::geo {

namespace {

using detail::Font;

constexpr double page_width = 595.276;  // A4 in points
constexpr double page_height = 841.89;
constexpr double margin = 42.0;
constexpr double content_width = page_width - 2 * margin;
constexpr double content_bottom = page_height - margin - 14;  // room for the footer

Font font_of(DocText::Style style) {
    switch (style) {
        case DocText::Style::title:
            return {18, true};
        case DocText::Style::heading:
            return {12.5, true};
        case DocText::Style::note:
            return {8, false};
        case DocText::Style::body:
            break;
    }
    return {9.5, false};
}

/// Lays blocks out top to bottom, starting a new page when the next block does not fit.
class PdfWriter {
public:
    PdfWriter(cairo_t* cr, const Document& doc) : m_cr(cr), m_doc(doc) {}

    void write() {
        for (const DocBlock& block : m_doc.blocks)
            std::visit([this](const auto& b) { put(b); }, block);
        finish_page();
    }

private:
    void set_ink() { cairo_set_source_rgb(m_cr, 0.1, 0.1, 0.1); }

    void finish_page() {
        ++m_page;
        set_ink();
        const Font font{7.5, false};
        std::ostringstream number;
        number << "Page " << m_page;
        const auto footer = detail::wrap_text(m_cr, font, m_doc.footer, content_width - 50);
        double y = page_height - margin + 2;
        for (const auto& line : footer) {
            detail::draw_text(m_cr, font, line, margin, y);
            y += 9;
        }
        const double w = detail::text_width(m_cr, font, number.str());
        detail::draw_text(m_cr, font, number.str(), page_width - margin - w,
                          page_height - margin + 2);
        cairo_show_page(m_cr);
        m_y = margin;
    }

    void ensure_room(double height) {
        if (m_y + height > content_bottom && m_y > margin) finish_page();
    }

    void put(const DocPageBreak&) {
        if (m_y > margin) finish_page();
    }

    void put(const DocText& text) {
        const Font font = font_of(text.style);
        const double line = font.size * 1.35;
        const double before = text.style == DocText::Style::heading ? 8 : 2;
        const auto lines = detail::wrap_text(m_cr, font, text.text, content_width);
        ensure_room(before + line * std::min<double>(3, static_cast<double>(lines.size())));
        m_y += before;
        set_ink();
        for (const auto& l : lines) {
            ensure_room(line);
            detail::draw_text(m_cr, font, l, margin, m_y + font.size);
            m_y += line;
        }
        m_y += 3;
    }

    std::vector<double> column_widths(const DocTable& table) const {
        const std::size_t n = table.header.size();
        std::vector<double> w =
            table.widths.size() == n ? table.widths : std::vector<double>(n, 1.0);
        double total = 0;
        for (double v : w) total += v;
        for (double& v : w) v = v / total * content_width;
        return w;
    }

    double row_height(const std::vector<std::string>& cells, const std::vector<double>& widths,
                      const Font& font) const {
        std::size_t lines = 1;
        for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i)
            lines = std::max(lines, detail::wrap_text(m_cr, font, cells[i], widths[i] - 6).size());
        return static_cast<double>(lines) * font.size * 1.25 + 5;
    }

    void draw_row(const std::vector<std::string>& cells, const std::vector<double>& widths,
                  const Font& font, bool shaded) {
        const double h = row_height(cells, widths, font);
        ensure_room(h);
        if (shaded) {
            cairo_rectangle(m_cr, margin, m_y, content_width, h);
            cairo_set_source_rgb(m_cr, 0.94, 0.94, 0.94);
            cairo_fill(m_cr);
        }
        set_ink();
        double x = margin;
        for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
            double y = m_y + font.size + 2;
            for (const auto& l : detail::wrap_text(m_cr, font, cells[i], widths[i] - 6)) {
                detail::draw_text(m_cr, font, l, x + 3, y);
                y += font.size * 1.25;
            }
            x += widths[i];
        }
        m_y += h;
        cairo_set_source_rgb(m_cr, 0.8, 0.8, 0.8);
        cairo_set_line_width(m_cr, 0.4);
        cairo_move_to(m_cr, margin, m_y);
        cairo_line_to(m_cr, margin + content_width, m_y);
        cairo_stroke(m_cr);
    }

    void put(const DocTable& table) {
        const auto widths = column_widths(table);
        const Font head{8, true}, body{8, false};
        ensure_room(row_height(table.header, widths, head) * 2);
        draw_row(table.header, widths, head, true);
        for (const auto& row : table.rows) {
            if (m_y + row_height(row, widths, body) > content_bottom) {
                finish_page();
                draw_row(table.header, widths, head, true);  // repeat the header on a new page
            }
            draw_row(row, widths, body, false);
        }
        m_y += 6;
    }

    void put(const DocMap& map) {
        const double height = content_width * map.scene.height / map.scene.width;
        ensure_room(height);
        cairo_save(m_cr);
        cairo_translate(m_cr, margin, m_y);
        const double unit = content_width / map.scene.width;  // scene px → points
        cairo_scale(m_cr, unit, unit);
        detail::paint_map(m_cr, map.scene, map.scene.width, map.scene.height);
        cairo_restore(m_cr);
        m_y += height + 6;
    }

    /// Where a series chart sits on the page and the value range it shows.
    struct ChartFrame {
        double x0, y0, w, h, low, high;
        std::size_t n;
        double px(std::size_t i) const {
            return x0 + (n <= 1 ? 0 : w * static_cast<double>(i) / static_cast<double>(n - 1));
        }
        double py(double v) const { return y0 + h - (v - low) / (high - low) * h; }
    };

    /// The frame, the line through usable values (broken at gaps and flagged months) and grey
    /// bars over flagged months.
    void draw_series_line(const DocSeries& series, const ChartFrame& f) {
        cairo_set_source_rgb(m_cr, 0.75, 0.75, 0.75);
        cairo_set_line_width(m_cr, 0.5);
        cairo_rectangle(m_cr, f.x0, f.y0, f.w, f.h);
        cairo_stroke(m_cr);
        cairo_set_source_rgb(m_cr, 0.74, 0.0, 0.15);
        cairo_set_line_width(m_cr, 1.2);
        bool drawing = false;
        for (std::size_t i = 0; i < f.n; ++i) {
            const bool usable =
                series.values[i] && !(i < series.flagged.size() && series.flagged[i]);
            if (!usable) {
                drawing = false;
                continue;
            }
            if (drawing) {
                cairo_line_to(m_cr, f.px(i), f.py(*series.values[i]));
            } else {
                cairo_move_to(m_cr, f.px(i), f.py(*series.values[i]));
            }
            drawing = true;
        }
        cairo_stroke(m_cr);
        for (std::size_t i = 0; i < f.n && i < series.flagged.size(); ++i) {
            if (!series.flagged[i]) continue;
            cairo_set_source_rgba(m_cr, 0.5, 0.5, 0.5, 0.35);
            cairo_rectangle(m_cr, f.px(i) - 2, f.y0, 4, f.h);
            cairo_fill(m_cr);
        }
    }

    void put(const DocSeries& series) {
        const double chart_h = 90, label_h = 12;
        ensure_room(chart_h + 2 * label_h + 14);
        put(DocText{DocText::Style::body, series.title});
        double low = INFINITY, high = -INFINITY;
        for (const auto& v : series.values)
            if (v) low = std::min(low, *v), high = std::max(high, *v);
        if (!(low <= high)) {
            put(DocText{DocText::Style::note, "No values."});
            return;
        }
        low = std::min(low, 0.0);
        if (high == low) high = low + 1;
        const double x0 = margin + 36, w = content_width - 40, y0 = m_y, h = chart_h;
        const std::size_t n = series.values.size();
        draw_series_line(series, ChartFrame{x0, y0, w, h, low, high, n});
        set_ink();
        const Font small{7, false};
        std::ostringstream hi, lo;
        hi << high;
        lo << low;
        detail::draw_text(m_cr, small, hi.str(), margin, y0 + 7);
        detail::draw_text(m_cr, small, lo.str(), margin, y0 + h);
        if (n > 0) {
            detail::draw_text(m_cr, small, series.labels.front(), x0, y0 + h + 9);
            const double lw = detail::text_width(m_cr, small, series.labels.back());
            detail::draw_text(m_cr, small, series.labels.back(), x0 + w - lw, y0 + h + 9);
        }
        m_y += h + label_h + 2;
        if (!series.note.empty()) put(DocText{DocText::Style::note, series.note});
    }

    cairo_t* m_cr;
    const Document& m_doc;
    double m_y = margin;
    int m_page = 0;
};

}  // namespace

std::string render_pdf(const Document& document) {
    std::string out;
    {
        detail::SurfacePtr surface(cairo_pdf_surface_create_for_stream(
            detail::append_to_string, &out, page_width, page_height));
        detail::check_cairo(cairo_surface_status(surface.get()), "create PDF");
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                       document.title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "snamap");
        if (!document.created_iso8601.empty()) {
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                           document.created_iso8601.c_str());
        }
        auto cr = detail::new_context(surface.get());
        PdfWriter(cr.get(), document).write();
        detail::check_cairo(cairo_status(cr.get()), "draw PDF");
        cr.reset();
        cairo_surface_finish(surface.get());
        detail::check_cairo(cairo_surface_status(surface.get()), "write PDF");
    }
    return out;
}

}  // namespace sna::geo
