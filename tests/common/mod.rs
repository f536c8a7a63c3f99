//! Helpers shared by the integration tests. Each test file that needs them
//! says `mod common;`; not every file uses every helper.

#![allow(dead_code)]

pub mod pty;

use std::path::Path;
use std::sync::OnceLock;

use hinet::catalogue::Catalogue;

/// The small fixture catalogue (`tests/fixtures/small`), read once per test
/// binary and cloned for each test.
pub fn small() -> Catalogue {
    static SMALL: OnceLock<Catalogue> = OnceLock::new();
    SMALL
        .get_or_init(|| {
            hinet::catalogue::load_path(
                Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small")),
                1 << 26,
            )
            .expect("the small fixture catalogue loads")
        })
        .clone()
}
