// The msgpack decoder (DynamicValue.msgpack from the CLI). Input: one byte choosing the type
// (a primitive, a collection, dynamic, or a resource schema's object type), then the bytes.
// A decoded value must encode, and the encoding must decode back to an equal value.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "schemas.h"
#include "value/msgpack.h"

using namespace ge::value;

namespace {

Type pick_type(uint8_t selector) {
  switch (selector) {
    case 0: return Type::dynamic();
    case 1: return Type::string();
    case 2: return Type::number();
    case 3: return Type::boolean();
    case 4: return Type::list(Type::string());
    case 5: return Type::set(Type::string());
    case 6: return Type::map(Type::number());
    case 7: return Type::list(Type::dynamic());
    case 8: return Type::object({{"a", Type::string()}, {"b", Type::list(Type::number())}, {"c", Type::dynamic()}});
    case 9: return Type::tuple({Type::string(), Type::boolean()});
    default: {
      const auto& all = ge::fuzz::schemas();
      return all[(selector - 10) % all.size()].object_type();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Type type = pick_type(data[0]);
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  auto decoded = decode_msgpack(bytes, type);
  if (!decoded.ok()) return 0;
  const std::string encoded = encode_msgpack(*decoded, type);
  auto again = decode_msgpack(encoded, type);
  if (!again.ok()) std::abort();                              // our own encoding must be readable
  if (encode_msgpack(*again, type) != encoded) std::abort();  // and stable
  return 0;
}
