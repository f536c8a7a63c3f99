//! Relevance on the bundled catalogue: the judged queries of
//! `tests/relevance/networks.tsv` and `opportunities.tsv` (what a real user
//! would type, with what they would want to find), measured as success at 3
//! and nDCG at 5. `scripts/relevance.sh` prints the same measures per
//! category, next to fzf and a BM25 baseline.

use hinet::catalogue::{Catalogue, LoadOptions, Source, load};
use hinet::query::Index;

#[path = "../relevance/judged.rs"]
mod judged;

use judged::{Judged, judge, mean, measure, results};

/// The least share of queries with a wanted result in the top 3 (for a
/// nonsense query: with nothing shown), as `scripts/relevance.sh` reports it.
const MIN_S3: f64 = 0.95;
/// The least mean nDCG@5 over every query.
const MIN_NDCG5: f64 = 0.80;

fn bundled() -> Catalogue {
    load(&Source::Bundled, &LoadOptions::default()).expect("bundled catalogue")
}

/// Every judged network and opportunity is in the catalogue, so a judged
/// query cannot pass or fail for a typo in the judgement.
fn check_judgements(cat: &Catalogue, judged: &[Judged]) {
    for j in judged {
        for w in &j.wanted {
            let n = cat.network(&w.network).unwrap_or_else(|| {
                panic!(
                    "{:?}: judged id {} is not in the catalogue",
                    j.query, w.network
                )
            });
            assert!(
                w.title.is_empty() || n.opportunities.iter().any(|o| w.is(&n.id, &o.title)),
                "{:?}: {} has no opportunity titled with {:?}",
                j.query,
                w.network,
                w.title
            );
        }
    }
}

fn check(cat: &Catalogue, index: &Index, judged: &[Judged]) {
    check_judgements(cat, judged);
    let mut misses = Vec::new();
    let mut all = Vec::new();
    for j in judged {
        let got = results(cat, index, &j.query);
        if j.wanted.is_empty() {
            assert!(
                got.is_empty(),
                "nonsense {:?} showed {:?}",
                j.query,
                &got[..got.len().min(3)]
            );
        }
        let m = measure(&judge(&got, &j.wanted), j.wanted.len());
        if m.s3 < 1.0 {
            let top: Vec<&str> = got.iter().take(3).map(|(n, _)| n.as_str()).collect();
            misses.push(format!("[{}] {:?}: top 3 {top:?}", j.category, j.query));
        }
        all.push(m);
    }
    let s3 = mean(&all).s3;
    let ndcg = mean(&all).ndcg5;
    assert!(
        s3 >= MIN_S3 && ndcg >= MIN_NDCG5,
        "s@3 {s3:.3} (at least {MIN_S3}), nDCG@5 {ndcg:.3} (at least {MIN_NDCG5}); {} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn judged_network_queries() {
    let judged = judged::parse(judged::NETWORKS);
    assert!(judged.len() >= 150);
    let cat = bundled();
    check(&cat, &Index::networks(&cat), &judged);
}

#[test]
fn judged_opportunity_queries() {
    let judged = judged::parse(judged::OPPORTUNITIES);
    assert!(judged.len() >= 40);
    let cat = bundled();
    check(&cat, &Index::opportunities(&cat), &judged);
}

#[test]
fn measures_are_right_on_known_answers() {
    // One wanted, found second: s@1 0, s@3 1, MRR 1/2, nDCG 1/log2(3).
    let m = measure(&[false, true, false], 1);
    assert_eq!((m.s1, m.s3, m.mrr), (0.0, 1.0, 0.5));
    assert!((m.ndcg5 - 1.0 / 3f64.log2()).abs() < 1e-9);
    // Nothing wanted: only an empty answer is right.
    assert_eq!(measure(&[], 0).s3, 1.0);
    assert_eq!(measure(&[false], 0).s3, 0.0);
    // Found fourth: not in the top 3.
    assert_eq!(measure(&[false, false, false, true], 2).s3, 0.0);
}
