#pragma once
/// SHA-256 (FIPS 180-4), used for the data version, ETags and token hashes; HMAC-SHA256
/// (RFC 2104) signs session cookies.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sna::geo {

class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    /// Finishes and returns the lowercase hex digest; the object is spent afterwards.
    std::string hex_digest();
    /// Finishes and returns the 32 raw bytes of the digest; the object is spent afterwards.
    std::string digest();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0;
};

std::string sha256_hex(std::string_view data);

/// HMAC-SHA256 of `message` under `key` (RFC 2104; RFC 4231 test vectors), lowercase hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace sna::geo
