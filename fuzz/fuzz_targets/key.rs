//! The private-key decoders (PKCS#8 plain and encrypted, PKCS#1, SEC 1, OpenSSL's legacy PEM
//! encryption) through the PEM reader, with and without a password.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::key_target(data));
