#pragma once
/// Secrets from the kernel's random source: API tokens and session keys.

#include <cstddef>
#include <string>

namespace sna::server {

/// `count` random bytes from /dev/urandom. @throws std::runtime_error when it cannot be read.
std::string random_bytes(std::size_t count);

}  // namespace sna::server
