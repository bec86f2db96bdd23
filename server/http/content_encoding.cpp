#include "server/http/content_encoding.hpp"

#include "geo/core/text.hpp"

#include <optional>
#include <utility>

namespace sna::server {

namespace {

bool is_tchar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        if (!is_tchar(c)) return false;
    }
    return true;
}

/// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in
/// thousandths; nullopt for anything else.
std::optional<int> parse_qvalue(std::string_view text) {
    if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
    int whole = text[0] - '0';
    if (text.size() == 1) return whole * 1000;
    if (text[1] != '.' || text.size() > 5) return std::nullopt;
    int thousandths = 0;
    int scale = 100;
    for (const char c : text.substr(2)) {
        if (c < '0' || c > '9') return std::nullopt;
        thousandths += (c - '0') * scale;
        scale /= 10;
    }
    if (whole == 1 && thousandths != 0) return std::nullopt;
    return whole * 1000 + thousandths;
}

/// One list element "coding *( OWS ";" OWS name=value )"; nullopt when it is malformed.
std::optional<AcceptedCoding> parse_element(std::string_view element) {
    const std::size_t semicolon = std::min(element.find(';'), element.size());
    AcceptedCoding coding{geo::to_lower(geo::trim(element.substr(0, semicolon))), 1000};
    if (!is_token(coding.name)) return std::nullopt;
    if (coding.name == "x-gzip") coding.name = "gzip";
    std::size_t pos = semicolon;
    while (pos < element.size()) {
        const std::size_t next = std::min(element.find(';', pos + 1), element.size());
        const std::string_view parameter = geo::trim(element.substr(pos + 1, next - pos - 1));
        const std::size_t equals = parameter.find('=');
        if (equals == std::string_view::npos) return std::nullopt;
        if (geo::to_lower(geo::trim(parameter.substr(0, equals))) == "q") {
            const auto weight = parse_qvalue(geo::trim(parameter.substr(equals + 1)));
            if (!weight) return std::nullopt;
            coding.weight = *weight;
        }
        pos = next;
    }
    return coding;
}

}  // namespace

std::vector<AcceptedCoding> parse_accept_encoding(std::string_view header) {
    std::vector<AcceptedCoding> out;
    std::size_t pos = 0;
    while (pos <= header.size()) {
        const std::size_t comma = std::min(header.find(',', pos), header.size());
        const std::string_view element = geo::trim(header.substr(pos, comma - pos));
        if (!element.empty()) {
            if (auto coding = parse_element(element)) out.push_back(std::move(*coding));
        }
        pos = comma + 1;
    }
    return out;
}

int coding_weight(const std::vector<AcceptedCoding>& accepted, std::string_view coding) {
    std::optional<int> any;
    for (const AcceptedCoding& c : accepted) {
        if (c.name == coding) return c.weight;
        if (c.name == "*") any = c.weight;
    }
    if (any) return *any;
    return coding == "identity" ? 1000 : 0;
}

ContentCoding choose_coding(const std::string* accept_encoding) {
    if (accept_encoding == nullptr) return ContentCoding::identity;
    // A client sends the same field on every request, so each thread keeps its last answer:
    // parsing costs more than the rest of a cached tile's handler.
    thread_local std::string last_field;
    thread_local ContentCoding last_choice = ContentCoding::identity;
    thread_local bool answered = false;
    if (answered && *accept_encoding == last_field) return last_choice;
    const auto accepted = parse_accept_encoding(*accept_encoding);
    const int gzip = coding_weight(accepted, "gzip");
    last_choice = gzip > 0 && gzip >= coding_weight(accepted, "identity") ? ContentCoding::gzip
                                                                          : ContentCoding::identity;
    last_field = *accept_encoding;
    answered = true;
    return last_choice;
}

const char* coding_name(ContentCoding coding) {
    return coding == ContentCoding::gzip ? "gzip" : "identity";
}

bool is_compressible_type(std::string_view content_type) {
    const std::string type =
        geo::to_lower(geo::trim(content_type.substr(0, content_type.find(';'))));
    if (type.rfind("text/", 0) == 0) return true;
    for (const char* exact : {"application/json", "application/javascript", "application/xml",
                              "image/svg+xml", "application/x-protobuf", "application/wasm"}) {
        if (type == exact) return true;
    }
    for (const std::string_view suffix : {"+json", "+xml"}) {
        if (type.size() > suffix.size() &&
            type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0) {
            return true;
        }
    }
    return false;
}

std::string variant_etag(std::string_view etag, ContentCoding coding) {
    if (coding == ContentCoding::identity || etag.size() < 2 || etag.back() != '"')
        return std::string(etag);
    const std::string_view name = coding_name(coding);
    std::string out;
    out.reserve(etag.size() + name.size() + 1);
    out.append(etag.substr(0, etag.size() - 1)).append("-").append(name).append("\"");
    return out;
}

bool etag_list_matches(std::string_view if_none_match, std::string_view etag) {
    const auto opaque = [](std::string_view tag) {
        return tag.rfind("W/", 0) == 0 ? tag.substr(2) : tag;
    };
    const std::string_view wanted = opaque(etag);
    std::size_t pos = 0;
    while (pos <= if_none_match.size()) {
        const std::size_t comma = std::min(if_none_match.find(',', pos), if_none_match.size());
        const std::string_view candidate = geo::trim(if_none_match.substr(pos, comma - pos));
        if (candidate == "*" || (!candidate.empty() && opaque(candidate) == wanted)) return true;
        pos = comma + 1;
    }
    return false;
}

std::optional<std::string> matched_variant_etag(const std::string* if_none_match,
                                                std::string_view etag, ContentCoding chosen,
                                                bool negotiable) {
    if (if_none_match == nullptr) return std::nullopt;
    std::string selected = variant_etag(etag, chosen);
    if (etag_list_matches(*if_none_match, selected)) return selected;
    if (!negotiable) return std::nullopt;
    const ContentCoding other =
        chosen == ContentCoding::gzip ? ContentCoding::identity : ContentCoding::gzip;
    std::string alternative = variant_etag(etag, other);
    if (etag_list_matches(*if_none_match, alternative)) return alternative;
    return std::nullopt;
}

namespace {

void add_vary_accept_encoding(HeaderList& headers) {
    const std::string* vary = headers.find("Vary");
    if (vary == nullptr) {
        headers.set("Vary", "Accept-Encoding");
    } else if (geo::to_lower(*vary).find("accept-encoding") == std::string::npos && *vary != "*") {
        headers.set("Vary", *vary + ", Accept-Encoding");
    }
}

bool is_negotiable(const HttpResponse& r, const CompressionOptions& options) {
    if (!options.enabled || r.stream || r.body_size() < options.min_bytes) return false;
    const std::string* type = r.headers.find("Content-Type");
    return type != nullptr && is_compressible_type(*type);
}

void replace_body(HttpResponse& r, GzipBytes bytes) {
    r.clear_body();
    if (bytes.shared) {
        r.shared_body = std::move(bytes.shared);
    } else {
        r.body = std::move(bytes.owned);
    }
    r.headers.set("Content-Encoding", "gzip");
}

}  // namespace

void negotiate_content_coding(const HttpRequest& request, HttpResponse& response,
                              const CompressionOptions& options, const Compressor& compress) {
    if (response.headers.find("Content-Encoding")) return;
    if (response.status == 304) {
        if (options.enabled && response.headers.find("ETag"))
            add_vary_accept_encoding(response.headers);
        return;
    }
    if (response.status != 200) return;
    const bool negotiable = is_negotiable(response, options);
    const ContentCoding coding = negotiable ? choose_coding(request.headers.find("Accept-Encoding"))
                                            : ContentCoding::identity;
    if (negotiable) add_vary_accept_encoding(response.headers);
    if (const std::string* etag = response.headers.find("ETag")) {
        if (auto matched = matched_variant_etag(request.headers.find("If-None-Match"), *etag,
                                                coding, negotiable)) {
            response.status = 304;
            response.clear_body();
            response.headers.set("ETag", std::move(*matched));
            return;
        }
        if (coding != ContentCoding::identity)
            response.headers.set("ETag", variant_etag(*etag, coding));
    }
    if (coding == ContentCoding::gzip) replace_body(response, compress(response.body_view()));
}

}  // namespace sna::server
