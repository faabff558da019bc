//! Format detection and the dispatching reader on any bytes: `detect`, `detect_format`, `read`
//! (without and with a password) and the inspect model of whatever was read.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::detect_target(data));
