#include "server/views/version_note.hpp"

#include "server/index/data_index.hpp"
#include "server/index/version_archive.hpp"

namespace sna::server {

namespace {

const DataIndex* archived(const Services& s, const std::string& version) {
    return s.archive ? s.archive->find(version) : nullptr;
}

std::string area_words(const std::string& code) {
    return code.empty() ? "" : " for " + code;
}

}  // namespace

std::string version_note(const Services& s, const std::string& since, const std::string& code) {
    const std::string current = s.data.data_version();
    if (since.empty() || since == current) return "";
    const std::string head = "This link cited data version " + since +
                             "; this server now holds version " + current + ". ";
    const DataIndex* before = archived(s, since);
    if (!before)
        return head + "Version " + since +
               " is not held here, so whether the figures changed "
               "cannot be checked; the figures below are from " +
               current + ".";
    const VersionChanges changes = compare_versions(*before, s.data, code, 0);
    if (changes.changed == 0 && changes.removed == 0)
        return head + "None of the " + std::to_string(changes.compared) + " values" +
               area_words(code) + " cited from " + since + " has changed.";
    return head + std::to_string(changes.changed) + " of " + std::to_string(changes.compared) +
           " values" + area_words(code) + " have changed and " + std::to_string(changes.removed) +
           " are no longer published; the figures below are from " + current + ".";
}

}  // namespace sna::server
