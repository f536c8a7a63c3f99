//! Relevance of hinet's search against two baselines on the judged queries
//! of `tests/relevance/`: `fzf --filter` over one line per network (name,
//! short name and tags; for opportunities, title and network name), and a
//! plain BM25 over every word of an entry (k1 = 1.2, b = 0.75, no stemming,
//! any word may match). Prints s@1, s@3, MRR and nDCG@5 per category.
//!
//! Usage: `cargo run --release --example relevance [-- --catalogue PATH] [--misses]`
//! (`scripts/relevance.sh` installs fzf when it is missing and runs this).

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

use hinet::catalogue::{Catalogue, LoadOptions, Source, load};
use hinet::query::{DocRef, Filters, Index, Query};

#[path = "../tests/relevance/judged.rs"]
mod judged;

use judged::{Judged, Measures, categories, judge, mean, measure};

/// One searchable entry: its key (network id, opportunity title), the line
/// fzf sees, and every word BM25 sees.
struct Entry {
    network: String,
    title: String,
    fzf_line: String,
    text: String,
}

fn network_entries(cat: &Catalogue) -> Vec<Entry> {
    cat.networks
        .iter()
        .map(|n| {
            let mut short = vec![n.name.clone()];
            short.extend(n.short_name.clone());
            short.extend(n.tags.iter().cloned());
            let mut text = short.join(" ");
            for t in [&n.summary]
                .into_iter()
                .chain(n.description.iter())
                .chain(n.how_to_join.iter())
                .chain(n.policy_engagement.iter())
            {
                text.push(' ');
                text.push_str(t);
            }
            for o in &n.opportunities {
                text.push(' ');
                text.push_str(&o.title);
            }
            Entry {
                network: n.id.clone(),
                title: String::new(),
                fzf_line: short.join(" "),
                text,
            }
        })
        .collect()
}

fn opportunity_entries(cat: &Catalogue) -> Vec<Entry> {
    let mut out = Vec::new();
    for n in cat.networks.iter() {
        for o in &n.opportunities {
            let line = format!("{} ({})", o.title, n.name);
            let mut text = line.clone();
            for t in o
                .summary
                .iter()
                .chain(o.eligibility.iter())
                .chain(o.duration.iter())
            {
                text.push(' ');
                text.push_str(t);
            }
            out.push(Entry {
                network: n.id.clone(),
                title: o.title.clone(),
                fzf_line: line,
                text,
            });
        }
    }
    out
}

fn tokens(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A plain BM25 index over the entries' words.
struct Bm25 {
    docs: Vec<HashMap<String, f64>>,
    lens: Vec<f64>,
    avg: f64,
    df: HashMap<String, f64>,
}

impl Bm25 {
    fn new(entries: &[Entry]) -> Bm25 {
        let mut docs = Vec::new();
        let mut lens = Vec::new();
        let mut df: HashMap<String, f64> = HashMap::new();
        for e in entries {
            let toks = tokens(&e.text);
            lens.push(toks.len() as f64);
            let mut tf: HashMap<String, f64> = HashMap::new();
            for t in toks {
                *tf.entry(t).or_default() += 1.0;
            }
            for t in tf.keys() {
                *df.entry(t.clone()).or_default() += 1.0;
            }
            docs.push(tf);
        }
        let avg = lens.iter().sum::<f64>() / lens.len().max(1) as f64;
        Bm25 {
            docs,
            lens,
            avg,
            df,
        }
    }

    fn search(&self, q: &str) -> Vec<usize> {
        let n = self.docs.len() as f64;
        let (k1, b) = (1.2, 0.75);
        let terms = tokens(q);
        let mut scored: Vec<(usize, f64)> = Vec::new();
        for (d, tf) in self.docs.iter().enumerate() {
            let mut s = 0.0;
            for t in &terms {
                let Some(f) = tf.get(t) else { continue };
                let df = self.df.get(t).copied().unwrap_or(0.0);
                let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
                s += idf * f * (k1 + 1.0) / (f + k1 * (1.0 - b + b * self.lens[d] / self.avg));
            }
            if s > 0.0 {
                scored.push((d, s));
            }
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.into_iter().map(|(d, _)| d).collect()
    }
}

/// `fzf --filter` over one line per entry: the entries it keeps, best first.
fn fzf(entries: &[Entry], q: &str) -> Option<Vec<usize>> {
    let mut child = Command::new("fzf")
        .args(["--filter", q, "--delimiter", "\t", "--nth", "2.."])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut input = String::new();
    for (i, e) in entries.iter().enumerate() {
        input.push_str(&format!("{i}\t{}\n", e.fzf_line.replace(['\t', '\n'], " ")));
    }
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split('\t').next()?.parse().ok())
            .collect(),
    )
}

fn keys(entries: &[Entry], ranked: &[usize]) -> Vec<(String, String)> {
    ranked
        .iter()
        .map(|&i| (entries[i].network.clone(), entries[i].title.clone()))
        .collect()
}

fn report(
    what: &str,
    judged: &[Judged],
    cat: &Catalogue,
    index: &Index,
    entries: &[Entry],
    misses: bool,
) {
    let bm25 = Bm25::new(entries);
    let has_fzf = fzf(entries, "a").is_some();
    let mut per: Vec<(String, [Measures; 3])> = Vec::new();
    for j in judged {
        let got = judged::results(cat, index, &j.query);
        let h = measure(&judge(&got, &j.wanted), j.wanted.len());
        let b = measure(
            &judge(&keys(entries, &bm25.search(&j.query)), &j.wanted),
            j.wanted.len(),
        );
        let f = if has_fzf {
            let r = fzf(entries, &j.query).unwrap_or_default();
            measure(&judge(&keys(entries, &r), &j.wanted), j.wanted.len())
        } else {
            Measures::default()
        };
        if misses && h.s3 < 1.0 {
            let top: Vec<String> = got
                .iter()
                .take(3)
                .map(|(n, t)| format!("{n}{}{t}", if t.is_empty() { "" } else { "#" }))
                .collect();
            eprintln!("miss [{}] {:?}: top 3 {:?}", j.category, j.query, top);
        }
        per.push((j.category.clone(), [h, f, b]));
    }
    println!("\n{what} ({} judged queries)\n", judged.len());
    println!(
        "| category | n | hinet s@1 | s@3 | MRR | nDCG@5 | fzf s@1 | s@3 | MRR | nDCG@5 | BM25 s@1 | s@3 | MRR | nDCG@5 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut rows: Vec<(String, Vec<&[Measures; 3]>)> = categories(judged)
        .into_iter()
        .map(|c| {
            let ms = per
                .iter()
                .filter(|(k, _)| *k == c)
                .map(|(_, m)| m)
                .collect();
            (c, ms)
        })
        .collect();
    rows.push(("all".into(), per.iter().map(|(_, m)| m).collect()));
    for (c, ms) in rows {
        let mut line = format!("| {c} | {} |", ms.len());
        for sys in 0..3 {
            let m = mean(&ms.iter().map(|m| m[sys]).collect::<Vec<_>>());
            if sys == 1 && !has_fzf {
                line.push_str(" – | – | – | – |");
            } else {
                line.push_str(&format!(
                    " {:.2} | {:.2} | {:.2} | {:.2} |",
                    m.s1, m.s3, m.mrr, m.ndcg5
                ));
            }
        }
        println!("{line}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let source = match args.iter().position(|a| a == "--catalogue") {
        Some(i) => Source::Path(args.get(i + 1).expect("--catalogue PATH").into()),
        None => Source::Bundled,
    };
    let misses = args.iter().any(|a| a == "--misses");
    let cat = load(&source, &LoadOptions::default()).expect("the catalogue loads");
    if let Some(i) = args.iter().position(|a| a == "--query") {
        // One query's top ten with their scores, to see why.
        let q = args.get(i + 1).map(String::as_str).unwrap_or_default();
        let index = Index::networks(&cat);
        let o = index.search(&Query::parse(q), &Filters::new(&index), None);
        for h in o.hits.iter().take(10) {
            if let DocRef::Network(n) = index.refs[h.doc as usize] {
                println!("{:>8} {}", h.score, cat.networks[n as usize].id);
            }
        }
        println!(
            "full {} of {}; partial words {}; unmatched {:?}",
            o.full,
            o.hits.len(),
            o.partial_words,
            o.unmatched
        );
        return;
    }
    let networks = judged::parse(judged::NETWORKS);
    let opportunities = judged::parse(judged::OPPORTUNITIES);
    report(
        "Networks",
        &networks,
        &cat,
        &Index::networks(&cat),
        &network_entries(&cat),
        misses,
    );
    report(
        "Learning and training",
        &opportunities,
        &cat,
        &Index::opportunities(&cat),
        &opportunity_entries(&cat),
        misses,
    );
}
