//! P7B (being written).
use crate::bundle::Bundle;
use crate::error::{Error, ErrorCode, Result};
/// Reads a P7B.
pub fn read(_input: &[u8]) -> Result<Bundle> {
    Err(Error::new(
        ErrorCode::UnsupportedFormat,
        "P7B reading is being written",
    ))
}
