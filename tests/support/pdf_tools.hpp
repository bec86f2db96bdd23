#pragma once
/// Reads PDFs back with poppler's command-line tools (pdftotext, pdfinfo, pdftoppm): an
/// independent check that a PDF opens, how many pages it has and what text it shows.

#include "tests/support/temp_dir.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace sna::test {

/// stdout of a shell command; throws if it cannot be started or exits non-zero.
inline std::string command_output(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::string out;
    char buffer[4096];
    while (const std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
    return out;
}

struct PdfReadBack {
    std::string text;  ///< pdftotext -layout
    int pages = 0;     ///< pdfinfo
    int rendered = 0;  ///< pages pdftoppm rendered to PNG
};

inline PdfReadBack read_back_pdf(const std::string& bytes) {
    TempDir dir;
    const std::string pdf = (dir.path() / "doc.pdf").string();
    std::ofstream(pdf, std::ios::binary) << bytes;
    PdfReadBack out;
    out.text = command_output("pdftotext -layout '" + pdf + "' -");
    const std::string info = command_output("pdfinfo '" + pdf + "'");
    const auto at = info.find("Pages:");
    if (at != std::string::npos) out.pages = std::stoi(info.substr(at + 6));
    command_output("pdftoppm -r 40 -png '" + pdf + "' '" + (dir.path() / "page").string() + "'");
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        out.rendered += entry.path().extension() == ".png";
    return out;
}

}  // namespace sna::test
