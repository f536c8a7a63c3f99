//! The cache of parsed catalogues, read back from arbitrary bytes (as
//! `rkyv` archives, validated): the catalogue head, a part of the networks,
//! and a search index checked against the bundled catalogue. Never a panic; whatever decodes holds no
//! character the sanitiser removes, and a decoded index can be searched.
#![no_main]

use std::sync::OnceLock;

use hinet::cache::{format, index};
use hinet::text::sanitize::is_forbidden;
use hinet::catalogue::{Catalogue, bundled_files, from_files};
use hinet::query::{Filters, Query};
use libfuzzer_sys::fuzz_target;

fn bundled() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| from_files(bundled_files(), Vec::new()).expect("the bundled catalogue"))
}

fn clean(s: &str) -> bool {
    !s.chars().any(|c| c != '\n' && is_forbidden(c))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks what the rest is read as.
    let Some((&which, data)) = data.split_first() else {
        return;
    };
    // An archive is read where it lies, on a 16-byte boundary (as a cache
    // entry's sections are).
    let mut bytes = rkyv::util::AlignedVec::<16>::new();
    bytes.extend_from_slice(data);
    let bytes = &bytes[..];
    match which % 3 {
        0 => {
            if let Some(cat) = format::decode_head(bytes) {
                assert!(clean(&cat.info.name));
            }
        }
        1 => {
            // Checked in place (as a cache entry is read) exactly when it
            // decodes.
            assert_eq!(
                format::check_networks(bytes).is_some(),
                format::decode_networks(bytes).is_some()
            );
            if let Some(networks) = format::decode_networks(bytes) {
                for n in &networks {
                    assert!(clean(&n.name) && clean(&n.summary) && clean(&n.id));
                    for o in &n.opportunities {
                        assert!(clean(&o.title));
                    }
                }
            }
        }
        _ => {
            let Some(raw) = index::decode(bytes) else {
                return;
            };
            if let Some(index) = raw.attach(bundled()) {
                for q in ["data", "nhs", "'x", "^a", "infromatics", "!b c"] {
                    let out = index.search(&Query::parse(q), &Filters::new(&index), None);
                    assert!(out.hits.iter().all(|h| (h.doc as usize) < index.len()));
                }
            }
        }
    }
});
