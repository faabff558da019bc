//! Options objects read with serde: serde-wasm-bindgen reads the values, behind the JS guard.
//!
//! The package's JS entries (npm/dbcert-wasm) hand the module a guarded copy of every options
//! object, made by the guard the Node addon uses too (`npm/dbcert/options.js`): a
//! prototype-less object with the caller's own enumerable string keys, each an accessor that
//! reads the caller's value only when this module asks for it and returns it as plain data
//! (strings, numbers, booleans, BigInts, symbols, `null`, `undefined`, arrays and
//! prototype-less objects of these, a fresh `Uint8Array` for bytes, a function of the guard's
//! own for any function). What the guard could not read inside a value (a getter or Proxy trap
//! that threw, nesting deeper than 16 levels, more than 2^22 values) is left in the copy as the
//! `invalid_option` error it became, a JS `Error` (the only one in the copy: the caller's
//! objects are copied as prototype-less ones); a value whose own getter threw is that error,
//! thrown by the accessor. So nothing read here runs the caller's code, and nothing is cyclic or
//! unbounded.
//!
//! What this file adds to serde-wasm-bindgen, and why:
//!
//! - the options object is read key by key in the caller's order ([`Options`]): serde sees
//!   every key before its value is read, so `deny_unknown_fields` refuses a misspelt option
//!   before its getter runs (serde-wasm-bindgen's `deserialize_struct` looks up only the struct's
//!   own fields, and an unknown key would pass unseen); each value is read with the exception
//!   caught (`Reflect.get`), and what the guard threw is thrown again as it is, as is an error
//!   the guard left in the copy when serde reaches it (and only then: a value of the wrong type
//!   is refused for its type before anything inside it);
//! - each value goes to serde-wasm-bindgen's self-describing `deserialize_any` (strings,
//!   booleans, `null` and `undefined`, safe integers, bytes, objects as maps) behind [`Value`],
//!   which first refuses what no option can be (a number that is not a safe integer, which
//!   serde-wasm-bindgen would hand on as a float; a BigInt, which it would read as an integer; a
//!   symbol; a function), and reads arrays itself, element by element, so that the elements pass
//!   through [`Value`] too;
//! - strings are read as strings only: bytes where a string is expected are refused (serde would
//!   take them when they are UTF-8); every other type but `ca`'s refuses bytes by itself. So
//!   bytes are file contents in `ca` and nowhere else.
//!
//! The words of every refusal the module makes are in [`messages`].

pub mod messages;

use std::cell::RefCell;

use js_sys::{Array, Number, Reflect, Uint8Array};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde_wasm_bindgen::{Deserializer as JsDeserializer, Error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys(value)`, with what it throws returned, not unwound.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;

    /// `Array.isArray(value)`; the TypeError of a revoked Proxy is returned, not unwound.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// Why an options object was refused.
#[derive(Debug)]
pub enum Refused {
    /// What the guard threw while a value was read (an `invalid_option` `Error`): thrown again
    /// as it is.
    Thrown(JsValue),
    /// A message in serde's words, raised while `option` was read (`None`: the object as a
    /// whole, e.g. a missing field).
    Invalid {
        /// The key being read.
        option: Option<String>,
        /// serde's message (or one of [`messages`]).
        message: String,
    },
}

/// Reads an options object (which must be a non-array object) as a `T`.
pub fn from_options<T: DeserializeOwned>(options: JsValue) -> Result<T, Refused> {
    let invalid = |message: &str| Refused::Invalid {
        option: None,
        message: message.to_owned(),
    };
    if !options.is_object() || is_array(&options).unwrap_or(true) {
        return Err(invalid(messages::NOT_AN_OBJECT));
    }
    let keys = object_keys(&options).map_err(|_| invalid(messages::UNREADABLE))?;
    let reading = Reading::default();
    T::deserialize(Options {
        object: &options,
        keys,
        next: 0,
        reading: &reading,
    })
    .map_err(|e| match reading.thrown.take() {
        Some(thrown) => Refused::Thrown(thrown),
        None => Refused::Invalid {
            option: reading.key.take(),
            message: text(e),
        },
    })
}

/// The text of a serde-wasm-bindgen error (a JS `Error` made by serde's message).
fn text(e: Error) -> String {
    JsValue::from(e)
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

/// Where the reading of an options object is: the key being read, and what the guard threw.
#[derive(Default)]
struct Reading {
    key: RefCell<Option<String>>,
    thrown: RefCell<Option<JsValue>>,
}

impl Reading {
    /// Keeps the guard's error, to be thrown again as it is; serde only sees that reading failed.
    fn throw(&self, error: JsValue) -> Error {
        self.thrown.replace(Some(error));
        de::Error::custom("the JS guard refused a value")
    }
}

/// The options object, read as a map of its own enumerable string keys (see the top of this file).
struct Options<'a> {
    object: &'a JsValue,
    keys: Array,
    next: u32,
    reading: &'a Reading,
}

impl<'de> de::Deserializer<'de> for Options<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de> MapAccess<'de> for Options<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next >= self.keys.length() {
            self.reading.key.replace(None);
            return Ok(None);
        }
        // Object.keys gives strings only.
        let key = self.keys.get(self.next).as_string().unwrap_or_default();
        self.next += 1;
        self.reading.key.replace(Some(key.clone()));
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let key = self.keys.get(self.next.saturating_sub(1));
        match Reflect::get(self.object, &key) {
            Ok(value) => seed.deserialize(Value {
                value,
                reading: self.reading,
            }),
            Err(thrown) => Err(self.reading.throw(thrown)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.keys.length().saturating_sub(self.next) as usize)
    }
}

/// One value inside the options object.
struct Value<'r> {
    value: JsValue,
    reading: &'r Reading,
}

impl Value<'_> {
    /// What the value is, in an invalid-type error, when it is what no option can be.
    fn refused(&self) -> Option<String> {
        let v = &self.value;
        if v.as_f64().is_some() {
            if Number::is_safe_integer(v) {
                return None;
            }
            // Shown by the engine (`Number.prototype.toString`): Rust formats no float here.
            let text = v
                .dyn_ref::<Number>()
                .and_then(|n| n.to_string_with_radix(10).ok())
                .map(String::from)
                .unwrap_or_default();
            return Some(messages::number(&text));
        }
        let what = if v.is_symbol() {
            messages::SYMBOL
        } else if v.is_function() {
            messages::FUNCTION
        } else if v.is_bigint() {
            messages::BIGINT
        } else {
            return None;
        };
        Some(what.to_owned())
    }
}

impl<'de> de::Deserializer<'de> for Value<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.value.is_instance_of::<js_sys::Error>() {
            return Err(self.reading.throw(self.value));
        }
        if let Some(what) = self.refused() {
            return Err(de::Error::invalid_type(Unexpected::Other(&what), &visitor));
        }
        if Array::is_array(&self.value) {
            let array = self.value.unchecked_into::<Array>();
            return visitor.visit_seq(Elements {
                length: array.length(),
                array,
                next: 0,
                reading: self.reading,
            });
        }
        JsDeserializer::from(self.value).deserialize_any(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.value.is_instance_of::<Uint8Array>() {
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
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // The options' enums are unit variants named by a string; anything else is refused by
        // the visitor with the usual invalid-type message.
        if self.value.is_string() {
            JsDeserializer::from(self.value).deserialize_enum(name, variants, visitor)
        } else {
            self.deserialize_any(visitor)
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

/// The elements of an array (a plain one, copied by the guard), read one by one.
struct Elements<'r> {
    array: Array,
    length: u32,
    next: u32,
    reading: &'r Reading,
}

impl<'de> SeqAccess<'de> for Elements<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.length {
            return Ok(None);
        }
        let value = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Value {
            value,
            reading: self.reading,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.length.saturating_sub(self.next) as usize)
    }
}
