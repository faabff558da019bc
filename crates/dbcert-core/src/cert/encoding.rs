//! DER strictness: the BER-in-DER forms a certificate may carry, where they are, and what the
//! TLS stacks of MySQL clients do with each.
//!
//! A certificate must be DER (RFC 5280 §4.1), yet decoders tolerate some BER forms. A form
//! outside the TBSCertificate (the outer SEQUENCE's length, the signature BIT STRING) lets
//! anyone change a certificate's bytes, and so its fingerprint, without breaking its signature;
//! inside it, the issuer signed the odd encoding. Either way clients disagree on such a
//! certificate, so dbcert reports each form it finds with the verdicts measured on OpenSSL 3.0,
//! Go's crypto/x509 and Java 17 (`tests/der_strictness.rs` holds the measurement and runs it
//! again): a form every one of them refuses is an error (`malformed_certificate`), any other a
//! warning that names who accepts and who refuses it. The fingerprint shown is always that of
//! the bytes as given.

use crate::der::{tag, Der, Tlv};
use crate::oid;
use crate::time::UnixTime;

/// A BER-in-DER form (X.690 §10–11 forbids each of them in DER).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// A length in the long form where the short one fits, or with leading zero octets.
    LongLength,
    /// The signature BIT STRING says it has unused bits (a signature is whole octets).
    SignatureUnusedBits,
    /// The signature BIT STRING's unused bits are not zero.
    SignaturePaddingBits,
    /// The public key BIT STRING says it has unused bits.
    KeyUnusedBits,
    /// A BOOLEAN TRUE that is not 0xFF.
    BooleanNotFf,
    /// A DEFAULT value written out (critical FALSE, cA FALSE, version v1).
    DefaultEncoded,
    /// An INTEGER with a redundant leading 0x00 or 0xFF octet.
    IntegerPadding,
    /// A validity time not in the YYMMDDHHMMSSZ / YYYYMMDDHHMMSSZ form.
    TimeForm,
}

/// What one TLS stack does with a certificate carrying a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdicts {
    /// OpenSSL 3.0 (`openssl verify`): the C clients, PyMySQL, PHP, Node, Ruby.
    pub openssl: bool,
    /// Go's crypto/x509: go-sql-driver/mysql.
    pub go: bool,
    /// Java 17 (CertificateFactory and PKIX): Connector/J, MariaDB Connector/J.
    pub java: bool,
}

impl Form {
    /// Whether each stack accepts a server certificate with this form, as measured on the
    /// fixtures of `tests/data/der/` (`tests/der_strictness.rs` measures them again).
    pub fn verdicts(self) -> Verdicts {
        let v = |openssl, go, java| Verdicts { openssl, go, java };
        match self {
            // Go refuses every non-minimal length. Java re-encodes the TBSCertificate SEQUENCE's
            // header before checking the signature, so a long length there breaks it
            // (`Lax::verdicts`).
            Self::LongLength => v(true, false, true),
            Self::SignatureUnusedBits => v(false, false, true),
            Self::SignaturePaddingBits => v(false, false, false),
            Self::KeyUnusedBits => v(true, false, true),
            Self::BooleanNotFf => v(true, false, true),
            Self::DefaultEncoded => v(true, true, true),
            Self::IntegerPadding => v(false, false, true),
            Self::TimeForm => v(false, true, true),
        }
    }

    /// What the form is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::LongLength => "a length encoded in more octets than needed",
            Self::SignatureUnusedBits => "a signature BIT STRING that claims unused bits",
            Self::SignaturePaddingBits => "a signature BIT STRING whose unused bits are not zero",
            Self::KeyUnusedBits => "a public key BIT STRING that claims unused bits",
            Self::BooleanNotFf => "a BOOLEAN TRUE not encoded as 0xFF",
            Self::DefaultEncoded => "a DEFAULT value written out (it must be left out)",
            Self::IntegerPadding => "an INTEGER with a redundant leading octet",
            Self::TimeForm => {
                "a validity time not in the YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ form RFC 5280 requires"
            }
        }
    }
}

/// One BER-in-DER form found in a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lax {
    /// The form.
    pub form: Form,
    /// Byte offset of the TLV that carries it.
    pub offset: usize,
    /// Whether it is inside the TBSCertificate (signed by the issuer) or outside it (anyone can
    /// change it without breaking the signature).
    pub signed: bool,
    /// A long length of the TBSCertificate SEQUENCE itself (Java re-encodes it, so its check of
    /// the signature fails).
    tbs_length: bool,
}

impl Lax {
    /// The stacks' verdicts on this occurrence (a long length of the TBSCertificate SEQUENCE
    /// also breaks Java's signature check).
    pub fn verdicts(&self) -> Verdicts {
        let mut v = self.form.verdicts();
        if self.form == Form::LongLength && self.tbs_length {
            v.java = false;
        }
        v
    }

    /// True when every measured stack refuses the certificate.
    pub fn refused_by_all(&self) -> bool {
        let v = self.verdicts();
        !(v.openssl || v.go || v.java)
    }

    /// A sentence for people: the form, where, and who accepts and refuses it.
    pub fn message(&self) -> String {
        let v = self.verdicts();
        let names = |want: bool| {
            let list: Vec<&str> = [
                (v.openssl, "OpenSSL 3 (mysql, MariaDB, PyMySQL, PHP, Node)"),
                (v.go, "Go (go-sql-driver/mysql)"),
                (v.java, "Java (Connector/J)"),
            ]
            .iter()
            .filter(|(ok, _)| *ok == want)
            .map(|(_, n)| *n)
            .collect();
            list.join(", ")
        };
        let (accept, refuse) = (names(true), names(false));
        let verdict = if refuse.is_empty() {
            format!("{accept} accept it")
        } else if accept.is_empty() {
            format!("{refuse} refuse it")
        } else {
            format!("{accept} accept it; {refuse} refuse it")
        };
        let whose = if self.signed {
            "inside the signed part (the issuer made it)"
        } else {
            "outside the signed part, so the certificate's bytes and fingerprint can be changed \
             without breaking its signature"
        };
        format!(
            "the certificate is not DER: {} at byte {}, {whose}. {verdict}; ask the issuer for a \
             DER-encoded copy",
            self.form.describe(),
            self.offset
        )
    }
}

/// Walks every TLV of an already framed certificate and lists the BER-in-DER forms in it.
/// Values that do not decode are skipped: the decoder reports them.
pub(crate) fn scan(layout: &super::layout::Layout<'_>, der: &[u8]) -> Vec<Lax> {
    let mut s = Scan {
        out: Vec::new(),
        tbs: (
            layout.tbs.offset,
            layout.tbs.offset.saturating_add(layout.tbs.raw.len()),
        ),
    };
    // The outer SEQUENCE and the signature fields, then the TBSCertificate's own TLVs.
    if let Ok(outer) = Der::new(der, 0).read() {
        s.length(&outer);
    }
    s.length(&layout.tbs);
    s.length(&layout.signature_value);
    s.walk(&layout.signature_algorithm);
    if let Some(form) = signature_bits(layout) {
        s.push(form, layout.signature_value.offset);
    }
    if let Some(v) = &layout.version {
        s.walk(v);
        if v.value.get(2..) == Some(&[0][..]) && v.value.starts_with(&[tag::INTEGER, 1]) {
            s.push(Form::DefaultEncoded, v.offset);
        }
    }
    for t in [
        &layout.serial,
        &layout.tbs_signature,
        &layout.issuer,
        &layout.subject,
    ] {
        s.walk(t);
    }
    s.validity(&layout.validity);
    s.spki(&layout.spki);
    if let Some(e) = &layout.extensions_tag {
        s.length(e);
    }
    if let Some(e) = &layout.extensions {
        s.length(e);
        for ext in &layout.extension_list {
            s.extension(ext);
        }
    }
    s.out
}

/// The first form in the certificate that every measured stack refuses, without walking the
/// rest: only [`Form::SignaturePaddingBits`] is refused by all (`only_padding_bits_are_refused_by_all`
/// below keeps it so), and it sits in the signature BIT STRING. This is the readers' structure
/// check ([`super::Certificate::check_structure`]), so converting a bundle does not walk every
/// TLV of every certificate; [`scan`] finds the same form at the same place.
pub(crate) fn refused_by_all(layout: &super::layout::Layout<'_>) -> Option<Lax> {
    let tbs = &layout.tbs;
    let lax = Lax {
        form: signature_bits(layout)?,
        offset: layout.signature_value.offset,
        signed: (tbs.offset..tbs.offset.saturating_add(tbs.raw.len()))
            .contains(&layout.signature_value.offset),
        tbs_length: false,
    };
    lax.refused_by_all().then_some(lax)
}

/// The form of a signature BIT STRING that claims unused bits, if it does.
fn signature_bits(layout: &super::layout::Layout<'_>) -> Option<Form> {
    match layout.signature_value.bit_string() {
        Ok((bits, unused)) if unused > 0 => {
            let last = bits.last().copied().unwrap_or(0);
            Some(if last & ((1u8 << unused) - 1) != 0 {
                Form::SignaturePaddingBits
            } else {
                Form::SignatureUnusedBits
            })
        }
        _ => None,
    }
}

struct Scan {
    out: Vec<Lax>,
    /// The TBSCertificate's byte range.
    tbs: (usize, usize),
}

impl Scan {
    fn push(&mut self, form: Form, offset: usize) {
        let signed = (self.tbs.0..self.tbs.1).contains(&offset);
        if !self
            .out
            .iter()
            .any(|l| l.form == form && l.offset == offset)
        {
            self.out.push(Lax {
                form,
                offset,
                signed,
                tbs_length: false,
            });
        }
    }

    /// A long-form length where a shorter form fits.
    fn length(&mut self, t: &Tlv<'_>) {
        let header = t.value_offset.saturating_sub(t.offset);
        let len = t.value.len();
        let minimal = match len {
            0..=0x7f => 2,
            0x80..=0xff => 3,
            0x100..=0xffff => 4,
            0x1_0000..=0xff_ffff => 5,
            _ => 6,
        };
        if header > minimal {
            self.push(Form::LongLength, t.offset);
            if t.offset == self.tbs.0 {
                if let Some(l) = self.out.last_mut() {
                    l.tbs_length = true;
                }
            }
        }
    }

    /// Every TLV under `t` (constructed values are entered; primitive ones checked by type).
    fn walk(&mut self, t: &Tlv<'_>) {
        self.length(t);
        match t.tag {
            tag::BOOLEAN => {
                if let [b] = t.value {
                    if *b != 0 && *b != 0xff {
                        self.push(Form::BooleanNotFf, t.offset);
                    }
                }
            }
            tag::INTEGER => {
                if let [a, b, ..] = t.value {
                    if (*a == 0 && b & 0x80 == 0) || (*a == 0xff && b & 0x80 != 0) {
                        self.push(Form::IntegerPadding, t.offset);
                    }
                }
            }
            t_ if t_ & 0x20 != 0 => {
                if let Ok(mut r) = t.reader() {
                    while !r.is_empty() {
                        match r.read() {
                            Ok(child) => self.walk(&child),
                            Err(_) => break,
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn validity(&mut self, t: &Tlv<'_>) {
        self.walk(t);
        if let Ok(mut r) = t.reader() {
            while let Ok(time) = r.read() {
                if UnixTime::from_asn1(&time).is_err() {
                    self.push(Form::TimeForm, time.offset);
                }
            }
        }
    }

    fn spki(&mut self, t: &Tlv<'_>) {
        self.length(t);
        let Ok(mut r) = t.reader() else { return };
        if let Ok(alg) = r.read() {
            self.walk(&alg);
        }
        if let Ok(key) = r.read() {
            self.length(&key);
            if let Ok((_, unused)) = key.bit_string() {
                if unused > 0 {
                    self.push(Form::KeyUnusedBits, key.offset);
                }
            }
        }
    }

    /// `Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }`; the
    /// value's own DER is walked too.
    fn extension(&mut self, t: &Tlv<'_>) {
        self.length(t);
        let Ok(mut r) = t.reader() else { return };
        let Ok(id) = r.read() else { return };
        self.length(&id);
        let Ok(mut next) = r.read() else { return };
        if next.tag == tag::BOOLEAN {
            self.walk(&next);
            if next.value == [0] {
                self.push(Form::DefaultEncoded, next.offset);
            }
            let Ok(v) = r.read() else { return };
            next = v;
        }
        self.length(&next);
        if next.tag != tag::OCTET_STRING {
            return;
        }
        let Ok(mut inner) = next.reader() else { return };
        let Ok(value) = inner.read() else { return };
        self.walk(&value);
        // basicConstraints cA FALSE written out.
        if id.value == oid::BASIC_CONSTRAINTS {
            if let Ok(Some(ca)) = value.reader().and_then(|mut b| b.optional(tag::BOOLEAN)) {
                if ca.value == [0] {
                    self.push(Form::DefaultEncoded, ca.offset);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every form, named in a `match` so that a new variant fails to compile here until it is
    /// added to the list.
    fn all() -> [Form; 8] {
        let list = [
            Form::LongLength,
            Form::SignatureUnusedBits,
            Form::SignaturePaddingBits,
            Form::KeyUnusedBits,
            Form::BooleanNotFf,
            Form::DefaultEncoded,
            Form::IntegerPadding,
            Form::TimeForm,
        ];
        for f in list {
            match f {
                Form::LongLength
                | Form::SignatureUnusedBits
                | Form::SignaturePaddingBits
                | Form::KeyUnusedBits
                | Form::BooleanNotFf
                | Form::DefaultEncoded
                | Form::IntegerPadding
                | Form::TimeForm => {}
            }
        }
        list
    }

    /// [`refused_by_all`] looks at the signature BIT STRING only. If a measurement ever makes
    /// another form refused by every stack, this fails: the readers' structure check must then
    /// look for that form too.
    #[test]
    fn only_padding_bits_are_refused_by_all() {
        for form in all() {
            for tbs_length in [false, true] {
                for signed in [false, true] {
                    let lax = Lax {
                        form,
                        offset: 0,
                        signed,
                        tbs_length,
                    };
                    assert_eq!(
                        lax.refused_by_all(),
                        form == Form::SignaturePaddingBits,
                        "{form:?} (TBSCertificate length: {tbs_length})"
                    );
                }
            }
        }
    }
}
