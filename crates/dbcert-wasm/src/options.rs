//! Options objects read with serde, by a small [`serde::Deserializer`] over a [`JsValue`].
//!
//! It replaces serde-wasm-bindgen, whose code and, through serde's default error messages,
//! `f64`'s `Display` and core's float printing made the package about 7 KB (gzip) larger. Here no
//! float is ever formatted by Rust: the error type writes serde's messages itself, and since
//! options hold no fractional numbers, a number that is not a safe integer is an invalid type,
//! shown with the engine's own `Number.prototype.toString`.
//!
//! What a JS value is presented as:
//!
//! - a string: a string; `true`/`false`: a bool; `undefined` and `null`: none or unit;
//! - a number: an integer (`u64`, or `i64` when negative) when it is a safe integer, else an
//!   invalid type;
//! - an array: a sequence; a `Uint8Array`, `Buffer` or `ArrayBuffer`: a byte buffer (refused
//!   where a string is expected);
//! - any other object: a map of its own enumerable string keys, also when a struct is asked for,
//!   so that `deny_unknown_fields` sees every key and a misspelt option is an error (as in the
//!   Node addon);
//! - a BigInt, a symbol or a function: an invalid type.
//!
//! Nothing a caller passes can make it panic or let a JS exception unwind through the module:
//! every call that can run the caller's code (a getter, a Proxy trap) is imported with `catch`
//! and becomes an error; nesting deeper than [`MAX_DEPTH`] (a cyclic object) and more than
//! [`MAX_VALUES`] array elements and properties in all are errors too.

use std::cell::Cell;
use std::fmt::{self, Display};

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, Visitor,
};
use wasm_bindgen::prelude::*;

/// Deepest nesting of arrays and objects read, the options object included (it is level 1;
/// `alias` and the other lists are level 2). A cyclic object stops here instead of overflowing
/// the stack.
pub const MAX_DEPTH: usize = 16;

/// Most array elements and object properties read in one options value: enough for a CA bundle
/// of 4 MiB given as an array of numbers, and a bound on the time and memory a huge (or sparse)
/// array can cost.
pub const MAX_VALUES: usize = 1 << 22;

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`, 2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys(value)`; what a Proxy's `ownKeys` trap throws is returned, not unwound.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// `Array.isArray(value)`; the TypeError of a revoked Proxy is returned, not unwound.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// A `Uint8Array` this module made itself with [`FreshUint8Array::new`].
    #[wasm_bindgen(js_name = Uint8Array)]
    type FreshUint8Array;

    /// `new Uint8Array(source)`: a copy of a typed array, or a view of an `ArrayBuffer`; either
    /// way a real `Uint8Array` whose length and contents no getter of the caller's can change.
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    fn new(source: &JsValue) -> Result<FreshUint8Array, JsValue>;
}

/// Reads an options object (which must be a non-array object) as a `T`. The error is the detail
/// that follows "invalid options: ".
pub fn from_options<T: DeserializeOwned>(options: JsValue) -> Result<T, Error> {
    if !options.is_object() || is_array(&options).unwrap_or(true) {
        return Err(Error("options must be an object".to_owned()));
    }
    let budget = Cell::new(MAX_VALUES);
    T::deserialize(Deserializer {
        value: options,
        depth: 0,
        budget: &budget,
    })
}

/// Why an options value could not be read: a message in serde's words.
///
/// The constructors serde calls are all overridden, so that serde's own message formatting (and
/// with it `f64`'s `Display`, for `Unexpected::Float`) is never linked in.
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    #[cold]
    fn custom<T: Display>(msg: T) -> Self {
        Self(msg.to_string())
    }

    #[cold]
    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Self(format!("invalid type: {}, expected {exp}", Shown(unexp)))
    }

    #[cold]
    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Self(format!("invalid value: {}, expected {exp}", Shown(unexp)))
    }

    #[cold]
    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        Self(format!("invalid length {len}, expected {exp}"))
    }

    #[cold]
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Self(match expected {
            [] => format!("unknown variant `{variant}`, there are no variants"),
            _ => format!("unknown variant `{variant}`, expected {}", OneOf(expected)),
        })
    }

    #[cold]
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Self(match expected {
            [] => format!("unknown field `{field}`, there are no fields"),
            _ => format!("unknown field `{field}`, expected {}", OneOf(expected)),
        })
    }

    #[cold]
    fn missing_field(field: &'static str) -> Self {
        Self(format!("missing field `{field}`"))
    }

    #[cold]
    fn duplicate_field(field: &'static str) -> Self {
        Self(format!("duplicate field `{field}`"))
    }
}

/// An [`Unexpected`] in serde's words, except that a float is only named, never printed.
struct Shown<'a>(Unexpected<'a>);

impl Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(n) => write!(f, "integer `{n}`"),
            Unexpected::Signed(n) => write!(f, "integer `{n}`"),
            Unexpected::Float(_) => f.write_str("floating point number"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("unit value"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// A non-empty list of names as serde writes it: `` `a` ``, `` `a` or `b` ``,
/// `` one of `a`, `b`, `c` ``.
struct OneOf(&'static [&'static str]);

impl Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [a] => write!(f, "`{a}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

/// What a JS exception thrown while reading says: its `message` when it has a string one.
fn thrown(what: &str, exception: &JsValue) -> Error {
    let message = Reflect::get(exception, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string());
    Error(match message {
        Some(m) => format!("{what} could not be read: {m}"),
        None => format!("{what} could not be read"),
    })
}

/// Takes `n` from the budget of values left to read.
fn spend(budget: &Cell<usize>, n: usize) -> Result<(), Error> {
    match budget.get().checked_sub(n) {
        Some(left) => {
            budget.set(left);
            Ok(())
        }
        None => Err(Error(format!(
            "the options hold more than {MAX_VALUES} array elements and properties"
        ))),
    }
}

/// One JS value being read, `depth` arrays and objects down from the options object.
struct Deserializer<'b> {
    value: JsValue,
    depth: usize,
    budget: &'b Cell<usize>,
}

impl<'b> Deserializer<'b> {
    /// A value inside this one (an element or a property).
    fn child(&self, value: JsValue) -> Self {
        Deserializer {
            value,
            depth: self.depth + 1,
            budget: self.budget,
        }
    }

    /// Whether the value is bytes: a real `Uint8Array` (or `Buffer`; `ArrayBuffer.isView`, which
    /// no Proxy passes, and `instanceof`, whose exceptions wasm-bindgen catches) or an
    /// `ArrayBuffer` (what `File.arrayBuffer()` gives).
    fn is_bytes(&self) -> bool {
        let v = &self.value;
        (ArrayBuffer::is_view(v) && v.is_instance_of::<Uint8Array>())
            || v.is_instance_of::<ArrayBuffer>()
    }

    /// The bytes of a `Uint8Array`, `Buffer` or `ArrayBuffer`, `None` for any other object. They
    /// are copied by the engine first (`new Uint8Array(value)`), so that no getter of the
    /// caller's runs while the bytes are copied into the module.
    fn bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        if !self.is_bytes() {
            return Ok(None);
        }
        let copy = FreshUint8Array::new(&self.value).map_err(|e| thrown("a Uint8Array", &e))?;
        Ok(Some(copy.unchecked_into::<Uint8Array>().to_vec()))
    }

    /// What the value is, with everything read from JS that the visitor needs.
    #[inline(never)]
    fn read(&self) -> Result<Value, Error> {
        let v = &self.value;
        if let Some(s) = v.as_string() {
            return Ok(Value::String(s));
        }
        if let Some(n) = v.as_f64() {
            // NaN and the infinities fail too: their fract() is NaN.
            if n.fract() != 0.0 || n.abs() > MAX_SAFE_INTEGER {
                // Shown by the engine: Rust never formats a float here.
                let text = v
                    .dyn_ref::<js_sys::Number>()
                    .and_then(|n| n.to_string_with_radix(10).ok())
                    .map(String::from)
                    .unwrap_or_default();
                return Ok(Value::Other(format!("number `{text}`")));
            }
            // A safe integer converts exactly.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Ok(if n >= 0.0 {
                Value::Unsigned(n as u64)
            } else {
                Value::Signed(n as i64)
            });
        }
        if let Some(b) = v.as_bool() {
            return Ok(Value::Bool(b));
        }
        if v.is_undefined() || v.is_null() {
            return Ok(Value::Unit);
        }
        if !v.is_object() {
            let kind = if v.is_bigint() {
                "a BigInt"
            } else if v.is_symbol() {
                "a symbol"
            } else {
                "a function"
            };
            return Ok(Value::Other(kind.to_owned()));
        }
        if self.depth >= MAX_DEPTH {
            return Err(Error(format!(
                "the options nest more than {MAX_DEPTH} arrays and objects deep (a cycle?)"
            )));
        }
        if is_array(v).map_err(|e| thrown("an array", &e))? {
            let length = Reflect::get(v, &JsValue::from_str("length"))
                .map_err(|e| thrown("an array's length", &e))?
                .as_f64()
                .filter(|n| n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(n))
                .ok_or_else(|| Error("an array has no valid length".to_owned()))?;
            // A safe integer, then capped by the budget, well below u32::MAX.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let length = length as usize;
            spend(self.budget, length)?;
            #[allow(clippy::cast_possible_truncation)]
            return Ok(Value::Array(length as u32));
        }
        if let Some(bytes) = self.bytes()? {
            return Ok(Value::Bytes(bytes));
        }
        let keys = object_keys(v).map_err(|e| thrown("an object's keys", &e))?;
        spend(self.budget, keys.length() as usize)?;
        Ok(Value::Object(keys))
    }
}

/// A JS value as [`Deserializer::read`] found it.
enum Value {
    /// A string.
    String(String),
    /// A safe integer, zero or more.
    Unsigned(u64),
    /// A negative safe integer.
    Signed(i64),
    /// `true` or `false`.
    Bool(bool),
    /// `undefined` or `null`.
    Unit,
    /// The bytes of a `Uint8Array`, `Buffer` or `ArrayBuffer`.
    Bytes(Vec<u8>),
    /// An array of this length.
    Array(u32),
    /// Any other object, with its own enumerable string keys.
    Object(js_sys::Array),
    /// What no option can be (a number that is not a safe integer, a BigInt, a symbol, a
    /// function), described for the invalid-type error.
    Other(String),
}

impl<'de> de::Deserializer<'de> for Deserializer<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Everything that does not depend on the visitor is in `read`, compiled once: this
        // function is compiled again for every type read.
        match self.read()? {
            Value::String(s) => visitor.visit_string(s),
            Value::Unsigned(n) => visitor.visit_u64(n),
            Value::Signed(n) => visitor.visit_i64(n),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Unit => visitor.visit_unit(),
            Value::Bytes(bytes) => visitor.visit_byte_buf(bytes),
            Value::Array(length) => visitor.visit_seq(Elements {
                parent: &self,
                next: 0,
                length,
            }),
            Value::Object(keys) => visitor.visit_map(Properties {
                parent: &self,
                keys,
                next: 0,
                key: JsValue::UNDEFINED,
            }),
            Value::Other(what) => Err(de::Error::invalid_type(Unexpected::Other(&what), &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // serde's string visitor would take UTF-8 bytes: a string option must be a string.
        if self.is_bytes() {
            return Err(de::Error::invalid_type(Unexpected::Bytes(&[]), &visitor));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.value.is_undefined() || self.value.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // The options' enums are unit variants named by a string; anything else is refused by
        // the visitor with the usual invalid-type message.
        match self.value.as_string() {
            Some(s) => visitor.visit_enum(s.into_deserializer()),
            None => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Not read at all: an ignored value costs nothing and cannot fail.
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The elements of an array, read one by one with `Reflect.get`.
struct Elements<'p, 'b> {
    parent: &'p Deserializer<'b>,
    next: u32,
    length: u32,
}

impl<'b> Elements<'_, 'b> {
    /// The next element, read with `Reflect.get` (compiled once, not once per element type).
    #[inline(never)]
    fn next_value(&mut self) -> Result<Option<Deserializer<'b>>, Error> {
        if self.next >= self.length {
            return Ok(None);
        }
        let value = Reflect::get_u32(&self.parent.value, self.next)
            .map_err(|e| thrown("an array element", &e))?;
        self.next += 1;
        Ok(Some(self.parent.child(value)))
    }
}

impl<'de> SeqAccess<'de> for Elements<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.next_value()? {
            Some(element) => seed.deserialize(element).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.length - self.next) as usize)
    }
}

/// The own enumerable string keys of an object (`Object.keys`) and their values.
struct Properties<'p, 'b> {
    parent: &'p Deserializer<'b>,
    keys: js_sys::Array,
    next: u32,
    /// The key whose value is read next.
    key: JsValue,
}

impl<'b> Properties<'_, 'b> {
    /// The next key's name (compiled once, not once per map type).
    #[inline(never)]
    fn next_key(&mut self) -> Result<Option<String>, Error> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        self.key = self.keys.get(self.next);
        self.next += 1;
        // Object.keys gives strings only.
        Ok(Some(self.key.as_string().unwrap_or_default()))
    }

    /// The value of the last key, read with `Reflect.get` (compiled once).
    #[inline(never)]
    fn value(&self) -> Result<Deserializer<'b>, Error> {
        let value = Reflect::get(&self.parent.value, &self.key).map_err(|e| {
            let name = self.key.as_string().unwrap_or_default();
            thrown(&format!("`{name}`"), &e)
        })?;
        Ok(self.parent.child(value))
    }
}

impl<'de> MapAccess<'de> for Properties<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.next_key()? {
            Some(name) => seed.deserialize(name.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(self.value()?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.keys.length().saturating_sub(self.next) as usize)
    }
}
