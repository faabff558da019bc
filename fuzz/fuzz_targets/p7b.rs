//! The PKCS#7 / CMS certificate-bundle decoder (DER and BER); what reads back survives the P7B
//! writers (DER and PEM) with the same certificates in the same order.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::p7b_target(data));
