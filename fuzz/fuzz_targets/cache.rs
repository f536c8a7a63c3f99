//! The cache of parsed catalogues, read back from arbitrary bytes: the
//! catalogue head, a part of the networks, and a search index checked
//! against the bundled catalogue. Never a panic; whatever decodes holds no
//! character the sanitiser removes, and a decoded index can be searched.
#![no_main]

use std::sync::OnceLock;

use hinet::catalogue::codec::{self, Dec};
use hinet::catalogue::sanitize::is_forbidden;
use hinet::catalogue::{Catalogue, bundled_files, from_files};
use hinet::query::{Filters, Index, Query};
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
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    match which % 3 {
        0 => {
            if let Some(cat) = codec::decode_head(bytes) {
                assert!(clean(&cat.info.name));
            }
        }
        1 => {
            if let Some(networks) = codec::decode_networks(bytes) {
                for n in &networks {
                    assert!(clean(&n.name) && clean(&n.summary) && clean(&n.id));
                    for o in &n.opportunities {
                        assert!(clean(&o.title));
                    }
                }
            }
        }
        _ => {
            let Some(mut d) = Dec::new(bytes) else {
                return;
            };
            let Some(raw) = Index::decode(&mut d) else {
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
