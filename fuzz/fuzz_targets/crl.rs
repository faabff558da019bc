//! The CRL decoder (PEM, DER, P7B) and revocation checking of a fixture chain against whatever
//! CRLs it reads.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::crl_target(data));
