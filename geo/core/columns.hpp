#pragma once
/// Finding a named column in a header, with a message a user can act on.

#include <cstddef>
#include <string>
#include <vector>

namespace sna::geo {

/// Index of `name` in `columns`, for readers of any tabular source.
/// @throws DataError "file: column 'name': not found (needed for purpose); did you mean 'x'?",
/// listing the available columns when none is close.
std::size_t find_column(const std::vector<std::string>& columns, const std::string& name,
                        const std::string& purpose, const std::string& file);

}  // namespace sna::geo
