//! Resource limits. Each one, when hit, is an error with code `limit_exceeded` (or, for the
//! input size, `input_too_large`) and a message that names the limit.

/// Largest input accepted, checked before anything is decoded (64 MiB).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Most certificates read from one input.
pub const MAX_CERTIFICATES: usize = 100_000;

/// Deepest ASN.1 nesting accepted (certificates use fewer than 10 levels).
pub const MAX_DER_DEPTH: usize = 32;

/// Highest PBKDF2 / PKCS#12-KDF iteration count run (keytool writes 10,000; OpenSSL 2,048).
pub const MAX_KDF_ITERATIONS: u64 = 10_000_000;

/// Checks the input size.
pub fn check_input_size(len: usize) -> crate::Result<()> {
    if len > MAX_INPUT_BYTES {
        return Err(crate::Error::new(
            crate::ErrorCode::InputTooLarge,
            format!("input is {len} bytes; the limit is {MAX_INPUT_BYTES} bytes (64 MiB)"),
        ));
    }
    Ok(())
}

/// Checks the number of certificates read so far.
pub fn check_count(n: usize) -> crate::Result<()> {
    if n > MAX_CERTIFICATES {
        return Err(crate::Error::new(
            crate::ErrorCode::LimitExceeded,
            format!("more than {MAX_CERTIFICATES} certificates in one input"),
        ));
    }
    Ok(())
}
