//! The PKCS#12 decoder (BER, PBES2 / legacy PBE decryption, MAC and PBMAC1, bag attributes).
//! Inputs of even length are read with the fixtures' password `dbcert-test`, odd ones with none
//! (the empty password is tried): one read per input, since a file may legitimately ask for up
//! to `MAX_KDF_ITERATIONS` KDF rounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod checks;

fuzz_target!(|data: &[u8]| checks::pkcs12_target(data));
