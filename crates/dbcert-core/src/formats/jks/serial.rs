//! Just enough of Java object serialization (the "Object Serialization Stream Protocol") to
//! step over the `javax.crypto.SealedObject` that a JCEKS secret-key entry holds.
//!
//! A serialized object carries no overall length, so the only way past it is to walk its
//! grammar: class descriptors (whose field lists say how the instance data is laid out),
//! strings, arrays, nested objects and back-references. Nothing is instantiated and the
//! encrypted content is skipped unread; only the class names are kept, to check that the
//! object is a `SealedObject` as Java's JCEKS loader requires ("Invalid secret key format"
//! otherwise). Depth, class-hierarchy length and every length are bounded by the input.

use super::read::{malformed, Cursor};
use crate::error::{Error, ErrorCode, Result};

const STREAM_MAGIC: u16 = 0xaced;
const STREAM_VERSION: u16 = 5;
const BASE_HANDLE: u32 = 0x7e_0000;

const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_ARRAY: u8 = 0x75;
const TC_CLASS: u8 = 0x76;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_RESET: u8 = 0x79;
const TC_BLOCKDATALONG: u8 = 0x7a;
const TC_EXCEPTION: u8 = 0x7b;
const TC_LONGSTRING: u8 = 0x7c;
const TC_PROXYCLASSDESC: u8 = 0x7d;
const TC_ENUM: u8 = 0x7e;

const SC_WRITE_METHOD: u8 = 0x01;
const SC_SERIALIZABLE: u8 = 0x02;
const SC_EXTERNALIZABLE: u8 = 0x04;
const SC_BLOCK_DATA: u8 = 0x08;

/// Deepest nesting of objects inside objects accepted.
const MAX_DEPTH: usize = 32;
/// Longest superclass chain accepted.
const MAX_HIERARCHY: usize = 64;

/// The class Java's JCEKS loader casts the object to.
const SEALED_OBJECT: &str = "javax.crypto.SealedObject";

/// A class descriptor, as far as skipping instance data needs it.
#[derive(Default)]
struct ClassDesc {
    name: String,
    flags: u8,
    /// One type code per serializable field, in stream order (`B C D F I J S Z` or `L [`).
    fields: Vec<u8>,
    /// Index of the superclass descriptor in `Walker::descs`.
    parent: Option<usize>,
}

/// What a handle refers to.
#[derive(Clone, Copy)]
enum Handle {
    Desc(usize),
    Other,
}

/// What a value turned out to be.
enum Value {
    Null,
    Desc(usize),
    Object(Option<usize>),
    Other,
}

struct Walker<'c, 'a> {
    c: &'c mut Cursor<'a>,
    handles: Vec<Handle>,
    descs: Vec<ClassDesc>,
}

/// Steps over one serialized `SealedObject` (stream header included) at the cursor.
pub(super) fn skip_sealed_object(c: &mut Cursor<'_>) -> Result<()> {
    let start = c.pos();
    if c.u16("a serialized secret key")? != STREAM_MAGIC
        || c.u16("a serialized secret key")? != STREAM_VERSION
    {
        return Err(malformed(
            "a secret-key entry does not hold a Java serialization stream (AC ED 00 05)",
            start,
        ));
    }
    let mut w = Walker {
        c,
        handles: Vec::new(),
        descs: Vec::new(),
    };
    let obj_at = w.c.pos();
    match w.value(0)? {
        Value::Object(Some(desc)) => {
            let names = w.hierarchy(desc, obj_at)?;
            if names
                .iter()
                .any(|&i| w.descs.get(i).is_some_and(|d| d.name == SEALED_OBJECT))
            {
                Ok(())
            } else {
                let name = w.descs.get(desc).map(|d| d.name.as_str()).unwrap_or("?");
                Err(malformed(
                    format!("a secret-key entry holds a serialized {name}, not a {SEALED_OBJECT} (keytool: \"Invalid secret key format\")"),
                    obj_at,
                ))
            }
        }
        _ => Err(malformed(
            format!("a secret-key entry does not hold a serialized {SEALED_OBJECT}"),
            obj_at,
        )),
    }
}

impl Walker<'_, '_> {
    fn err(&self, message: impl Into<String>, at: usize) -> Error {
        malformed(format!("serialized secret key: {}", message.into()), at)
    }

    fn new_handle(&mut self, h: Handle) {
        self.handles.push(h);
    }

    fn reference(&mut self) -> Result<Handle> {
        let at = self.c.pos();
        let h = self.c.u32("a serialization back-reference")?;
        h.checked_sub(BASE_HANDLE)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.handles.get(i).copied())
            .ok_or_else(|| self.err(format!("back-reference 0x{h:08x} to nothing"), at))
    }

    /// Skips a modified-UTF-8 string body of a u16 length (class and field names).
    fn short_utf(&mut self, what: &str) -> Result<String> {
        self.c.utf(what)
    }

    /// Reads one value: an object, array, string, class, enum, descriptor, null or reference.
    fn value(&mut self, depth: usize) -> Result<Value> {
        let at = self.c.pos();
        if depth > MAX_DEPTH {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                format!("serialized secret key nested deeper than {MAX_DEPTH} levels"),
            )
            .at_offset(at));
        }
        let tc = self.c.u8("a serialized value")?;
        match tc {
            TC_NULL => Ok(Value::Null),
            TC_REFERENCE => Ok(match self.reference()? {
                Handle::Desc(d) => Value::Desc(d),
                Handle::Other => Value::Other,
            }),
            TC_CLASSDESC => self.class_desc_body(depth).map(Value::Desc),
            TC_PROXYCLASSDESC => self.proxy_desc_body(depth).map(Value::Desc),
            TC_OBJECT => {
                let desc = self.class_desc(depth + 1)?;
                self.new_handle(Handle::Other);
                let desc = desc.ok_or_else(|| self.err("an object without a class", at))?;
                self.class_data(desc, depth + 1, at)?;
                Ok(Value::Object(Some(desc)))
            }
            TC_STRING => {
                self.new_handle(Handle::Other);
                let len = usize::from(self.c.u16("a serialized string")?);
                self.c.take(len, "a serialized string")?;
                Ok(Value::Other)
            }
            TC_LONGSTRING => {
                self.new_handle(Handle::Other);
                let len_at = self.c.pos();
                let len = self.c.i64("a serialized long string")?;
                let len =
                    usize::try_from(len).map_err(|_| self.err("bad long-string length", len_at))?;
                self.c.take(len, "a serialized long string")?;
                Ok(Value::Other)
            }
            TC_ARRAY => {
                let desc = self
                    .class_desc(depth + 1)?
                    .ok_or_else(|| self.err("an array without a class", at))?;
                self.new_handle(Handle::Other);
                let size = self.c.len("a serialized array length")?;
                let elem = self
                    .descs
                    .get(desc)
                    .and_then(|d| d.name.as_bytes().get(1).copied())
                    .unwrap_or(0);
                match prim_size(elem) {
                    Some(width) => {
                        let bytes = size
                            .checked_mul(width)
                            .ok_or_else(|| self.err("array too large", at))?;
                        self.c.take(bytes, "a serialized array")?;
                    }
                    None if elem == b'L' || elem == b'[' => {
                        if size > self.c.remaining() {
                            return Err(self.err(
                                format!("array of {size} objects is longer than the file"),
                                at,
                            ));
                        }
                        for _ in 0..size {
                            self.value(depth + 1)?;
                        }
                    }
                    None => return Err(self.err("array class name is not an array type", at)),
                }
                Ok(Value::Other)
            }
            TC_CLASS => {
                self.class_desc(depth + 1)?;
                self.new_handle(Handle::Other);
                Ok(Value::Other)
            }
            TC_ENUM => {
                self.class_desc(depth + 1)?;
                self.new_handle(Handle::Other);
                self.value(depth + 1)?;
                Ok(Value::Other)
            }
            TC_RESET | TC_EXCEPTION | TC_BLOCKDATA | TC_BLOCKDATALONG | TC_ENDBLOCKDATA => {
                Err(self.err(
                    format!("unexpected serialization code 0x{tc:02x} where an object belongs"),
                    at,
                ))
            }
            other => Err(self.err(format!("unknown serialization code 0x{other:02x}"), at)),
        }
    }

    /// Where a class descriptor belongs: a new one, a reference to one, or null.
    fn class_desc(&mut self, depth: usize) -> Result<Option<usize>> {
        let at = self.c.pos();
        match self.value(depth)? {
            Value::Null => Ok(None),
            Value::Desc(d) => Ok(Some(d)),
            _ => Err(self.err("expected a class descriptor", at)),
        }
    }

    /// `TC_CLASSDESC` after its code: name, serialVersionUID, flags, fields, annotation, super.
    fn class_desc_body(&mut self, depth: usize) -> Result<usize> {
        let name = self.short_utf("a serialized class name")?;
        self.c.take(8, "a serialVersionUID")?;
        let idx = self.descs.len();
        self.descs.push(ClassDesc {
            name,
            ..ClassDesc::default()
        });
        self.new_handle(Handle::Desc(idx));
        let flags = self.c.u8("class flags")?;
        let count = usize::from(self.c.u16("a field count")?);
        let mut fields = Vec::with_capacity(count.min(self.c.remaining()));
        for _ in 0..count {
            let at = self.c.pos();
            let code = self.c.u8("a field type")?;
            self.short_utf("a field name")?;
            if code == b'L' || code == b'[' {
                // The field's class name: a string object (or a reference to one).
                match self.value(depth + 1)? {
                    Value::Other => {}
                    _ => return Err(self.err("field class name is not a string", at)),
                }
            } else if prim_size(code).is_none() {
                return Err(self.err(format!("unknown field type code 0x{code:02x}"), at));
            }
            fields.push(code);
        }
        self.annotation(depth + 1)?;
        let parent = self.class_desc(depth + 1)?;
        if let Some(d) = self.descs.get_mut(idx) {
            d.flags = flags;
            d.fields = fields;
            d.parent = parent;
        }
        Ok(idx)
    }

    /// `TC_PROXYCLASSDESC` after its code: interface names, annotation, super.
    fn proxy_desc_body(&mut self, depth: usize) -> Result<usize> {
        let idx = self.descs.len();
        self.descs.push(ClassDesc {
            name: "(proxy)".into(),
            flags: SC_SERIALIZABLE,
            ..ClassDesc::default()
        });
        self.new_handle(Handle::Desc(idx));
        let count = self.c.len("a proxy interface count")?;
        for _ in 0..count {
            self.short_utf("a proxy interface name")?;
        }
        self.annotation(depth + 1)?;
        let parent = self.class_desc(depth + 1)?;
        if let Some(d) = self.descs.get_mut(idx) {
            d.parent = parent;
        }
        Ok(idx)
    }

    /// Block data and objects up to `TC_ENDBLOCKDATA`.
    fn annotation(&mut self, depth: usize) -> Result<()> {
        loop {
            match self.c.peek() {
                Some(TC_ENDBLOCKDATA) => {
                    self.c.u8("serialized annotation data")?;
                    return Ok(());
                }
                Some(TC_BLOCKDATA) => {
                    self.c.u8("serialized annotation data")?;
                    let n = usize::from(self.c.u8("a block-data length")?);
                    self.c.take(n, "block data")?;
                }
                Some(TC_BLOCKDATALONG) => {
                    self.c.u8("serialized annotation data")?;
                    let n = self.c.len("a block-data length")?;
                    self.c.take(n, "block data")?;
                }
                _ => {
                    self.value(depth)?;
                }
            }
        }
    }

    /// The descriptors from `desc` up to its topmost superclass (most derived first).
    fn hierarchy(&self, desc: usize, at: usize) -> Result<Vec<usize>> {
        let mut chain = vec![desc];
        let mut cur = self.descs.get(desc).and_then(|d| d.parent);
        while let Some(d) = cur {
            if chain.contains(&d) || chain.len() >= MAX_HIERARCHY {
                return Err(self.err("class hierarchy loops or is too deep", at));
            }
            chain.push(d);
            cur = self.descs.get(d).and_then(|x| x.parent);
        }
        Ok(chain)
    }

    /// An object's instance data: for each class from the topmost superclass down, its fields
    /// and, if the class wrote extra data, that annotation.
    fn class_data(&mut self, desc: usize, depth: usize, at: usize) -> Result<()> {
        let chain = self.hierarchy(desc, at)?;
        for &d in chain.iter().rev() {
            let (flags, fields) = match self.descs.get(d) {
                Some(x) => (x.flags, x.fields.clone()),
                None => return Err(self.err("dangling class descriptor", at)),
            };
            if flags & SC_SERIALIZABLE != 0 {
                for code in fields {
                    match prim_size(code) {
                        Some(width) => {
                            self.c.take(width, "a serialized field")?;
                        }
                        None => {
                            self.value(depth + 1)?;
                        }
                    }
                }
                if flags & SC_WRITE_METHOD != 0 {
                    self.annotation(depth + 1)?;
                }
            } else if flags & SC_EXTERNALIZABLE != 0 {
                if flags & SC_BLOCK_DATA == 0 {
                    return Err(self.err("old-style externalizable data cannot be skipped", at));
                }
                self.annotation(depth + 1)?;
            }
        }
        Ok(())
    }
}

/// The size of a primitive field or array element, by type code.
fn prim_size(code: u8) -> Option<usize> {
    match code {
        b'B' | b'Z' => Some(1),
        b'C' | b'S' => Some(2),
        b'F' | b'I' => Some(4),
        b'D' | b'J' => Some(8),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn utf(s: &str) -> Vec<u8> {
        let mut v = (s.len() as u16).to_be_bytes().to_vec();
        v.extend_from_slice(s.as_bytes());
        v
    }

    /// `TC_CLASSDESC name suid flags fields… TC_ENDBLOCKDATA super`.
    fn class_desc(
        name: &str,
        flags: u8,
        fields: &[(u8, &str, Option<&str>)],
        parent: &[u8],
    ) -> Vec<u8> {
        let mut v = vec![TC_CLASSDESC];
        v.extend(utf(name));
        v.extend([0u8; 8]);
        v.push(flags);
        v.extend((fields.len() as u16).to_be_bytes());
        for (code, fname, class) in fields {
            v.push(*code);
            v.extend(utf(fname));
            if let Some(c) = class {
                v.push(TC_STRING);
                v.extend(utf(c));
            }
        }
        v.push(TC_ENDBLOCKDATA);
        v.extend_from_slice(parent);
        v
    }

    fn skip(bytes: &[u8]) -> Result<usize> {
        let mut c = Cursor::new(bytes, 0);
        skip_sealed_object(&mut c).map(|()| c.pos())
    }

    fn stream(body: &[u8]) -> Vec<u8> {
        let mut v = vec![0xac, 0xed, 0x00, 0x05];
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn skips_a_sealed_object_and_stops_at_its_end() {
        // SealedObject { byte[] content = {1,2,3}; int n = 7 }, then one byte that is not its.
        let mut body = vec![TC_OBJECT];
        body.extend(class_desc(
            SEALED_OBJECT,
            SC_SERIALIZABLE,
            &[(b'[', "content", Some("[B")), (b'I', "n", None)],
            &[TC_NULL],
        ));
        body.push(TC_ARRAY);
        body.extend(class_desc("[B", SC_SERIALIZABLE, &[], &[TC_NULL]));
        body.extend(3i32.to_be_bytes());
        body.extend([1, 2, 3]);
        body.extend(7i32.to_be_bytes());
        let mut bytes = stream(&body);
        let end = bytes.len();
        bytes.push(0x99);
        assert_eq!(skip(&bytes).unwrap(), end);
        // Every truncation is an error, never a panic.
        for len in 0..end {
            assert!(skip(&bytes[..len]).is_err(), "{len}");
        }
    }

    #[test]
    fn a_subclass_of_sealed_object_is_accepted_other_classes_are_not() {
        let parent = class_desc(SEALED_OBJECT, SC_SERIALIZABLE, &[], &[TC_NULL]);
        let mut body = vec![TC_OBJECT];
        body.extend(class_desc(
            "com.sun.crypto.provider.SealedObjectForKeyProtector",
            SC_SERIALIZABLE,
            &[],
            &parent,
        ));
        assert!(skip(&stream(&body)).is_ok());
        let mut body = vec![TC_OBJECT];
        body.extend(class_desc(
            "java.lang.Object",
            SC_SERIALIZABLE,
            &[],
            &[TC_NULL],
        ));
        let err = skip(&stream(&body)).unwrap_err();
        assert!(
            err.message().contains("not a javax.crypto.SealedObject"),
            "{err}"
        );
        assert_eq!(
            skip(&stream(&[TC_NULL])).unwrap_err().code(),
            ErrorCode::MalformedKeystore
        );
        assert!(skip(&[0xac, 0xed, 0x00, 0x04, TC_NULL]).is_err());
    }

    #[test]
    fn a_class_that_is_its_own_superclass_is_an_error_not_a_hang() {
        let mut body = vec![TC_OBJECT];
        let mut desc = class_desc(SEALED_OBJECT, SC_SERIALIZABLE, &[], &[]);
        desc.push(TC_REFERENCE);
        desc.extend(BASE_HANDLE.to_be_bytes());
        body.extend(desc);
        let err = skip(&stream(&body)).unwrap_err();
        assert!(err.message().contains("loops"), "{err}");
    }

    #[test]
    fn deep_nesting_hits_the_limit() {
        // class N { N next; }, nested 100 deep.
        let mut body = vec![TC_OBJECT];
        body.extend(class_desc(
            "N",
            SC_SERIALIZABLE,
            &[(b'L', "next", Some("LN;"))],
            &[TC_NULL],
        ));
        for _ in 0..100 {
            body.push(TC_OBJECT);
            body.push(TC_REFERENCE);
            body.extend(BASE_HANDLE.to_be_bytes());
        }
        body.push(TC_NULL);
        assert_eq!(
            skip(&stream(&body)).unwrap_err().code(),
            ErrorCode::LimitExceeded
        );
    }

    #[test]
    fn huge_counts_fail_fast() {
        let mut body = vec![TC_ARRAY];
        body.extend(class_desc(
            "[Ljava.lang.Object;",
            SC_SERIALIZABLE,
            &[],
            &[TC_NULL],
        ));
        body.extend(i32::MAX.to_be_bytes());
        assert!(skip(&stream(&body)).is_err());
        let mut body = vec![TC_ARRAY];
        body.extend(class_desc("[J", SC_SERIALIZABLE, &[], &[TC_NULL]));
        body.extend(i32::MAX.to_be_bytes());
        assert!(skip(&stream(&body)).is_err());
        let mut body = vec![TC_LONGSTRING];
        body.extend(i64::MAX.to_be_bytes());
        assert!(skip(&stream(&body)).is_err());
    }
}
