//! The snippet generator's options: any JSON that deserialises into `SnippetOptions` (the
//! object every facade passes in) gives a snippet or a coded error.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::snippet(data));
