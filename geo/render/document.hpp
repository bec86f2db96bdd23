#pragma once
/// A printable document (an evidence pack) as a list of blocks, rendered to A4 PDF with cairo.

#include "geo/render/map_scene.hpp"

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sna::geo {

struct DocText {
    enum class Style { title, heading, body, note };
    Style style = Style::body;
    std::string text;
};

struct DocTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<double> widths;  ///< relative column widths; empty: equal
};

/// A map drawn across the text width with the scene's aspect ratio.
struct DocMap {
    MapScene scene;
    /// Keeps geometry the scene borrows alive as long as the document (e.g. a projected outline).
    std::shared_ptr<const void> owner;
};

/// A small line chart of a monthly series; flagged (incomplete) months are marked, not joined.
struct DocSeries {
    std::string title;
    std::vector<std::string> labels;
    std::vector<std::optional<double>> values;
    std::vector<bool> flagged;
    std::string note;
};

struct DocPageBreak {};

using DocBlock = std::variant<DocText, DocTable, DocMap, DocSeries, DocPageBreak>;

struct Document {
    std::string title;            ///< PDF metadata title
    std::string footer;           ///< printed at the foot of every page with the page number
    std::string created_iso8601;  ///< PDF creation date (fixed, so output is reproducible)
    std::vector<DocBlock> blocks;
};

/// A4 portrait PDF. @throws std::runtime_error if cairo fails.
std::string render_pdf(const Document& document);

}  // namespace sna::geo
