//! The judged queries (`networks.tsv`, `opportunities.tsv` beside this file)
//! and the measures computed over a ranked answer: success at 1 and at 3,
//! mean reciprocal rank and nDCG at 5. Shared by `tests/it/relevance.rs` and
//! `examples/relevance.rs` (which also runs fzf and a BM25 baseline).

#![allow(dead_code)]

use hinet::catalogue::Catalogue;
use hinet::query::{DocRef, Filters, Index, Query};

/// One judged query.
pub struct Judged {
    pub category: String,
    pub query: String,
    /// What should be found: network ids, or `network#title words` for
    /// opportunities. Empty: nothing should be shown (nonsense).
    pub wanted: Vec<Wanted>,
}

/// One thing that should be found.
#[derive(Clone, Debug)]
pub struct Wanted {
    pub network: String,
    /// Words the opportunity's title contains (lower case); empty for a network.
    pub title: String,
}

impl Wanted {
    /// Whether a result (network id, and title for an opportunity) is this one.
    pub fn is(&self, network: &str, title: &str) -> bool {
        self.network == network
            && (self.title.is_empty() || title.to_lowercase().contains(&self.title))
    }
}

/// hinet's ranked answer to `q` with no filters: (network id, opportunity
/// title, empty for a network) for each hit, best first.
pub fn results(cat: &Catalogue, index: &Index, q: &str) -> Vec<(String, String)> {
    index
        .search(&Query::parse(q), &Filters::new(index), None)
        .hits
        .iter()
        .map(|h| match index.refs[h.doc as usize] {
            DocRef::Network(n) => (cat.networks[n as usize].id.clone(), String::new()),
            DocRef::Opportunity(n, o) => {
                let net = &cat.networks[n as usize];
                (net.id.clone(), net.opportunities[o as usize].title.clone())
            }
        })
        .collect()
}

pub const NETWORKS: &str = include_str!("networks.tsv");
pub const OPPORTUNITIES: &str = include_str!("opportunities.tsv");

/// Parse a judged file: `category<TAB>query<TAB>wanted` lines; `#` starts a comment.
pub fn parse(text: &str) -> Vec<Judged> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(category), Some(query), Some(wanted)) = (cols.next(), cols.next(), cols.next())
        else {
            panic!("a judged line needs three columns: {line:?}");
        };
        let mut items: Vec<Wanted> = Vec::new();
        if wanted.trim() != "-" {
            for token in wanted.split_whitespace() {
                if let Some((network, title)) = token.split_once('#') {
                    items.push(Wanted {
                        network: network.to_string(),
                        title: title.to_string(),
                    });
                } else if let Some(last) = items.last_mut().filter(|w| !w.title.is_empty()) {
                    last.title.push(' ');
                    last.title.push_str(token);
                } else {
                    items.push(Wanted {
                        network: token.to_string(),
                        title: String::new(),
                    });
                }
            }
        }
        out.push(Judged {
            category: category.to_string(),
            query: query.to_string(),
            wanted: items,
        });
    }
    out
}

/// The measures of one query, or of a mean over many.
#[derive(Clone, Copy, Debug, Default)]
pub struct Measures {
    pub s1: f64,
    pub s3: f64,
    pub mrr: f64,
    pub ndcg5: f64,
}

/// The measures of one answer: `relevant[i]` says whether the i-th result
/// (best first) is one that was wanted; `wanted` is how many were.
/// With nothing wanted, an empty answer scores 1 on every measure.
pub fn measure(relevant: &[bool], wanted: usize) -> Measures {
    if wanted == 0 {
        let v = if relevant.is_empty() { 1.0 } else { 0.0 };
        return Measures {
            s1: v,
            s3: v,
            mrr: v,
            ndcg5: v,
        };
    }
    let first = relevant.iter().position(|r| *r);
    let dcg: f64 = relevant
        .iter()
        .take(5)
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
        .sum();
    let idcg: f64 = (0..wanted.min(5))
        .map(|i| 1.0 / ((i + 2) as f64).log2())
        .sum();
    Measures {
        s1: if first == Some(0) { 1.0 } else { 0.0 },
        s3: if first.is_some_and(|f| f < 3) {
            1.0
        } else {
            0.0
        },
        mrr: first.map_or(0.0, |f| 1.0 / (f + 1) as f64),
        ndcg5: dcg / idcg,
    }
}

/// Whether each result is wanted, each wanted thing counted once.
pub fn judge(results: &[(String, String)], wanted: &[Wanted]) -> Vec<bool> {
    let mut used = vec![false; wanted.len()];
    results
        .iter()
        .map(|(network, title)| {
            match wanted
                .iter()
                .enumerate()
                .position(|(i, w)| !used[i] && w.is(network, title))
            {
                Some(i) => {
                    used[i] = true;
                    true
                }
                None => false,
            }
        })
        .collect()
}

/// The mean of some measures.
pub fn mean(ms: &[Measures]) -> Measures {
    let n = ms.len().max(1) as f64;
    Measures {
        s1: ms.iter().map(|m| m.s1).sum::<f64>() / n,
        s3: ms.iter().map(|m| m.s3).sum::<f64>() / n,
        mrr: ms.iter().map(|m| m.mrr).sum::<f64>() / n,
        ndcg5: ms.iter().map(|m| m.ndcg5).sum::<f64>() / n + 0.0,
    }
}

/// The categories in the order they are reported.
pub fn categories(judged: &[Judged]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for j in judged {
        if !out.contains(&j.category) {
            out.push(j.category.clone());
        }
    }
    out
}
