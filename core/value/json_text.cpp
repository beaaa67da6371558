#include "value/json_text.h"

#include <cstdint>
#include <exception>

#include <nlohmann/json.hpp>

namespace ge::value::detail {
namespace {

constexpr size_t kMaxDepth = 512;

// Builds a JsonNode tree from nlohmann SAX events. Containers are appended to their parent before
// they are filled; the pointers on the stack stay valid because a parent only grows after its
// open child has been closed.
class TreeBuilder {
 public:
  using json = nlohmann::json;

  bool null() { return add(JsonNode{}); }
  bool boolean(bool b) {
    JsonNode n;
    n.kind = JsonNode::Kind::kBool;
    n.boolean = b;
    return add(std::move(n));
  }
  bool number_integer(json::number_integer_t v) { return number(std::to_string(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return number(std::to_string(v)); }
  // nlohmann passes the literal text for every number it does not hold as a 64-bit integer,
  // including integers too large for uint64: that text is what we keep.
  bool number_float(json::number_float_t, const json::string_t& text) { return number(text); }
  bool string(json::string_t& s) {
    JsonNode n;
    n.kind = JsonNode::Kind::kString;
    n.text = std::move(s);
    return add(std::move(n));
  }
  bool binary(json::binary_t&) { return fail("binary values are not JSON"); }
  bool start_object(std::size_t) { return open(JsonNode::Kind::kObject); }
  bool key(json::string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(JsonNode::Kind::kArray); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) { return fail(ex.what()); }

  JsonNode& root() { return root_; }
  const std::string& error() const { return error_; }

 private:
  bool number(std::string text) {
    JsonNode n;
    n.kind = JsonNode::Kind::kNumber;
    n.text = std::move(text);
    return add(std::move(n));
  }
  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  // Places n in the current container (or as the root) and returns where it now lives.
  JsonNode* place(JsonNode n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return &root_;
    }
    JsonNode* top = stack_.back();
    if (top->kind == JsonNode::Kind::kArray) {
      top->items.push_back(std::move(n));
      return &top->items.back();
    }
    top->members.push_back({std::move(key_), std::move(n)});
    return &top->members.back().second;
  }
  bool add(JsonNode n) {
    place(std::move(n));
    return true;
  }
  bool open(JsonNode::Kind kind) {
    if (stack_.size() >= kMaxDepth) return fail("JSON nested too deeply");
    JsonNode n;
    n.kind = kind;
    stack_.push_back(place(std::move(n)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  JsonNode root_;
  std::vector<JsonNode*> stack_;
  std::string key_;
  std::string error_;
};

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the bytes there are invalid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len;
  uint32_t cp;
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2;
    cp = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3;
    cp = b0 & 0x0f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Reject overlong forms, surrogates and code points past U+10FFFF, as Go's utf8 package does.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) {
    return 0;
  }
  return len;
}

}  // namespace

base::Result<JsonNode> parse_json(std::string_view text) {
  TreeBuilder builder;
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const std::exception& e) {
    return base::InvalidArgument(std::string("invalid JSON: ") + e.what());
  }
  if (!ok) {
    return base::InvalidArgument("invalid JSON: " +
                                 (builder.error().empty() ? std::string("parse failed") : builder.error()));
  }
  return std::move(builder.root());
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '<':
        case '>':
        case '&':
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
          break;
        default:
          if (c < 0x20) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    const std::string_view seq = s.substr(i, len);
    if (seq == "\xe2\x80\xa8") {
      out += "\\u2028";
    } else if (seq == "\xe2\x80\xa9") {
      out += "\\u2029";
    } else {
      out += seq;
    }
    i += len;
  }
  out += '"';
}

}  // namespace ge::value::detail
