//! The X.509 decoder (`Certificate::parse`) and everything built on one decoded certificate:
//! the inspect description and a one-certificate verification.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::der_cert(data));
