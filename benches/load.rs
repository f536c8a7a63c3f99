//! Loading a catalogue from disk: `catalogue::load_path` (read, TOML parse,
//! validation, references), on generated catalogues of 1k, 10k and 100k
//! networks.
//!
//! * `load/dir/N`: a directory with one file per network (the bundled
//!   catalogue's layout).
//! * `load/file/N`: one TOML file (the shape of the "100k file").
//!   Only 1k by default: the 10k file takes about a minute per load today,
//!   because each network's origin (`Reporter::origin` → `diag::line_col`)
//!   counts lines from the start of the file. Set `HINET_BENCH_BIG_FILES=1`
//!   to add 10k and 100k.
//!
//! * `load/cached-file/N`, `load/cached-dir/N` (and `+indexes`): a later
//!   start, when the cache of parsed catalogues has an entry for the
//!   catalogue: the catalogue (and both search indexes), read back and
//!   checked; the key is worked out from every file's bytes each time.
//!
//! Catalogues are generated once per process into a temporary directory.
//! In bench mode it also prints a breakdown of one 10k load to stderr:
//! reading, TOML parsing alone (`DeTable::parse_recoverable`), the whole
//! load, and building the two search indexes.

mod support;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use hinet::catalogue::{self, read::DEFAULT_MAX_FILE_BYTES};
use hinet::query::Index;

fn load_benches(c: &mut Criterion, root: &Path) {
    let mut group = c.benchmark_group("load");
    group.sampling_mode(SamplingMode::Flat);
    let big_files = std::env::var_os("HINET_BENCH_BIG_FILES").is_some_and(|v| v == "1");
    let sizes: &[usize] = if support::bench_mode() {
        &[1_000, 10_000, 100_000]
    } else {
        &[1_000]
    };
    for &n in sizes {
        group.bench_with_input(BenchmarkId::new("dir", support::label(n)), &n, |b, &n| {
            let path = support::write_generated(root, n, false);
            b.iter(|| {
                let cat = catalogue::load_path(&path, DEFAULT_MAX_FILE_BYTES).expect("loads");
                black_box(cat.networks.len())
            });
        });
        if n <= 1_000 || big_files {
            group.bench_with_input(BenchmarkId::new("file", support::label(n)), &n, |b, &n| {
                let path = support::write_generated(root, n, true);
                b.iter(|| {
                    let cat = catalogue::load_path(&path, DEFAULT_MAX_FILE_BYTES).expect("loads");
                    black_box(cat.networks.len())
                });
            });
        }
        // A later start, from the cache of parsed catalogues (the first
        // load, outside the timing, fills it): the catalogue alone, and the
        // catalogue with both search indexes.
        for (layout, one_file) in [("cached-file", true), ("cached-dir", false)] {
            if n >= 100_000 && !one_file {
                continue;
            }
            for (what, need) in [
                ("", hinet::cache::Need::NONE),
                ("+indexes", hinet::cache::Need::BOTH),
            ] {
                let id = BenchmarkId::new(format!("{layout}{what}"), support::label(n));
                group.bench_with_input(id, &n, |b, &n| {
                    let path = support::write_generated(root, n, one_file);
                    let dir = root.join(format!("cache-{layout}-{n}"));
                    let source = catalogue::Source::Path(path);
                    let options = catalogue::LoadOptions {
                        additions: None,
                        max_file_bytes: DEFAULT_MAX_FILE_BYTES,
                        skip_additions: Vec::new(),
                    };
                    let load =
                        || hinet::cache::load(&source, &options, Some(&dir), need).expect("loads");
                    drop(load());
                    b.iter(|| {
                        let loaded = load();
                        assert!(loaded.from_cache);
                        black_box(loaded.catalogue.networks.len())
                    });
                });
            }
        }
    }
    group.finish();
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

/// Where the time of one load of 10k networks (one file each) goes.
fn breakdown(root: &Path) {
    let n = 10_000;
    if !support::bench_mode() || !support::selected("load/breakdown") {
        return;
    }
    let path = support::write_generated(root, n, false);
    let bytes = support::bytes_under(&path);
    // Warm the page cache.
    let _ = catalogue::read::read_path(&path, DEFAULT_MAX_FILE_BYTES);
    let (files, read) =
        time(|| catalogue::read::read_path(&path, DEFAULT_MAX_FILE_BYTES).expect("reads"));
    let (_, parse) = time(|| {
        for f in &files {
            let (doc, errors) = toml::de::DeTable::parse_recoverable(&f.text);
            black_box((doc, errors));
        }
    });
    let (cat, whole) = time(|| catalogue::from_files(files.clone(), Vec::new()).expect("loads"));
    let (_, networks) = time(|| black_box(Index::networks(&cat)));
    let (_, learning) = time(|| black_box(Index::opportunities(&cat)));
    eprintln!(
        "load/breakdown/{}: {} networks, {:.1} MB in {} files: read {} | TOML parse only {} ({:.0} MB/s) | from_files (parse + check + assemble) {} | Index::networks {} | Index::opportunities {}",
        support::label(n),
        cat.networks.len(),
        bytes as f64 / 1e6,
        files.len(),
        support::ms(read),
        support::ms(parse),
        bytes as f64 / 1e6 / parse.as_secs_f64(),
        support::ms(whole),
        support::ms(networks),
        support::ms(learning),
    );
}

fn main() {
    let tmp = tempfile::Builder::new()
        .prefix("hinet-bench-load-")
        .tempdir()
        .expect("a temporary directory");
    let mut c = support::criterion();
    breakdown(tmp.path());
    load_benches(&mut c, tmp.path());
    c.final_summary();
}
