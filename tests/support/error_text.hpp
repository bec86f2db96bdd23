#pragma once
/// The what() text of the DataError a call throws; fails the test if it throws none.

#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace sna::test {

template <typename F>
std::string error_text(F&& f) {
    try {
        f();
    } catch (const geo::DataError& e) {
        return e.what();
    }
    FAIL("expected a DataError");
    return {};
}

}  // namespace sna::test
