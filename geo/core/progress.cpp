#include "geo/core/progress.hpp"

#include <iomanip>

namespace sna::geo {

Progress::Progress(std::ostream& out, bool is_terminal, bool quiet)
    : m_out(out), m_terminal(is_terminal), m_quiet(quiet) {}

void Progress::start(const std::string& step, std::int64_t total) {
    m_step = step;
    m_total = total;
    m_done = 0;
    m_last_decile = -1;
    m_started = std::chrono::steady_clock::now();
    m_last_draw = m_started;
    if (!m_quiet && !m_terminal) m_out << "[" << m_step << "] started" << std::endl;
}

void Progress::advance(std::int64_t done) {
    if (m_quiet || m_total <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (m_terminal) {
        if (now - m_last_draw < std::chrono::milliseconds(100) && done < m_total) return;
        m_last_draw = now;
        draw(done);
        return;
    }
    const int decile = static_cast<int>(10 * done / m_total);
    if (decile > m_last_decile && decile < 10) {
        m_last_decile = decile;
        m_out << "[" << m_step << "] " << decile * 10 << "% (" << done << "/" << m_total << ")"
              << std::endl;
    }
}

void Progress::draw(std::int64_t done) {
    constexpr int width = 30;
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(m_total));
    const int filled = static_cast<int>(fraction * width);
    m_out << "\r" << std::left << std::setw(28) << m_step.substr(0, 28) << " ["
          << std::string(static_cast<std::size_t>(filled), '#')
          << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << std::right
          << std::setw(3) << static_cast<int>(fraction * 100) << "% " << done << "/" << m_total
          << std::flush;
}

double Progress::finish(const std::string& summary) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    if (m_quiet) return seconds;
    if (m_terminal && m_total > 0) m_out << "\r\033[K";
    m_out << "[" << m_step << "] done in " << std::fixed << std::setprecision(2) << seconds << " s"
          << (summary.empty() ? "" : ": " + summary) << std::defaultfloat << std::endl;
    return seconds;
}

void Progress::note(const std::string& line) {
    if (m_quiet) return;
    if (m_terminal) m_out << "\r\033[K";
    m_out << "  " << line << std::endl;
}

}  // namespace sna::geo
