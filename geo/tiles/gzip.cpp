#include "geo/tiles/gzip.hpp"

#include "geo/core/errors.hpp"

#include <zlib.h>

#include <cassert>
#include <climits>

namespace sna::geo {

namespace {

/// zlib's windowBits for the gzip wrapper (15-bit window + 16), MVT tiles' usual encoding.
constexpr int gzip_window_bits = 15 + 16;
constexpr int default_memory_level = 8;
constexpr std::size_t chunk_size = 64 * 1024;

std::string zlib_message(const z_stream& stream, int code) {
    return stream.msg != nullptr ? std::string(stream.msg) : "zlib error " + std::to_string(code);
}

/// zlib takes a non-const pointer to its input even though it never writes through it.
Bytef* input_bytes(std::string_view data) {
    return reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
}

/// Owns a deflate stream so it is released even when compression throws.
struct DeflateStream {
    z_stream stream{};
    explicit DeflateStream(int level) {
        const int code = deflateInit2(&stream, level, Z_DEFLATED, gzip_window_bits,
                                      default_memory_level, Z_DEFAULT_STRATEGY);
        if (code != Z_OK)
            throw Error("gzip: cannot start compression: " + zlib_message(stream, code));
    }
    ~DeflateStream() { deflateEnd(&stream); }
    DeflateStream(const DeflateStream&) = delete;
    DeflateStream& operator=(const DeflateStream&) = delete;
};

struct InflateStream {
    z_stream stream{};
    InflateStream() {
        const int code = inflateInit2(&stream, gzip_window_bits);
        if (code != Z_OK)
            throw Error("gzip: cannot start decompression: " + zlib_message(stream, code));
    }
    ~InflateStream() { inflateEnd(&stream); }
    InflateStream(const InflateStream&) = delete;
    InflateStream& operator=(const InflateStream&) = delete;
};

}  // namespace

bool is_gzip(std::string_view data) {
    return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1fU &&
           static_cast<unsigned char>(data[1]) == 0x8bU;
}

int quick_gzip_level(std::size_t size) {
    constexpr std::size_t fast_from = 256 * 1024;
    return size > fast_from ? 4 : default_gzip_level;
}

std::string gzip_compress(std::string_view data, int level) {
    assert(level >= 0 && level <= 9);
    if (data.size() > UINT_MAX) throw Error("gzip: input too large to compress in one call");
    DeflateStream deflater{level};
    z_stream& stream = deflater.stream;
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = input_bytes(data);
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    // deflateBound guarantees one Z_FINISH call suffices.
    const int code = deflate(&stream, Z_FINISH);
    if (code != Z_STREAM_END)
        throw Error("gzip: compression failed: " + zlib_message(stream, code));
    out.resize(stream.total_out);
    return out;
}

std::string gzip_decompress(std::string_view data, std::size_t max_size) {
    if (data.size() > UINT_MAX) throw Error("gzip: input too large to decompress in one call");
    InflateStream inflater;
    z_stream& stream = inflater.stream;
    stream.next_in = input_bytes(data);
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    int code = Z_OK;
    while (code != Z_STREAM_END) {
        const std::size_t used = out.size();
        out.resize(used + chunk_size);
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
        stream.avail_out = static_cast<uInt>(chunk_size);
        code = inflate(&stream, Z_NO_FLUSH);
        out.resize(used + chunk_size - stream.avail_out);
        if (code == Z_BUF_ERROR && stream.avail_in == 0) throw Error("gzip: data is truncated");
        if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR) {
            throw Error("gzip: invalid data: " + zlib_message(stream, code));
        }
        if (out.size() > max_size) {
            throw Error("gzip: data inflates beyond " + std::to_string(max_size) + " bytes");
        }
    }
    return out;
}

}  // namespace sna::geo
