#include "server/index/catchment_store.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/temporary_file.hpp"
#include "server/index/geojson_shape.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sna::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t stored_vertex_limit = std::size_t{1} << 22;
constexpr const char* extension = ".geojson";

std::size_t count_files(const std::string& dir) {
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.size() == 32 + 8 &&
            CatchmentStore::is_id(name.substr(0, 32)))
            ++n;
    }
    return n;
}

/// A temporary name unique within the process and across processes sharing the directory.
std::string temporary_name(const std::string& final_path) {
    static std::atomic<unsigned long> serial{0};
    return final_path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++serial);
}

}  // namespace

json catchment_feature(const StoredCatchment& c) {
    return {{"type", "Feature"},
            {"id", c.id},
            {"properties", {{"name", c.name}, {"definition", c.definition}}},
            {"geometry", shape_to_geojson(c.shape)}};
}

CatchmentStore::CatchmentStore(std::string dir, std::size_t max_count)
    : m_dir(std::move(dir)), m_max(max_count) {
    if (m_dir.empty()) return;
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec || !fs::is_directory(m_dir))
        throw geo::InvalidInput("catchments_dir '" + m_dir + "' is not a directory we can create" +
                                (ec ? ": " + ec.message() : ""));
    m_count = count_files(m_dir);
}

bool CatchmentStore::is_id(const std::string& text) {
    if (text.size() != 32) return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::string CatchmentStore::path_of(const std::string& id) const {
    return (fs::path(m_dir) / (id + extension)).string();
}

std::size_t CatchmentStore::size() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_dir.empty() ? m_memory.size() : m_count;
}

CatchmentStore::Put CatchmentStore::put(const StoredCatchment& catchment) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_dir.empty()) {
        if (m_memory.count(catchment.id)) return Put::existed;
        if (m_memory.size() >= m_max) return Put::full;
        m_memory.emplace(catchment.id, std::make_shared<const StoredCatchment>(catchment));
        return Put::created;
    }
    const std::string path = path_of(catchment.id);
    if (fs::exists(path)) return Put::existed;
    if (m_count >= m_max) return Put::full;
    geo::TemporaryFile temporary(temporary_name(path));
    {
        std::ofstream out(temporary.path(), std::ios::binary);
        out << catchment_feature(catchment).dump();
        out.close();
        if (!out) throw geo::Error("cannot write catchment file '" + temporary.path() + "'");
    }
    std::error_code ec;
    fs::rename(temporary.path(), path, ec);
    if (ec) throw geo::Error("cannot rename catchment file into '" + path + "': " + ec.message());
    temporary.release();
    ++m_count;
    return Put::created;
}

std::shared_ptr<const StoredCatchment> CatchmentStore::read_file(const std::string& id) const {
    const std::string path = path_of(id);
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream text;
    text << in.rdbuf();
    try {
        const json doc = json::parse(text.str());
        StoredCatchment c;
        c.id = id;
        c.name = doc.at("properties").at("name").get<std::string>();
        c.definition = doc.at("properties").at("definition");
        c.shape = shape_from_geojson(doc.at("geometry"), stored_vertex_limit);
        return std::make_shared<const StoredCatchment>(std::move(c));
    } catch (const std::exception& e) {
        throw geo::Error("stored catchment '" + path + "' cannot be read: " + e.what());
    }
}

std::shared_ptr<const StoredCatchment> CatchmentStore::get(const std::string& id) const {
    if (!is_id(id)) return nullptr;
    if (m_dir.empty()) {
        std::lock_guard<std::mutex> lock(m_mutex);
        const auto it = m_memory.find(id);
        return it == m_memory.end() ? nullptr : it->second;
    }
    // Absent files are not cached (another server process may write them).
    try {
        return *m_recent.get(id, [&] {
            auto c = read_file(id);
            if (!c) throw geo::NotFound("no catchment '" + id + "'");
            return c;
        });
    } catch (const geo::NotFound&) {
        return nullptr;
    }
}

}  // namespace sna::server
