//! Reads every file under the given directories (passwords from a MANIFEST.json beside them,
//! when there is one) and prints one line per file: what `read` made of it, or its error code,
//! certificate index and offset. Used to compare readers before and after a change:
//! `cargo run --release -p dbcert-core --example corpus_read -- DIR… > out.tsv`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dbcert_core::{read, ReadOptions};
use sha2::{Digest, Sha256};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn passwords(dir: &Path) -> HashMap<PathBuf, String> {
    let mut map = HashMap::new();
    let Ok(text) = std::fs::read_to_string(dir.join("MANIFEST.json")) else {
        return map;
    };
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str(&text) else {
        return map;
    };
    for item in items {
        if let (Some(f), Some(p)) = (
            item.get("file").and_then(|v| v.as_str()),
            item.get("store_password").and_then(|v| v.as_str()),
        ) {
            map.insert(dir.join(f), p.to_owned());
        }
    }
    map
}

fn describe(input: &[u8], password: Option<&str>) -> String {
    match read(input, &ReadOptions { password }) {
        Ok(b) => {
            let mut h = Sha256::new();
            for c in &b.certificates {
                h.update(&c.der);
                h.update(c.alias.as_deref().unwrap_or("-"));
                h.update([u8::from(c.trusted == Some(true))]);
            }
            let digest: String = h.finalize()[..6]
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect();
            let warnings: Vec<&str> = b.warnings.iter().map(|w| w.code.as_str()).collect();
            format!(
                "ok {:?} certs={} keys={} {:?} sha={} warn={}",
                b.format,
                b.certificates.len(),
                b.key_entries.len(),
                b.integrity,
                digest,
                warnings.join(",")
            )
        }
        Err(e) => format!(
            "err {} cert={:?} at={:?} {}",
            e.code().as_str(),
            e.certificate(),
            e.offset(),
            e.message()
        ),
    }
}

fn main() {
    for arg in std::env::args().skip(1) {
        let dir = PathBuf::from(&arg);
        let pw = passwords(&dir);
        let mut list = Vec::new();
        if dir.is_file() {
            list.push(dir.clone());
        } else {
            files(&dir, &mut list);
        }
        for path in list {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with("LICENSE") || name.ends_with(".md") || name.ends_with(".json") {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let given = pw.get(&path).map(String::as_str);
            let with = describe(&bytes, given);
            let without = if given.is_some() {
                describe(&bytes, None)
            } else {
                "-".to_owned()
            };
            let wrong = describe(&bytes, Some("not-the-password"));
            println!("{}\t{with}\t{without}\t{wrong}", path.display());
        }
    }
}
