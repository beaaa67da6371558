// The msgpack form of cty values: DynamicValue.msgpack on the tfplugin6 wire.
//
// Byte-compatible with go-cty cty/msgpack (marshal.go, unmarshal.go, unknown.go, dynamic.go) as
// described in docs/reference/plugin-protocol.md section 4 and traps 8 and 9. The type argument is always the
// schema's type at that position (for a resource: the object of all attributes and blocks).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "value/type.h"
#include "value/value.h"

namespace ge::value {

// Decodes bytes as a value of `type`.
//  - nil → null of `type`; every ext code → unknown. An ext 12 payload is a map with integer
//    keys; key 1 false marks the unknown definitely-not-null, key 1 true makes it a null (as cty
//    does); other keys are ignored. An ext longer than 1 byte with a code other than 12 is also
//    taken as unknown (cty rejects it; the protocol promises nothing else can arrive there).
//  - numbers: any int/uint width, float32/64, or a str/bin holding decimal text. NaN is rejected.
//  - strings: str or bin (vmihailenco DecodeString accepts both).
//  - objects: exactly the type's attributes; a missing or an extra attribute is an error naming
//    it. Tuples: exactly the type's length.
//  - dynamic positions: the [type-JSON, value] wrapper; the result carries the concrete type.
//    nil at a dynamic position is a null of dynamic type.
// Errors are InvalidArgument with the path of the offending value, e.g.
// "msgpack value at .filters[0].name: a string is required". An empty buffer is an error (callers
// map an empty DynamicValue to null themselves), as are trailing bytes after the value.
base::Result<Value> decode_msgpack(std::string_view bytes, const Type& type);

// Encodes v as a value of `type`, byte-identical to cty.msgpack.Marshal:
//  - null → c0. Unknown → d4 00 00, or c7 03 0c 81 01 c2 (ext 12 {1: false}) when it is
//    definitely not null; a dynamic unknown is always d4 00 00.
//  - at a dynamic position, a value of concrete type (known, null or unknown) is wrapped as
//    [bin(type JSON), value]; a value of dynamic type is written bare.
//  - numbers per Number::wire_form with the most compact int encoding; strings as str; objects
//    with every attribute of `type` in sorted order (a missing attribute as nil); maps sorted.
// Precondition: v conforms to `type`. Where it does not, primitives are converted the way cty's
// convert package would (number/bool → string, numeric string → number, "true"/"false" → bool)
// and anything irreconcilable is written as nil, which the host reports as an invalid value.
std::string encode_msgpack(const Value& v, const Type& type);

}  // namespace ge::value
