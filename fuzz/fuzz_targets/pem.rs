//! The PEM decoder: `pem::parse` and PEM bundles through `read`; whatever reads back must
//! survive re-encoding (PEM writer → reader gives the same DER in the same order).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::pem_target(data));
