#pragma once
/// What handlers may use: immutable data built at start-up plus the thread-safe cache and metrics.

namespace sna::server {

struct ServerConfig;
class DataIndex;
class AnalysisIndex;
class TileCatalog;
class TileCache;
class Metrics;

struct Services {
    const ServerConfig& config;
    const DataIndex& data;
    const TileCatalog& tiles;
    TileCache& cache;
    Metrics& metrics;
    const AnalysisIndex& analysis;
};

}  // namespace sna::server
