//! A fingerprint of what the search answers, to check that a change to
//! `src/query/` keeps every result the same: every prefix of every judged
//! query (`tests/relevance/`) and of the keystroke benchmark's queries,
//! typed one character at a time with one memo per query (as the app
//! does), on the bundled catalogue and a generated one, with no filter, one
//! facet value and two facets selected. One line per query and filter: a
//! hash of every prefix's hits (document and score), partial matches,
//! unmatched words and live counts.
//!
//! Usage: `cargo run --release --example search_dump > a.txt`, change the
//! search, run it again, and compare the two files (`diff`, or `md5sum`).

#[allow(unused, clippy::all)]
#[path = "gen.rs"]
mod generator;

#[path = "../tests/relevance/judged.rs"]
mod judged;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use hinet::catalogue::{self, Catalogue, SourceFile};
use hinet::query::{Filters, Index, Memo, Query};

#[path = "../benches/support/queries.rs"]
mod queries;

/// A few queries using the query syntax, beside the keystroke benchmark's
/// (`queries::QUERIES`).
const SYNTAX: [&str; 7] = [
    "data !analyst",
    "'nhs digital",
    "^dig health",
    "!closed network",
    "nhs-r community",
    "free coding course online",
    "zzqx",
];

fn generated(n: usize) -> Catalogue {
    let mut g = generator::Generator::new(generator::DEFAULT_SEED);
    let mut files = vec![SourceFile {
        name: "gen/catalogue.toml".into(),
        text: g.head(n, generator::DEFAULT_SEED),
    }];
    for _ in 0..n {
        let net = g.next_network();
        files.push(SourceFile {
            name: format!("gen/networks/{}.toml", net.id),
            text: net.toml,
        });
    }
    catalogue::from_files(files, Vec::new()).unwrap_or_else(|e| panic!("{e}"))
}

/// No filter; the first value of the first facet; that and the first value
/// of the second facet.
fn filters(index: &Index) -> Vec<(&'static str, Filters)> {
    let none = Filters::new(index);
    let mut one = none.clone();
    one.set(0, 0, true);
    let mut two = one.clone();
    two.set(1, 0, true);
    vec![("none", none), ("one", one), ("two", two)]
}

fn dump(label: &str, index: &Index, queries: &[String]) {
    for (fname, f) in filters(index) {
        for q in queries {
            let memo = Memo::new();
            let mut h = DefaultHasher::new();
            let mut last = 0;
            for (i, c) in q.char_indices() {
                let p = &q[..i + c.len_utf8()];
                let out = index.search_with(&memo, &Query::parse(p), &f, None);
                for hit in &out.hits {
                    (hit.doc, hit.score).hash(&mut h);
                }
                (out.full, out.partial_words, out.words).hash(&mut h);
                out.unmatched.hash(&mut h);
                out.counts.hash(&mut h);
                last = out.hits.len();
            }
            println!("{label}\t{fname}\t{q}\t{last}\t{:016x}", h.finish());
        }
    }
}

/// The judged queries of one file, then the benchmark's and the syntax ones.
fn with_bench_queries(judged_text: &str) -> Vec<String> {
    judged::parse(judged_text)
        .into_iter()
        .map(|j| j.query)
        .chain(
            queries::QUERIES
                .iter()
                .chain(&SYNTAX)
                .map(|s| s.to_string()),
        )
        .collect()
}

fn main() {
    let net_queries = with_bench_queries(judged::NETWORKS);
    let opp_queries = with_bench_queries(judged::OPPORTUNITIES);
    let bundled = catalogue::from_files(catalogue::bundled_files(), Vec::new())
        .unwrap_or_else(|e| panic!("{e}"));
    let big = generated(3_000);
    for (label, cat) in [("bundled", &bundled), ("gen3k", &big)] {
        dump(
            &format!("{label}/networks"),
            &Index::networks(cat),
            &net_queries,
        );
        dump(
            &format!("{label}/opportunities"),
            &Index::opportunities(cat),
            &opp_queries,
        );
    }
}
