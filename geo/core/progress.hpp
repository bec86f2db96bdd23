#pragma once
/// Progress for long steps: a redrawn bar on a terminal, a line every 10 % otherwise.

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace sna::geo {

class Progress {
public:
    /// `is_terminal` selects the bar; `out` is usually std::cerr.
    Progress(std::ostream& out, bool is_terminal, bool quiet = false);

    /// Starts a named step with `total` units of work (0 = unknown).
    void start(const std::string& step, std::int64_t total);
    void advance(std::int64_t done);
    /// Counts `n` more units done (for work counted where the running total is not at hand).
    void add(std::int64_t n) { advance(m_done += n); }
    /// Ends the step and returns its duration in seconds.
    double finish(const std::string& summary = {});
    void note(const std::string& line);

private:
    void draw(std::int64_t done);

    std::ostream& m_out;
    bool m_terminal;
    bool m_quiet;
    std::string m_step;
    std::int64_t m_total = 0;
    std::int64_t m_done = 0;  ///< what add() has counted since start()
    int m_last_decile = -1;
    std::chrono::steady_clock::time_point m_started;
    std::chrono::steady_clock::time_point m_last_draw;
};

}  // namespace sna::geo
