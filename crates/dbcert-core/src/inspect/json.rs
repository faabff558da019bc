//! The inspect report as the JSON text the Node addon hands to `JSON.parse`, made one
//! certificate at a time: each is described, written and dropped before the next, so the whole
//! model of a large bundle is never held at once. The text is byte for byte what
//! `api::to_json_ascii(&report(bundle))` makes (tests/inspect_json.rs compares them on every
//! fixture, the shared corpus and the system bundle).
//!
//! Measured in Node on the system bundle (W1) and ten copies of it (W7), the addon built both
//! ways and called in the same process, blocks of 10 W1 calls and one W7 call: W7 5–14 % faster,
//! and W7/W1 9.55–9.81 instead of 10.22–10.36 (three runs). The model of one certificate is
//! freed before the next is made, so its memory is reused while it is still in cache.

use std::cell::RefCell;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::describe;
use crate::advise::bundles::recognise_fingerprints;
use crate::bundle::{Bundle, Warning};
use crate::error::Error;

/// Why [`report_json`] made no text.
#[derive(Debug)]
pub enum JsonError {
    /// A certificate could not be described: the error `inspect` gives for it.
    Input(Error),
    /// serde_json refused the model, which would be a bug.
    Serialize(String),
}

impl From<Error> for JsonError {
    fn from(e: Error) -> Self {
        Self::Input(e)
    }
}

/// What describing the certificates leaves for the fields after them.
struct Collected {
    warnings: Vec<Warning>,
    /// Each certificate's index and SHA-256 fingerprint, for `providers`.
    fingerprints: Vec<(usize, String)>,
    /// The first certificate that could not be described.
    error: Option<Error>,
}

/// The report of `bundle`, serialized lazily; the fields and their order are `InspectReport`'s.
struct Report<'a> {
    bundle: &'a Bundle,
    collected: RefCell<Collected>,
    /// The CRLs, described before anything is written.
    crls: Vec<crate::crl::info::CrlInfo>,
}

/// The `certificates` field: described while it is written.
struct Certificates<'r, 'a>(&'r Report<'a>);

/// The JSON text of the inspect report of `bundle` (see the module's documentation).
pub fn report_json(bundle: &Bundle) -> Result<String, JsonError> {
    let crls = bundle
        .crls
        .iter()
        .enumerate()
        .map(|(i, der)| crate::crl::info::describe(i, der))
        .collect::<Result<Vec<_>, Error>>()?;
    let report = Report {
        bundle,
        crls,
        collected: RefCell::new(Collected {
            warnings: bundle.warnings.clone(),
            fingerprints: Vec::with_capacity(bundle.certificates.len()),
            error: None,
        }),
    };
    crate::api::to_json_ascii(&report).map_err(|message| {
        match report.collected.borrow_mut().error.take() {
            Some(e) => JsonError::Input(e),
            None => JsonError::Serialize(message),
        }
    })
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let b = self.bundle;
        let mut s = serializer.serialize_struct("InspectReport", 7)?;
        s.serialize_field("format", &b.format)?;
        s.serialize_field("integrity", &b.integrity)?;
        s.serialize_field("certificates", &Certificates(self))?;
        s.serialize_field("keyEntries", &b.key_entries)?;
        let collected = self.collected.borrow();
        s.serialize_field("warnings", &collected.warnings)?;
        let providers =
            recognise_fingerprints(collected.fingerprints.iter().map(|(i, f)| (*i, f.as_str())));
        if providers.is_empty() {
            s.skip_field("providers")?;
        } else {
            s.serialize_field("providers", &providers)?;
        }
        if self.crls.is_empty() {
            s.skip_field("crls")?;
        } else {
            s.serialize_field("crls", &self.crls)?;
        }
        s.end()
    }
}

impl Serialize for Certificates<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entries = &self.0.bundle.certificates;
        let mut seq = serializer.serialize_seq(Some(entries.len()))?;
        for (i, entry) in entries.iter().enumerate() {
            let mut collected = self.0.collected.borrow_mut();
            let info = match describe(i, entry, &mut collected.warnings) {
                Ok(info) => info,
                Err(e) => {
                    collected.error = Some(e);
                    return Err(S::Error::custom("a certificate could not be described"));
                }
            };
            collected
                .fingerprints
                .push((i, info.fingerprint_sha256.clone()));
            drop(collected);
            seq.serialize_element(&info)?;
        }
        seq.end()
    }
}
