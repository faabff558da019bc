//! Reading the user's files: size limit first, then the bytes, and error lines that name the file.

use std::io::Read;

use dbcert_core::limits::MAX_INPUT_BYTES;

/// A file read from disk or standard input.
pub struct Input {
    /// What to call it in messages (`-` is "standard input").
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Reads `path` (or standard input for `-`), refusing anything over the core's limit before
/// reading it whole.
pub fn read(path: &str) -> Result<Input, String> {
    let limit = MAX_INPUT_BYTES as u64;
    let (name, bytes) = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("standard input: {e}"))?;
        ("standard input".to_owned(), buf)
    } else {
        let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > limit {
            return Err(format!(
                "{path}: [input_too_large] the file is {len} bytes; the limit is {limit} bytes (64 MiB)"
            ));
        }
        let mut buf = Vec::with_capacity(len as usize);
        file.take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("{path}: {e}"))?;
        (path.to_owned(), buf)
    };
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{name}: [input_too_large] the input is over {limit} bytes (64 MiB)"
        ));
    }
    Ok(Input { name, bytes })
}

/// The one-line message for a core error: file, code, message and location.
pub fn describe(name: &str, err: &dbcert_core::Error) -> String {
    format!("{name}: [{}] {err}", err.code())
}
