#include "geo/import/strict_json.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <set>
#include <vector>

namespace sna::geo {

namespace {

using nlohmann::json;

/// JSON allows an object to repeat a key and nlohmann keeps the last one, which would silently
/// drop half of a hand-edited manifest: reject it, naming the key and the object it is in.
class DuplicateKeyCheck {
public:
    explicit DuplicateKeyCheck(const std::string& file) : m_file(file) {}

    bool operator()(int depth, json::parse_event_t event, json& parsed) {
        const auto level = static_cast<std::size_t>(depth);
        switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start:
                enter(level, event == json::parse_event_t::array_start);
                break;
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                m_frames.resize(level);
                break;
            case json::parse_event_t::key: {
                Frame& frame = m_frames.back();
                const std::string key = parsed.get<std::string>();
                if (!frame.keys.insert(key).second) {
                    throw DataError({m_file, "", ""},
                                    path_to(level) + "key '" + excerpt(key) +
                                        "' appears twice in the same object (JSON keeps only the "
                                        "last; remove one)");
                }
                frame.current = key;
                break;
            }
            case json::parse_event_t::value:
                if (!m_frames.empty() && m_frames.back().is_array) ++m_frames.back().index;
                break;
        }
        return true;
    }

private:
    struct Frame {
        bool is_array = false;
        std::size_t index = 0;  ///< for arrays: elements started so far
        std::string current;    ///< for objects: the key being read
        std::set<std::string> keys;
    };

    void enter(std::size_t level, bool is_array) {
        m_frames.resize(level);
        if (!m_frames.empty() && m_frames.back().is_array) ++m_frames.back().index;
        m_frames.push_back(Frame{is_array, 0, {}, {}});
    }

    /// "area_sets[1]: " for the object at `level` (the top level gives "").
    std::string path_to(std::size_t level) const {
        std::string path;
        for (std::size_t i = 0; i + 1 < m_frames.size() && i < level; ++i) {
            const Frame& frame = m_frames[i];
            if (frame.is_array) {
                path += "[" + std::to_string(frame.index - 1) + "]";
            } else {
                path += (path.empty() ? "" : ".") + frame.current;
            }
        }
        return path.empty() ? "" : path + ": ";
    }

    std::string m_file;
    std::vector<Frame> m_frames;
};

}  // namespace

json parse_strict_json(const std::string& text, const std::string& file) {
    try {
        return json::parse(text, DuplicateKeyCheck(file));
    } catch (const json::parse_error& e) {
        throw DataError({file, "", ""}, std::string("not valid JSON: ") + e.what() + " (byte " +
                                            std::to_string(e.byte) + ")");
    } catch (const json::out_of_range& e) {
        // A number beyond double's range (1e999): nlohmann reports it as out_of_range, not as a
        // parse error (found by the manifest fuzzer).
        throw DataError({file, "", ""}, std::string("not valid JSON: ") + e.what());
    }
}

}  // namespace sna::geo
