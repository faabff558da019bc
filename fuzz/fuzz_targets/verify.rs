//! Chain verification of fuzzed bundles. The first byte chooses the options (host name or IP,
//! the input as its own `ca`, a leaf index, a depth limit); the rest is read as any bundle
//! format. The report must serialise and only name certificates that exist.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::verify_target(data));
