//! The JCEKS decoder (with its serialized SealedObject key entries), without a password (nothing checked) and with `changeit` (the integrity
//! digest, and after a mismatch the evidence that tells an altered file from a wrong password).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::keystore(data, dbcert_core::Format::Jceks));
