#include "value/msgpack.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "value/error_path.h"
#include "value/json_text.h"

namespace ge::value {
namespace {

// ---------------------------------------------------------------------------------------------
// Reading msgpack primitives.

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool at_end() const { return pos_ >= in_.size(); }
  size_t remaining() const { return in_.size() - pos_; }
  uint8_t peek() const { return static_cast<uint8_t>(in_[pos_]); }  // precondition: !at_end()

  bool byte(uint8_t& out) {
    if (at_end()) return false;
    out = peek();
    ++pos_;
    return true;
  }
  // An unsigned big-endian integer of n bytes (n <= 8).
  bool big_endian(size_t n, uint64_t& out) {
    if (remaining() < n) return false;
    out = 0;
    for (size_t i = 0; i < n; ++i) out = (out << 8) | static_cast<uint8_t>(in_[pos_ + i]);
    pos_ += n;
    return true;
  }
  bool bytes(uint64_t n, std::string_view& out) {
    if (remaining() < n) return false;
    out = in_.substr(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return true;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

bool is_ext(uint8_t code) { return (code >= 0xd4 && code <= 0xd8) || (code >= 0xc7 && code <= 0xc9); }

// Reads the length of a container header: fix form in the low bits of `fix_base`..`fix_base+15`,
// otherwise a 16- or 32-bit length after `code16` / `code16 + 1`.
bool read_container_header(Reader& r, uint8_t fix_base, uint8_t code16, uint64_t& len) {
  uint8_t code = 0;
  if (!r.byte(code)) return false;
  if (code >= fix_base && code <= fix_base + 0x0f) {
    len = code & 0x0f;
    return true;
  }
  if (code == code16) return r.big_endian(2, len);
  if (code == code16 + 1) return r.big_endian(4, len);
  return false;
}
bool read_array_header(Reader& r, uint64_t& len) { return read_container_header(r, 0x90, 0xdc, len); }
bool read_map_header(Reader& r, uint64_t& len) { return read_container_header(r, 0x80, 0xde, len); }

// str or bin: vmihailenco's DecodeString and DecodeBytes both accept either family.
bool read_str_or_bin(Reader& r, std::string_view& out) {
  uint8_t code = 0;
  if (!r.byte(code)) return false;
  uint64_t len;
  if (code >= 0xa0 && code <= 0xbf) {
    len = code & 0x1f;
  } else if (code == 0xd9 || code == 0xc4) {
    if (!r.big_endian(1, len)) return false;
  } else if (code == 0xda || code == 0xc5) {
    if (!r.big_endian(2, len)) return false;
  } else if (code == 0xdb || code == 0xc6) {
    if (!r.big_endian(4, len)) return false;
  } else {
    return false;
  }
  return r.bytes(len, out);
}

bool read_ext_header(Reader& r, uint8_t& ext_type, uint64_t& len) {
  uint8_t code = 0;
  if (!r.byte(code)) return false;
  switch (code) {
    case 0xd4: len = 1; break;
    case 0xd5: len = 2; break;
    case 0xd6: len = 4; break;
    case 0xd7: len = 8; break;
    case 0xd8: len = 16; break;
    case 0xc7:
      if (!r.big_endian(1, len)) return false;
      break;
    case 0xc8:
      if (!r.big_endian(2, len)) return false;
      break;
    case 0xc9:
      if (!r.big_endian(4, len)) return false;
      break;
    default: return false;
  }
  return r.byte(ext_type);
}

// Any msgpack integer that fits int64 (refinement map keys).
bool read_int(Reader& r, int64_t& out) {
  uint8_t code = 0;
  if (!r.byte(code)) return false;
  if (code <= 0x7f || code >= 0xe0) {
    out = static_cast<int8_t>(code);
    return true;
  }
  uint64_t u;
  switch (code) {
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
      if (!r.big_endian(size_t{1} << (code - 0xcc), u) || u > static_cast<uint64_t>(INT64_MAX)) return false;
      out = static_cast<int64_t>(u);
      return true;
    case 0xd0:
      if (!r.big_endian(1, u)) return false;
      out = static_cast<int8_t>(u);
      return true;
    case 0xd1:
      if (!r.big_endian(2, u)) return false;
      out = static_cast<int16_t>(u);
      return true;
    case 0xd2:
      if (!r.big_endian(4, u)) return false;
      out = static_cast<int32_t>(u);
      return true;
    case 0xd3:
      if (!r.big_endian(8, u)) return false;
      out = static_cast<int64_t>(u);
      return true;
    default: return false;
  }
}

// Skips one complete msgpack value of any kind. Used only inside an ext 12 payload, which is at
// most 1024 bytes, so the recursion depth is bounded by that.
bool skip_value(Reader& r) {
  if (r.at_end()) return false;
  const uint8_t code = r.peek();
  std::string_view ignored;
  uint64_t len, n;
  if (code <= 0x7f || code >= 0xe0 || code == 0xc0 || code == 0xc2 || code == 0xc3) {
    uint8_t b = 0;
    return r.byte(b);
  }
  if ((code >= 0xa0 && code <= 0xbf) || (code >= 0xc4 && code <= 0xc6) || (code >= 0xd9 && code <= 0xdb)) {
    return read_str_or_bin(r, ignored);
  }
  if (is_ext(code)) {
    uint8_t t;
    return read_ext_header(r, t, len) && r.bytes(len, ignored);
  }
  if ((code >= 0x90 && code <= 0x9f) || code == 0xdc || code == 0xdd) {
    if (!read_array_header(r, n)) return false;
    for (uint64_t i = 0; i < n; ++i) {
      if (!skip_value(r)) return false;
    }
    return true;
  }
  if ((code >= 0x80 && code <= 0x8f) || code == 0xde || code == 0xdf) {
    if (!read_map_header(r, n)) return false;
    for (uint64_t i = 0; i < 2 * n; ++i) {
      if (!skip_value(r)) return false;
    }
    return true;
  }
  uint8_t b = 0;
  r.byte(b);
  switch (code) {  // fixed-width scalars: ints, uints, floats
    case 0xcc:
    case 0xd0: return r.bytes(1, ignored);
    case 0xcd:
    case 0xd1: return r.bytes(2, ignored);
    case 0xca:
    case 0xce:
    case 0xd2: return r.bytes(4, ignored);
    case 0xcb:
    case 0xcf:
    case 0xd3: return r.bytes(8, ignored);
    default: return false;  // 0xc1 is never used
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding against a type (go-cty cty/msgpack/unmarshal.go, unknown.go).

constexpr uint8_t kUnknownWithRefinements = 0x0c;
constexpr uint64_t kMaxRefinementLength = 1024;  // cty rejects larger payloads as abusive
constexpr int64_t kRefinementNullness = 1;

class Decoder {
 public:
  explicit Decoder(std::string_view in) : r_(in) {}

  base::Result<Value> top(const Type& type) {
    if (r_.at_end()) return fail("no data (an empty DynamicValue means null and must be handled by the caller)");
    auto v = decode(type);
    if (v.ok() && !r_.at_end()) return fail("unexpected trailing bytes after the value");
    return v;
  }

 private:
  base::Status fail(std::string_view problem) const { return path_.fail(problem); }

  base::Result<Value> decode(const Type& type) {
    if (r_.at_end()) return fail("unexpected end of data");
    const uint8_t code = r_.peek();
    // Ext is checked before anything else, dynamic included: every ext is an unknown.
    if (is_ext(code)) return unknown(type);
    if (type.is_dynamic()) return dynamic();
    if (code == 0xc0) {
      uint8_t b = 0;
      r_.byte(b);
      return Value::null(type);
    }
    switch (type.kind()) {
      case Type::Kind::kString: {
        std::string_view s;
        if (!read_str_or_bin(r_, s)) return fail("a string is required");
        return Value::string(std::string(s));
      }
      case Type::Kind::kNumber: return number();
      case Type::Kind::kBool: {
        uint8_t b = 0;
        r_.byte(b);
        if (b != 0xc2 && b != 0xc3) return fail("a bool is required");
        return Value::boolean(b == 0xc3);
      }
      case Type::Kind::kList:
      case Type::Kind::kSet: {
        const bool is_list = type.kind() == Type::Kind::kList;
        auto elems = sequence(type.element(), nullptr, is_list ? "a list is required" : "a set is required");
        if (!elems.ok()) return elems.error();
        return is_list ? Value::list(type.element(), std::move(*elems)) : Value::set(type.element(), std::move(*elems));
      }
      case Type::Kind::kTuple: {
        auto elems = sequence(Type(), &type.elements(), "a tuple is required");
        if (!elems.ok()) return elems.error();
        return Value::tuple(std::move(*elems));
      }
      case Type::Kind::kMap: return map(type.element());
      case Type::Kind::kObject: return object(type);
      case Type::Kind::kDynamic: break;  // handled above
    }
    return fail("unsupported type");
  }

  base::Result<Value> number() {
    std::string_view text;
    if (Reader probe = r_; read_str_or_bin(probe, text)) {
      // cty writes numbers too big or too precise for int64/float64 as decimal text.
      r_ = probe;
      auto n = Number::from_string(text);
      if (!n.ok()) return fail("a number is required, got the string \"" + std::string(text) + "\"");
      return Value::number(std::move(*n));
    }
    uint8_t code = 0;
    r_.byte(code);
    uint64_t u = 0;
    if (code <= 0x7f || code >= 0xe0) return Value::number(Number::from_int(static_cast<int8_t>(code)));
    switch (code) {
      case 0xcc:
      case 0xcd:
      case 0xce:
      case 0xcf:
        if (!r_.big_endian(size_t{1} << (code - 0xcc), u)) break;
        return Value::number(Number::from_uint(u));
      case 0xd0:
        if (!r_.big_endian(1, u)) break;
        return Value::number(Number::from_int(static_cast<int8_t>(u)));
      case 0xd1:
        if (!r_.big_endian(2, u)) break;
        return Value::number(Number::from_int(static_cast<int16_t>(u)));
      case 0xd2:
        if (!r_.big_endian(4, u)) break;
        return Value::number(Number::from_int(static_cast<int32_t>(u)));
      case 0xd3:
        if (!r_.big_endian(8, u)) break;
        return Value::number(Number::from_int(static_cast<int64_t>(u)));
      case 0xca:
      case 0xcb: {
        if (!r_.big_endian(code == 0xca ? 4 : 8, u)) break;
        const double d = code == 0xca ? static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(u)))
                                      : std::bit_cast<double>(u);
        if (std::isnan(d)) return fail("NaN is not a number");
        return Value::number(Number::from_double(d));
      }
      default: break;
    }
    return fail("a number is required");
  }

  // Elements of a list/set (all of type `element`) or of a tuple (types from `tuple_types`).
  base::Result<Value::Elements> sequence(const Type& element, const std::vector<Type>* tuple_types,
                                         std::string_view required) {
    uint64_t n;
    if (!read_array_header(r_, n)) return fail(required);
    if (tuple_types && n != tuple_types->size()) {
      return fail("a tuple of length " + std::to_string(tuple_types->size()) + " is required (" + std::to_string(n) +
                  " given)");
    }
    Value::Elements out;
    // Each element takes at least one byte, so a lying length cannot make us over-allocate.
    out.reserve(static_cast<size_t>(std::min<uint64_t>(n, r_.remaining())));
    for (uint64_t i = 0; i < n; ++i) {
      auto step = path_.index(i);
      auto e = decode(tuple_types ? (*tuple_types)[i] : element);
      if (!e.ok()) return e.error();
      out.push_back(std::move(*e));
    }
    return out;
  }

  base::Result<Value> map(const Type& element) {
    uint64_t n;
    if (!read_map_header(r_, n)) return fail("a map is required");
    Value::Entries out;
    for (uint64_t i = 0; i < n; ++i) {
      std::string_view key;
      if (!read_str_or_bin(r_, key)) return fail("map keys must be strings");
      auto step = path_.key(key);
      auto e = decode(element);
      if (!e.ok()) return e;
      out.insert_or_assign(std::string(key), std::move(*e));
    }
    return Value::map(element, std::move(out));
  }

  // cty requires exactly the type's attributes (unmarshal.go unmarshalObject); we check key by
  // key so that the error names the attribute rather than just counting.
  base::Result<Value> object(const Type& type) {
    uint64_t n;
    if (!read_map_header(r_, n)) return fail("an object is required");
    const auto& attrs = type.attributes();
    Value::Entries out;
    for (uint64_t i = 0; i < n; ++i) {
      std::string_view key;
      if (!read_str_or_bin(r_, key)) return fail("object keys must be strings");
      const auto it = attrs.find(std::string(key));
      if (it == attrs.end()) return fail("unsupported attribute \"" + std::string(key) + "\"");
      auto step = path_.attribute(it->first);
      auto e = decode(it->second);
      if (!e.ok()) return e;
      out.insert_or_assign(it->first, std::move(*e));
    }
    std::string missing;
    for (const auto& [name, aty] : attrs) {
      if (out.count(name)) continue;
      missing += missing.empty() ? "\"" : ", \"";
      missing += name + "\"";
    }
    if (!missing.empty()) return fail("missing required attribute " + missing);
    return Value::object(type, std::move(out));
  }

  // [bin(type JSON), value] (dynamic.go); nil is a null of dynamic type.
  base::Result<Value> dynamic() {
    if (r_.peek() == 0xc0) {
      uint8_t b = 0;
      r_.byte(b);
      return Value::null(Type::dynamic());
    }
    uint64_t n;
    if (!read_array_header(r_, n)) return fail("a dynamic value must be a [type, value] array");
    if (n != 2) return fail("a dynamic value array must have exactly two elements");
    std::string_view type_json;
    if (!read_str_or_bin(r_, type_json)) return fail("a dynamic value must start with its type JSON");
    auto type = Type::from_json(type_json);
    if (!type.ok()) return fail(type.error().message());
    return decode(*type);
  }

  // Every ext code is an unknown (unknown.go unmarshalUnknownValue); only ext 12 carries a
  // refinement map, of which we keep key 1 (nullness).
  base::Result<Value> unknown(const Type& type) {
    uint8_t ext_type;
    uint64_t len;
    std::string_view body;
    if (!read_ext_header(r_, ext_type, len) || !r_.bytes(len, body)) return fail("truncated extension value");
    if (len <= 1 || ext_type != kUnknownWithRefinements || type.is_dynamic()) return Value::unknown(type);
    if (len > kMaxRefinementLength) return fail("oversize unknown value refinement");
    Reader refinements(body);
    uint64_t count;
    if (!read_map_header(refinements, count)) return fail("unknown value refinements must be a map");
    bool not_null = false;
    for (uint64_t i = 0; i < count; ++i) {
      int64_t key;
      if (!read_int(refinements, key)) return fail("unknown value refinement keys must be integers");
      if (key != kRefinementNullness) {
        if (!skip_value(refinements)) return fail("malformed unknown value refinement");
        continue;
      }
      uint8_t b = 0;
      if (!refinements.byte(b) || (b != 0xc2 && b != 0xc3)) return fail("nullness refinement must be a bool");
      // "is null" collapses the unknown into a known null, as cty's refinement builder does.
      if (b == 0xc3) return Value::null(type);
      not_null = true;
    }
    return Value::unknown(type, not_null);
  }

  Reader r_;
  detail::ErrorPath path_{"msgpack value"};
};

// ---------------------------------------------------------------------------------------------
// Encoding (go-cty cty/msgpack/marshal.go with vmihailenco/msgpack v5's compact encodings).

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void nil() { out_ += '\xc0'; }
  void boolean(bool b) { out_ += b ? '\xc3' : '\xc2'; }
  // EncodeInt with UseCompactInts: non-negative values take the smallest uint form.
  void integer(int64_t n) {
    if (n >= 0) {
      const auto u = static_cast<uint64_t>(n);
      if (u <= 0x7f) {
        out_ += static_cast<char>(u);
      } else if (u <= 0xff) {
        head(0xcc, u, 1);
      } else if (u <= 0xffff) {
        head(0xcd, u, 2);
      } else if (u <= 0xffffffff) {
        head(0xce, u, 4);
      } else {
        head(0xcf, u, 8);
      }
      return;
    }
    const auto u = static_cast<uint64_t>(n);
    if (n >= -32) {
      out_ += static_cast<char>(u);
    } else if (n >= INT8_MIN) {
      head(0xd0, u, 1);
    } else if (n >= INT16_MIN) {
      head(0xd1, u, 2);
    } else if (n >= INT32_MIN) {
      head(0xd2, u, 4);
    } else {
      head(0xd3, u, 8);
    }
  }
  // cty disables compact floats, so every float is a full float64.
  void float64(double d) { head(0xcb, std::bit_cast<uint64_t>(d), 8); }
  void str(std::string_view s) {
    if (s.size() < 32) {
      out_ += static_cast<char>(0xa0 | s.size());
    } else {
      sized(0xd9, s.size());
    }
    out_ += s;
  }
  void bin(std::string_view s) {
    sized(0xc4, s.size());
    out_ += s;
  }
  void array_header(size_t n) { container(0x90, 0xdc, n); }
  void map_header(size_t n) { container(0x80, 0xde, n); }
  void raw(std::string_view bytes) { out_ += bytes; }

 private:
  void head(uint8_t code, uint64_t v, int n) {
    out_ += static_cast<char>(code);
    for (int i = n - 1; i >= 0; --i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  // 8-, 16- or 32-bit length forms at code, code+1, code+2 (str8/16/32, bin8/16/32).
  void sized(uint8_t code8, size_t n) {
    if (n <= 0xff) {
      head(code8, n, 1);
    } else if (n <= 0xffff) {
      head(code8 + 1, n, 2);
    } else {
      head(code8 + 2, n, 4);
    }
  }
  void container(uint8_t fix_base, uint8_t code16, size_t n) {
    if (n < 16) {
      out_ += static_cast<char>(fix_base | n);
    } else if (n <= 0xffff) {
      head(code16, n, 2);
    } else {
      head(code16 + 1, n, 4);
    }
  }

  std::string& out_;
};

// unknown.go: a totally unknown value is fixext1 type 0 payload 0; one that is definitely not
// null is ext 12 carrying {1: false}. No other refinement survives decoding, so none is written.
constexpr std::string_view kUnknown("\xd4\x00\x00", 3);
constexpr std::string_view kUnknownNotNull("\xc7\x03\x0c\x81\x01\xc2", 6);

void write_number(Writer& w, const Number& n) {
  const auto form = n.wire_form();
  if (const auto* i = std::get_if<int64_t>(&form)) {
    w.integer(*i);
  } else if (const auto* d = std::get_if<double>(&form)) {
    w.float64(*d);
  } else {
    w.str(std::get<std::string>(form));
  }
}

void encode(Writer& w, const Value& v, const Type& type) {
  const Type::Kind have = v.type().kind();
  if (type.is_dynamic() && have != Type::Kind::kDynamic) {
    const std::string type_json = v.type().to_json();
    w.array_header(2);
    w.bin(type_json);
    encode(w, v, v.type());
    return;
  }
  if (!v.is_known()) {
    w.raw(v.definitely_not_null() ? kUnknownNotNull : kUnknown);
    return;
  }
  if (v.is_null()) {
    w.nil();
    return;
  }
  switch (type.kind()) {
    case Type::Kind::kString:
      // cty convert's safe primitive conversions, for values built from API data.
      if (have == Type::Kind::kString) return w.str(v.as_string());
      if (have == Type::Kind::kNumber) return w.str(v.as_number().to_string());
      if (have == Type::Kind::kBool) return w.str(v.as_bool() ? "true" : "false");
      break;
    case Type::Kind::kNumber:
      if (have == Type::Kind::kNumber) return write_number(w, v.as_number());
      if (have == Type::Kind::kString) {
        if (auto n = Number::from_string(v.as_string()); n.ok()) return write_number(w, *n);
      }
      break;
    case Type::Kind::kBool:
      if (have == Type::Kind::kBool) return w.boolean(v.as_bool());
      if (have == Type::Kind::kString && (v.as_string() == "true" || v.as_string() == "false")) {
        return w.boolean(v.as_string() == "true");
      }
      break;
    case Type::Kind::kList:
    case Type::Kind::kSet:
      if (have == Type::Kind::kList || have == Type::Kind::kSet || have == Type::Kind::kTuple) {
        w.array_header(v.elements().size());
        for (const Value& e : v.elements()) encode(w, e, type.element());
        return;
      }
      break;
    case Type::Kind::kTuple:
      if (have == Type::Kind::kList || have == Type::Kind::kSet || have == Type::Kind::kTuple) {
        const auto& types = type.elements();
        w.array_header(types.size());
        for (size_t i = 0; i < types.size(); ++i) {
          if (i < v.elements().size()) {
            encode(w, v.elements()[i], types[i]);
          } else {
            w.nil();
          }
        }
        return;
      }
      break;
    case Type::Kind::kMap:
      if (have == Type::Kind::kMap || have == Type::Kind::kObject) {
        w.map_header(v.entries().size());
        for (const auto& [k, e] : v.entries()) {
          w.str(k);
          encode(w, e, type.element());
        }
        return;
      }
      break;
    case Type::Kind::kObject:
      if (have == Type::Kind::kMap || have == Type::Kind::kObject) {
        // Every attribute of the schema type, sorted (std::map order is Go's sort.Strings order).
        w.map_header(type.attributes().size());
        for (const auto& [name, aty] : type.attributes()) {
          w.str(name);
          encode(w, v.attribute(name), aty);
        }
        return;
      }
      break;
    case Type::Kind::kDynamic: break;  // a known value of dynamic type cannot be built; nothing sensible to write
  }
  w.nil();
}

}  // namespace

base::Result<Value> decode_msgpack(std::string_view bytes, const Type& type) { return Decoder(bytes).top(type); }

std::string encode_msgpack(const Value& v, const Type& type) {
  std::string out;
  Writer w(out);
  encode(w, v, type);
  return out;
}

}  // namespace ge::value
