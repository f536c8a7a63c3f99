//! The three fuzzy matchers issue 16 names, side by side on the same work:
//! nucleo-matcher (helix), frizbee (television, atuin) and fuzzy-matcher
//! (skim's algorithm). For each:
//!
//! * speed: every prefix of the keystroke bench's queries, each word matched
//!   against every short field (name, short name, tags) of a generated
//!   catalogue of 10k and 100k networks, the most a keystroke's fuzzy
//!   fallback could ask of it; p50 and p99 per keystroke;
//! * quality: the judged network queries of `tests/relevance/` on the bundled
//!   catalogue, ranked by the matcher alone (every word must match some short
//!   field; a network's score is the sum of each word's best field score):
//!   s@3 and nDCG@5, and how many nonsense queries show nothing.
//!
//! `cargo bench --bench fuzzy_crates` prints both to stderr.

mod support;

#[path = "../tests/relevance/judged.rs"]
mod judged;

use std::hint::black_box;
use std::time::{Duration, Instant};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use hinet::catalogue::Catalogue;
use nucleo_matcher::{Config, Matcher, Utf32Str};

const QUERIES: [&str; 12] = [
    "data analyst",
    "clinical coding",
    "nursing informatics",
    "knwldge lbrry",
    "topl",
    "infromatics",
    "shri ntwk",
    "dhn",
    "clincod",
    "public health intelligence",
    "free course",
    "librarian",
];

#[derive(Clone, Copy, Debug)]
enum Which {
    Nucleo,
    Frizbee,
    Skim,
}

/// Every network's short fields, folded (lower case).
fn fields(cat: &Catalogue) -> Vec<Vec<String>> {
    cat.networks
        .iter()
        .map(|n| {
            let mut f = vec![n.name.to_lowercase()];
            f.extend(n.short_name.as_ref().map(|s| s.to_lowercase()));
            f.extend(n.tags.iter().map(|t| t.to_lowercase()));
            f
        })
        .collect()
}

/// One word's score against every field (flattened), by field, 0 for none.
fn scores(which: Which, word: &str, flat: &[&str], out: &mut Vec<u32>) {
    out.clear();
    out.resize(flat.len(), 0);
    match which {
        Which::Nucleo => {
            let mut m = Matcher::new(Config::DEFAULT);
            let mut buf = Vec::new();
            let mut nbuf = Vec::new();
            let needle = Utf32Str::new(word, &mut nbuf);
            for (i, f) in flat.iter().enumerate() {
                if let Some(s) = m.fuzzy_match(Utf32Str::new(f, &mut buf), needle) {
                    out[i] = u32::from(s);
                }
            }
        }
        Which::Frizbee => {
            let mut m = frizbee::Matcher::new(word, &frizbee::Config::default());
            for hit in m.match_list(flat) {
                out[hit.index as usize] = u32::from(hit.score);
            }
        }
        Which::Skim => {
            let m = SkimMatcherV2::default();
            for (i, f) in flat.iter().enumerate() {
                if let Some(s) = m.fuzzy_match(f, word) {
                    out[i] = s.max(1) as u32;
                }
            }
        }
    }
}

fn speed(which: Which, label: &str, cat: &Catalogue) {
    let per_doc = fields(cat);
    let flat: Vec<&str> = per_doc.iter().flatten().map(String::as_str).collect();
    let mut out = Vec::new();
    let mut times: Vec<Duration> = Vec::new();
    for q in QUERIES {
        for (i, c) in q.char_indices() {
            let prefix = &q[..i + c.len_utf8()];
            let t = Instant::now();
            for w in prefix.split_whitespace().filter(|w| w.len() >= 2) {
                scores(which, w, &flat, &mut out);
                black_box(&out);
            }
            times.push(t.elapsed());
        }
    }
    let s = support::Summary::of(&times);
    eprintln!(
        "fuzzy-crates {which:?} {label}: per keystroke over {} short fields: p50 {} p99 {} max {}",
        flat.len(),
        support::ms(s.p50),
        support::ms(s.p99),
        support::ms(s.max)
    );
}

fn quality(which: Which, cat: &Catalogue) {
    let per_doc = fields(cat);
    let flat: Vec<&str> = per_doc.iter().flatten().map(String::as_str).collect();
    let owner: Vec<usize> = per_doc
        .iter()
        .enumerate()
        .flat_map(|(d, f)| std::iter::repeat_n(d, f.len()))
        .collect();
    let judged = judged::parse(judged::NETWORKS);
    let mut out = Vec::new();
    let mut ms = Vec::new();
    let mut nonsense_empty = 0;
    let mut nonsense = 0;
    for j in &judged {
        let words: Vec<String> = j.query.split_whitespace().map(str::to_lowercase).collect();
        let mut total = vec![0u64; per_doc.len()];
        let mut matched = vec![0usize; per_doc.len()];
        for w in &words {
            scores(which, w, &flat, &mut out);
            let mut best = vec![0u32; per_doc.len()];
            for (k, &s) in out.iter().enumerate() {
                best[owner[k]] = best[owner[k]].max(s);
            }
            for (d, &b) in best.iter().enumerate() {
                if b > 0 {
                    total[d] += u64::from(b);
                    matched[d] += 1;
                }
            }
        }
        let mut ranked: Vec<usize> = (0..per_doc.len())
            .filter(|&d| matched[d] == words.len())
            .collect();
        ranked.sort_by_key(|&d| std::cmp::Reverse(total[d]));
        let got: Vec<(String, String)> = ranked
            .iter()
            .map(|&d| (cat.networks[d].id.clone(), String::new()))
            .collect();
        if j.wanted.is_empty() {
            nonsense += 1;
            nonsense_empty += usize::from(got.is_empty());
        }
        ms.push(judged::measure(
            &judged::judge(&got, &j.wanted),
            j.wanted.len(),
        ));
    }
    let m = judged::mean(&ms);
    eprintln!(
        "fuzzy-crates {which:?} judged ({} queries, matcher alone): s@3 {:.2} nDCG@5 {:.2}; nonsense showing nothing {nonsense_empty} of {nonsense}",
        judged.len(),
        m.s3,
        m.ndcg5
    );
}

fn main() {
    if !support::bench_mode() {
        return;
    }
    let bundled = support::bundled_catalogue();
    for which in [Which::Nucleo, Which::Frizbee, Which::Skim] {
        quality(which, &bundled);
    }
    for n in [10_000, 100_000] {
        if !support::size_selected(&support::label(n)) {
            continue;
        }
        let cat = support::generated_catalogue(n);
        for which in [Which::Nucleo, Which::Frizbee, Which::Skim] {
            speed(which, &support::label(n), &cat);
        }
    }
}
