#include "geo/store/access_store.hpp"

namespace sna::geo {

void write_access_rules(Database& db, const AccessRules& rules) {
    Statement st(db, "INSERT INTO access_rules (subject, id, attribute, access) VALUES (?,?,?,?)");
    const auto write = [&](const char* subject, const std::map<std::string, std::string>& map) {
        for (const auto& [id, access] : map) st.bind_all(subject, id, "", access).run();
    };
    write("dataset", rules.datasets);
    write("indicator", rules.indicators);
    write("point_layer", rules.point_layers);
    for (const auto& [layer, attributes] : rules.point_attributes)
        for (const auto& [attribute, access] : attributes)
            st.bind_all("point_attribute", layer, attribute, access).run();
}

AccessRules read_access_rules(Database& db) {
    AccessRules rules;
    Statement exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    exists.bind_all("access_rules");
    if (!exists.step()) return rules;
    Statement st(db, "SELECT subject, id, attribute, access FROM access_rules");
    while (st.step()) {
        const std::string subject = st.column_text(0), id = st.column_text(1);
        const std::string access = st.column_text(3);
        if (subject == "dataset") rules.datasets[id] = access;
        if (subject == "indicator") rules.indicators[id] = access;
        if (subject == "point_layer") rules.point_layers[id] = access;
        if (subject == "point_attribute") rules.point_attributes[id][st.column_text(2)] = access;
    }
    return rules;
}

}  // namespace sna::geo
