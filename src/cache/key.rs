//! The key of a cache entry: a BLAKE3 hash of every catalogue file's name
//! and bytes, in load order, with the program's version; and where the
//! entry for a key lives.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::MAGIC;
use crate::catalogue::{self, LoadOptions, Source, SourceFile};

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

/// The key `key_of` gives for the files of a catalogue, worked out by
/// reading each file in small pieces rather than holding them all (the
/// text of a file is its bytes without a BOM; a file that is not valid
/// text has no entry, so it is parsed and its error reported). `None` when
/// a file cannot be read, or changes while it is read.
pub(super) fn stream_key(source: &Source, options: &LoadOptions) -> Option<[u8; 32]> {
    let mut h = key_start();
    let mut buf = vec![0u8; 1 << 16];
    let mut hash_file = |h: &mut blake3::Hasher, name: &str, mut file: fs::File, len: u64| {
        let mut head = [0u8; 3];
        let got = read_full(&mut file, &mut head)?;
        let bom = got == 3 && head == [0xEF, 0xBB, 0xBF];
        let len = if bom { len - 3 } else { len };
        key_file(h, name, len);
        let mut seen = 0u64;
        if !bom {
            h.update(&head[..got]);
            seen += got as u64;
        }
        loop {
            let n = file.read(&mut buf).ok()?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
            seen += n as u64;
        }
        (seen == len).then_some(())
    };
    h.update(b"Lb");
    match source {
        Source::Bundled => {
            for (name, text) in catalogue::bundled_texts() {
                key_file(&mut h, name, text.len() as u64);
                h.update(text.as_bytes());
            }
        }
        Source::Path(p) => {
            catalogue::read::visit_files(p, options.max_file_bytes, |name, file, len| {
                hash_file(&mut h, name, file, len)
            })?;
        }
    }
    h.update(b"La");
    if let Some(dir) = options.additions.as_deref().filter(|d| d.is_dir()) {
        catalogue::read::visit_files(dir, options.max_file_bytes, |name, file, len| {
            if options.skip_additions.iter().any(|s| s == name) {
                return Some(());
            }
            hash_file(&mut h, name, file, len)
        })?;
    }
    h.update(b"E");
    Some(*h.finalize().as_bytes())
}

/// Read until `buf` is full or the file ends; how many bytes were read.
fn read_full(file: &mut fs::File, buf: &mut [u8]) -> Option<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(got)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the entry for `key` lives.
pub fn entry_path(dir: &Path, key: &[u8; 32]) -> PathBuf {
    dir.join(format!("catalogue-{}.bin", hex(&key[..16])))
}
