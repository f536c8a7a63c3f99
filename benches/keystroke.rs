//! The per-keystroke work: `Index::search` (ranked hits plus every facet's
//! live counts) for each prefix of ~20 realistic queries typed one character
//! at a time, on generated catalogues of 10k and 100k networks.
//!
//! * criterion `keystroke/N/QUERY`: one iteration types the whole query,
//!   one search per prefix ("d", "da", "dat", ...), so the mean is per query,
//!   not per keystroke. At 100k only a handful of queries run under
//!   criterion, to keep `cargo bench` short.
//! * In bench mode it first prints, to stderr, the distribution over every
//!   prefix of every query (each prefix searched several times): p50, p90,
//!   p99 and max per keystroke, and the slowest prefixes. Before the first
//!   key it runs, and times on its own, the listing the app shows when it
//!   opens (the empty query), as the app does. Criterion reports
//!   only means; the target is a p99.
//! * `keystroke-app/N`: the same prefixes through the app
//!   (`update(Key)`, which also keeps the selection) plus drawing the 160x50
//!   frame on `TestBackend`: what a user waits for between key and screen.

mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use hinet::app::{self, Action, App, Command, Keymap};
use hinet::catalogue::Catalogue;
use hinet::query::{Filters, Index, Memo, Query};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "support/queries.rs"]
mod queries;
use queries::QUERIES;

/// The queries criterion times at 100k.
const QUERIES_100K: [&str; 5] = [
    "data analyst",
    "infromatics",
    "wales",
    "free course",
    "public health intelligence",
];

/// Every prefix of `q`, one character more each time.
fn prefixes(q: &str) -> Vec<&str> {
    q.char_indices()
        .map(|(i, c)| &q[..i + c.len_utf8()])
        .collect()
}

fn type_query(index: &Index, filters: &Filters, q: &str) -> usize {
    let memo = Memo::new();
    let mut hits = 0;
    for p in prefixes(q) {
        let out = index.search_with(&memo, &Query::parse(p), filters, None);
        hits += out.hits.len() + out.counts.len();
    }
    hits
}

/// Per-keystroke percentiles over every prefix of every query.
fn percentiles(name: &str, index: &Index, reps: usize) {
    let filters = Filters::new(index);
    // The app lists every entry (the empty query) as soon as the index is
    // there, before any key: part of start-up, not a keystroke, so it is
    // timed on its own. (The first search after a large index is built
    // also pays the allocator's tidying of everything the build freed.)
    let t = Instant::now();
    black_box(index.search_with(&Memo::new(), &Query::default(), &filters, None));
    eprintln!(
        "{name}: the listing before the first key (the empty query, as the app opens): {}",
        support::ms(t.elapsed())
    );
    let mut all = Vec::new();
    let mut worst: Vec<(Duration, String, usize)> = Vec::new();
    let cpu = support::cpu_time();
    // Typed as a user types: each query one character at a time, starting
    // from an empty memo (what is reused is only what the same query's
    // earlier keystrokes worked out), the whole list `reps` times over.
    for _ in 0..reps {
        for q in QUERIES {
            let memo = Memo::new();
            for p in prefixes(q) {
                let query = Query::parse(p);
                let t = Instant::now();
                let out = index.search_with(&memo, &query, &filters, None);
                let d = t.elapsed();
                all.push(d);
                worst.push((d, p.to_string(), out.hits.len()));
                black_box(out);
            }
        }
    }
    // Processor time (every thread's) is what the other programs on the
    // machine do not change, as they change the wall times above.
    let cpu = support::cpu_time()
        .zip(cpu)
        .map(|(b, a)| b.saturating_sub(a));
    worst.sort_by_key(|w| std::cmp::Reverse(w.0));
    let mut seen = std::collections::HashSet::new();
    let slowest: Vec<String> = worst
        .iter()
        .filter(|w| seen.insert(w.1.clone()))
        .take(6)
        .map(|(d, p, h)| format!("{p:?} {} ({h} hits)", support::ms(*d)))
        .collect();
    eprintln!(
        "{name}: per keystroke (search + facet counts), {} prefixes x {reps}: {}",
        all.len() / reps,
        support::Summary::of(&all)
    );
    if let Some(cpu) = cpu {
        eprintln!(
            "{name}: processor time per keystroke (all threads, mean): {}",
            support::ms(cpu / all.len().max(1) as u32)
        );
    }
    eprintln!("{name}: slowest prefixes: {}", slowest.join(", "));
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Key press to drawn frame, through the app, for every prefix of every query.
/// With `background`, the app as it runs at this size: in a large
/// catalogue typing only echoes the query, and the search runs on the
/// runtime's worker (not timed here). Without, every key searches at once.
fn app_percentiles(name: &str, cat: Catalogue, reps: usize, background: bool) {
    let mut app = App::new(cat, Vec::new(), Keymap::default());
    if !background {
        app.background_from = usize::MAX;
    }
    app::update(&mut app, Action::Resize(160, 50));
    app::update(&mut app, Action::Command(Command::Search));
    let theme = hinet::ui::Theme::new(hinet::config::ThemeName::Default);
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("test backend");
    let mut update = Vec::new();
    let mut frame = Vec::new();
    for _ in 0..reps {
        for q in QUERIES {
            for c in q.chars() {
                let t = Instant::now();
                app::update(&mut app, key(c));
                let u = t.elapsed();
                terminal
                    .draw(|f| hinet::ui::draw(f, &app, &theme))
                    .expect("draw");
                let d = t.elapsed();
                update.push(u);
                frame.push(d);
            }
            app::update(
                &mut app,
                Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            );
        }
    }
    eprintln!(
        "{name}: app update ({}), per key: {}",
        if background && app.tabs[0].index.len() >= app.background_from {
            "echo only: the search runs on the worker"
        } else {
            "search + selection"
        },
        support::Summary::of(&update)
    );
    eprintln!(
        "{name}: key to drawn frame (update + draw 160x50 on TestBackend): {}",
        support::Summary::of(&frame)
    );
}

fn main() {
    let mut c: Criterion = support::criterion();
    let bench = support::bench_mode();
    let sizes: &[usize] = if bench { &[10_000, 100_000] } else { &[1_000] };
    for &n in sizes {
        let label = support::label(n);
        if !support::size_selected(&label) {
            continue;
        }
        let app_only = support::filter().is_some_and(|f| f.contains("keystroke-app"));
        let want_stats = bench && !app_only;
        let want_app = bench && support::filter().is_none_or(|f| f.contains("keystroke-app"));
        let t = Instant::now();
        let cat = support::generated_catalogue(n);
        let index = Index::networks(&cat);
        eprintln!(
            "keystroke/{label}: {} networks generated, loaded and indexed in {} ({} dictionary words)",
            cat.networks.len(),
            support::ms(t.elapsed()),
            index.dictionary.len()
        );
        if want_stats {
            percentiles(
                &format!("keystroke/{label}"),
                &index,
                if n >= 100_000 { 2 } else { 5 },
            );
        }
        if want_app {
            app_percentiles(&format!("keystroke-app/{label}"), cat.clone(), 1, false);
            app_percentiles(&format!("keystroke-echo/{label}"), cat.clone(), 1, true);
        }
        let mut group = c.benchmark_group(format!("keystroke/{label}"));
        group.sampling_mode(SamplingMode::Flat);
        let filters = Filters::new(&index);
        let queries: &[&str] = if n >= 100_000 {
            &QUERIES_100K
        } else {
            &QUERIES
        };
        for q in queries {
            group.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
                b.iter(|| black_box(type_query(&index, &filters, q)));
            });
        }
        group.finish();
    }
    c.final_summary();
}
