//! The key of a cache entry: a BLAKE3 hash of every catalogue file's name
//! and bytes, in load order, with the program's version; and where the
//! entry for a key lives.

use std::path::{Path, PathBuf};

use super::MAGIC;
use crate::catalogue::SourceFile;

pub(super) fn key_start() -> blake3::Hasher {
    let mut h = blake3::Hasher::new();
    h.update(MAGIC);
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h
}

/// Starts one file in the key: its name and the length of its text.
fn key_file(h: &mut blake3::Hasher, name: &str, len: u64) {
    h.update(b"F");
    h.update(&(name.len() as u64).to_le_bytes());
    h.update(name.as_bytes());
    h.update(&len.to_le_bytes());
}

/// The key of a set of files: what they are called and hold, in order.
pub fn key_of(base: &[SourceFile], additions: &[SourceFile]) -> [u8; 32] {
    let mut h = key_start();
    for (layer, files) in [(b'b', base), (b'a', additions)] {
        h.update(&[b'L', layer]);
        for f in files {
            key_file(&mut h, &f.name, f.text.len() as u64);
            h.update(f.text.as_bytes());
        }
    }
    h.update(b"E");
    *h.finalize().as_bytes()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the entry for `key` lives.
pub fn entry_path(dir: &Path, key: &[u8; 32]) -> PathBuf {
    dir.join(format!("catalogue-{}.bin", hex(&key[..16])))
}
