#pragma once
/// What handlers may use: immutable data built at start-up plus the thread-safe cache and metrics.

namespace sna::server {

struct ServerConfig;
class DataIndex;
class AnalysisIndex;
class TileCatalog;
class TileCache;
class Metrics;
class AreaShapes;
class PointDirectory;
class VersionArchive;
class ResponseMemo;
class AnalysisMemo;
class Catchments;
class PostcodeDirectory;

struct Services {
    const ServerConfig& config;
    const DataIndex& data;
    const TileCatalog& tiles;
    TileCache& cache;
    Metrics& metrics;
    const AnalysisIndex& analysis;
    const AreaShapes* shapes = nullptr;       ///< outlines for images and reports (optional)
    const PointDirectory* points = nullptr;   ///< schools and services for reports (optional)
    const VersionArchive* archive = nullptr;  ///< earlier data versions (optional)
    ResponseMemo* memo = nullptr;             ///< computed-once bodies (optional)
    /// Gzip variants of response bodies with a strong ETag, keyed by path and tag (the router's
    /// content coding; optional: without it each gzip response is compressed for itself).
    TileCache* compressed = nullptr;
    /// Area profiles, gzip-compressed and tagged once (optional: computed per request).
    TileCache* profiles = nullptr;
    /// composite columns, hotspots and cached analysis results (optional: computed per request)
    const AnalysisMemo* analyses = nullptr;
    /// postcodes and districts for search (optional: none when the build had no postcode file)
    const PostcodeDirectory* postcodes = nullptr;
    /// user-defined areas: their store and overlaps, shared by every tier (optional: without it
    /// the catchment routes answer 404)
    Catchments* catchments = nullptr;
};

}  // namespace sna::server
