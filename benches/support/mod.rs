//! Shared by the benchmarks: the catalogue generator (`examples/gen.rs`),
//! catalogues made from it, criterion's settings, and percentiles.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::Criterion;

#[allow(unused, clippy::all)]
#[path = "../../examples/gen.rs"]
pub mod generator;

use hinet::catalogue::{self, Catalogue, SourceFile};

/// The seed every benchmark uses.
pub const SEED: u64 = generator::DEFAULT_SEED;

/// Criterion kept short: this machine has two cores shared with other builds.
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args()
}

/// `cargo bench` passes `--bench`; `cargo test --benches` does not, and then
/// criterion runs each benchmark once as a test. The extra measurements
/// (percentiles, processes) run only in bench mode.
pub fn bench_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test")
}

/// The filter given on the command line (criterion's first positional
/// argument), if any.
pub fn filter() -> Option<String> {
    const WITH_VALUE: &[&str] = &[
        "-c",
        "--color",
        "--colour",
        "-s",
        "--save-baseline",
        "-b",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--profile-time",
        "--plotting-backend",
        "--output-format",
        "--format",
    ];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a.starts_with('-') {
            if WITH_VALUE.contains(&a.as_str()) {
                args.next();
            }
            continue;
        }
        return Some(a);
    }
    None
}

/// Whether a measurement named `name` is selected by the filter (a plain
/// substring test; criterion's own filter is a regular expression).
pub fn selected(name: &str) -> bool {
    filter().is_none_or(|f| name.contains(&f) || f.contains(name))
}

/// Whether the filter leaves anything to run at size `label` ("10k"): true
/// unless it names another size ("keystroke/100k").
pub fn size_selected(label: &str) -> bool {
    let Some(f) = filter() else {
        return true;
    };
    let named: Vec<&str> = ["1k", "10k", "100k"]
        .into_iter()
        .filter(|s| f == *s || f.contains(&format!("/{s}")))
        .collect();
    named.is_empty() || named.contains(&label)
}

/// "1k", "10k", "100k".
pub fn label(n: usize) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

/// The generated files of a catalogue of `n` networks, in memory: the
/// vocabulary file and one file per network (the bundled catalogue's layout).
pub fn generated_files(n: usize) -> Vec<SourceFile> {
    let mut g = generator::Generator::new(SEED);
    let mut files = Vec::with_capacity(n + 1);
    files.push(SourceFile {
        name: "gen/catalogue.toml".into(),
        text: g.head(n, SEED),
    });
    for _ in 0..n {
        let net = g.next_network();
        files.push(SourceFile {
            name: format!("gen/networks/{}.toml", net.id),
            text: net.toml,
        });
    }
    files
}

/// A generated catalogue of `n` networks, loaded and checked (in memory,
/// one file per network).
pub fn generated_catalogue(n: usize) -> Catalogue {
    catalogue::from_files(generated_files(n), Vec::new())
        .unwrap_or_else(|e| panic!("the generated catalogue does not load: {e}"))
}

/// The bundled catalogue.
pub fn bundled_catalogue() -> Catalogue {
    catalogue::from_files(catalogue::bundled_files(), Vec::new())
        .unwrap_or_else(|e| panic!("the bundled catalogue does not load: {e}"))
}

/// Write a catalogue of `n` networks under `root`: a directory with one
/// file per network (`dir-N`), or one file (`file-N.toml`). Written once.
pub fn write_generated(root: &Path, n: usize, one_file: bool) -> PathBuf {
    let path = if one_file {
        root.join(format!("file-{n}.toml"))
    } else {
        root.join(format!("dir-{n}"))
    };
    if !path.exists() {
        let out = if one_file {
            generator::Output::File(path.clone())
        } else {
            generator::Output::Dir {
                dir: path.clone(),
                per_file: 1,
            }
        };
        generator::write_catalogue(n, SEED, &out, None)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    path
}

/// Total size of the files under `path`.
pub fn bytes_under(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|rd| rd.flatten().map(|e| bytes_under(&e.path())).sum())
            .unwrap_or(0)
    } else {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }
}

/// Percentiles of a set of durations.
pub struct Summary {
    pub count: usize,
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub mean: Duration,
}

impl Summary {
    pub fn of(samples: &[Duration]) -> Summary {
        let mut s = samples.to_vec();
        s.sort();
        let at = |p: f64| {
            if s.is_empty() {
                Duration::ZERO
            } else {
                // Nearest rank.
                let rank = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len());
                s[rank - 1]
            }
        };
        let total: Duration = s.iter().sum();
        Summary {
            count: s.len(),
            p50: at(0.50),
            p90: at(0.90),
            p99: at(0.99),
            max: s.last().copied().unwrap_or_default(),
            mean: if s.is_empty() {
                Duration::ZERO
            } else {
                total / s.len() as u32
            },
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "n={} p50={} p90={} p99={} max={} mean={}",
            self.count,
            ms(self.p50),
            ms(self.p90),
            ms(self.p99),
            ms(self.max),
            ms(self.mean)
        )
    }
}

/// A duration in milliseconds with three significant decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// The processor time this process has used so far, every thread's
/// (Linux: `/proc/self/stat`, in ticks of 10 ms), or None elsewhere.
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which ends at the last ')'):
    // utime and stime are the 12th and 13th.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}
