//! Search tests over the small fixture catalogue (`tests/fixtures/small`):
//! matching rules, ranking, filters, facet counts (checked against a brute
//! force count), query operators, typo tolerance and highlighting.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;
use crate::catalogue::{Catalogue, CostClass, SourceFile, from_files, load_path};
use crate::text::suggest::edit_distance;

/// Chosen facet values: (facet key, [value ids]).
type Selection<'a> = &'a [(&'a str, &'a [&'a str])];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small")
}

fn small() -> Catalogue {
    load_path(&fixture_dir(), 1 << 26).expect("the small fixture catalogue loads")
}

/// The network ids of an outcome, best first.
fn network_ids(cat: &Catalogue, index: &Index, outcome: &Outcome) -> Vec<String> {
    outcome
        .hits
        .iter()
        .map(|h| match index.refs[h.doc as usize] {
            DocRef::Network(i) => cat.networks[i as usize].id.clone(),
            DocRef::Opportunity(..) => panic!("a network index returned an opportunity"),
        })
        .collect()
}

/// Search the networks of `cat` with a query and no filters.
fn search_ids(cat: &Catalogue, query: &str) -> Vec<String> {
    let index = Index::networks(cat);
    let outcome = index.search(&Query::parse(query), &Filters::new(&index), None);
    network_ids(cat, &index, &outcome)
}

/// Filters from (facet key, [value ids]) pairs; panics on an unknown key or id.
fn filters(index: &Index, selected: &[(&str, &[&str])]) -> Filters {
    let mut f = Filters::new(index);
    for (key, ids) in selected {
        let (fi, facet) = index.facet(key).expect("a known facet key");
        for id in *ids {
            let v = facet.position(id).expect("a known facet value");
            f.set(fi, v, true);
        }
    }
    f
}

/// The facet values of a document, worked out from the catalogue itself (not
/// from the index), by facet key.
fn doc_values(cat: &Catalogue, r: DocRef, key: &str) -> Vec<String> {
    match r {
        DocRef::Network(i) => {
            let n = &cat.networks[i as usize];
            match key {
                "sector" => or_not_stated(n.sectors.clone()),
                "profession" => or_not_stated(n.professions.clone()),
                "stage" => or_not_stated(n.career_stages.clone()),
                "scope" => or_not_stated(places(cat, &n.scope)),
                "kind" => vec![n.kind.clone()],
                "cost" => vec![CostClass::of(n.cost.as_ref()).id().to_string()],
                "status" => vec![n.status.id().to_string()],
                other => panic!("no network facet {other}"),
            }
        }
        DocRef::Opportunity(ni, oi) => {
            let n = &cat.networks[ni as usize];
            let o = &n.opportunities[oi as usize];
            match key {
                "type" => vec![o.kind.clone()],
                "cost" => vec![CostClass::of(o.cost.as_ref()).id().to_string()],
                "format" => or_not_stated(o.formats.clone()),
                // An opportunity that states no stages is for its network's.
                "stage" => or_not_stated(if o.career_stages.is_empty() {
                    n.career_stages.clone()
                } else {
                    o.career_stages.clone()
                }),
                "sector" => or_not_stated(n.sectors.clone()),
                "scope" => or_not_stated(places(cat, &n.scope)),
                other => panic!("no opportunity facet {other}"),
            }
        }
    }
}

/// A facet's values as the counts see them: an empty list is "not stated".
fn or_not_stated(ids: Vec<String>) -> Vec<String> {
    if ids.is_empty() {
        vec![NOT_STATED.to_string()]
    } else {
        ids
    }
}

/// The places a network with `scopes` serves, walking `within` up from each
/// place (written out here, not taken from the code under test).
fn places(cat: &Catalogue, scopes: &[String]) -> Vec<String> {
    use crate::catalogue::VocabKind;
    cat.vocab
        .terms(VocabKind::Scope)
        .iter()
        .filter(|t| {
            let mut at = Some(t.id.as_str());
            let mut steps = 0;
            while let Some(p) = at {
                if scopes.iter().any(|s| s == p) {
                    return true;
                }
                steps += 1;
                at = if steps > 10 {
                    None
                } else {
                    cat.vocab.within(p)
                };
            }
            false
        })
        .map(|t| t.id.clone())
        .collect()
}

/// Hits (as a set of documents) and counts computed by brute force: the query
/// decides which documents match; then OR within a facet, AND across facets,
/// and counts[f][v] = matching documents that have v and pass every other facet.
fn brute_force(
    cat: &Catalogue,
    index: &Index,
    query: &Query,
    selected: &[(&str, &[&str])],
) -> (BTreeSet<u32>, Vec<Vec<u32>>) {
    let matching: Vec<u32> = index
        .search(query, &Filters::new(index), None)
        .hits
        .iter()
        .map(|h| h.doc)
        .collect();
    let passes = |doc: u32, except: Option<&str>| {
        selected.iter().all(|(key, ids)| {
            Some(*key) == except
                || ids.is_empty()
                || doc_values(cat, index.refs[doc as usize], key)
                    .iter()
                    .any(|v| ids.contains(&v.as_str()))
        })
    };
    let hits = matching
        .iter()
        .copied()
        .filter(|&d| passes(d, None))
        .collect();
    let counts = index
        .facets
        .iter()
        .map(|facet| {
            facet
                .values
                .iter()
                .map(|value| {
                    matching
                        .iter()
                        .filter(|&&d| {
                            passes(d, Some(facet.key))
                                && doc_values(cat, index.refs[d as usize], facet.key)
                                    .contains(&value.id)
                        })
                        .count() as u32
                })
                .collect()
        })
        .collect();
    (hits, counts)
}

fn check_against_brute_force(
    cat: &Catalogue,
    index: &Index,
    query: &str,
    selected: &[(&str, &[&str])],
) {
    let q = Query::parse(query);
    let outcome = index.search(&q, &filters(index, selected), None);
    let (hits, counts) = brute_force(cat, index, &q, selected);
    let got: BTreeSet<u32> = outcome.hits.iter().map(|h| h.doc).collect();
    assert_eq!(got, hits, "hits for {query:?} with {selected:?}");
    assert_eq!(got.len(), outcome.hits.len(), "no document twice");
    for (f, facet) in index.facets.iter().enumerate() {
        assert_eq!(
            outcome.counts[f], counts[f],
            "counts of facet `{}` for {query:?} with {selected:?}",
            facet.key
        );
    }
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn as_set(ids: Vec<String>) -> BTreeSet<String> {
    ids.into_iter().collect()
}

const SCATTERED: &str = "riverside-records-forum";
const CARERS: &str = "hearth-and-home-circle";

#[test]
fn fixture_premise_for_carers() {
    // The scattered network really has c…a…r…e…r…s across words, and no word
    // within one edit of "carers"; the other really says "carers".
    let cat = small();
    let scattered = cat.network(SCATTERED).expect("the scattered network");
    let folded = scattered.summary.to_lowercase();
    let mut rest = folded.chars();
    assert!(
        "carers".chars().all(|c| rest.any(|h| h == c)),
        "the letters of carers are scattered in {folded:?}"
    );
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        assert!(edit_distance(w, "carers") > 1, "{w:?} is too close");
    }
    let real = cat.network(CARERS).expect("the carers network");
    assert!(real.summary.contains("carers"));
}

#[test]
fn carers_does_not_match_scattered_letters() {
    let cat = small();
    let got = search_ids(&cat, "carers");
    assert!(!got.iter().any(|id| id == SCATTERED), "{got:?}");
    assert_eq!(got, [CARERS]);
}

#[test]
fn carers_does_not_match_scattered_letters_even_with_typos_allowed() {
    // Without the network that says "carers", the word matches nothing exactly,
    // so one typo is allowed: still no match for scattered letters.
    let read = |rel: &str| SourceFile {
        name: rel.to_string(),
        text: std::fs::read_to_string(fixture_dir().join(rel)).expect("fixture file"),
    };
    let cat = from_files(
        vec![
            read("catalogue.toml"),
            read("networks/riverside-records-forum.toml"),
        ],
        Vec::new(),
    )
    .expect("a subset of the fixture loads");
    assert_eq!(search_ids(&cat, "carers"), Vec::<String>::new());
    assert_eq!(search_ids(&cat, "record"), [SCATTERED], "sanity");
}

#[test]
fn ranking_name_beats_alias_beats_label_beats_long_text() {
    let cat = small();
    let index = Index::networks(&cat);
    let outcome = index.search(&Query::parse("guild"), &Filters::new(&index), None);
    let got = network_ids(&cat, &index, &outcome);
    assert_eq!(
        got,
        [
            // Both have "Guild" in the name: a tie, broken by name.
            "coastal-coders-guild",
            "northern-data-guild",
            // "guild" as a tag.
            "thistle-informatics-society",
            // "Guild" in an opportunity title.
            "valley-library-exchange",
            // "guild" in the summary.
            "lakeland-apprenticeship-academy",
        ]
    );
    let s: Vec<u32> = outcome.hits.iter().map(|h| h.score).collect();
    assert_eq!(s[0], s[1], "two name matches score the same");
    assert!(s[1] > s[2] && s[2] > s[3] && s[3] > s[4], "{s:?}");
}

#[test]
fn ties_are_broken_by_name() {
    let cat = small();
    // Every network of kind "network" matches the label word equally.
    let got = search_ids(&cat, "'network");
    let mut names: Vec<String> = got
        .iter()
        .filter_map(|id| cat.network(id))
        .filter(|n| !n.name.to_lowercase().contains("network"))
        .map(|n| n.name.to_lowercase())
        .collect();
    assert!(names.len() >= 3, "{got:?}");
    let before = names.clone();
    names.sort();
    assert_eq!(before, names);
}

#[test]
fn or_within_a_facet_and_across_facets() {
    let cat = small();
    let index = Index::networks(&cat);
    let run = |sel: &[(&str, &[&str])]| {
        let o = index.search(&Query::default(), &filters(&index, sel), None);
        as_set(network_ids(&cat, &index, &o))
    };
    assert_eq!(
        run(&[("sector", &["social-care"])]),
        set(&["hearth-and-home-circle", "lakeland-apprenticeship-academy"])
    );
    assert_eq!(
        run(&[("sector", &["social-care", "mental-health"])]),
        set(&[
            "hearth-and-home-circle",
            "lakeland-apprenticeship-academy",
            "riverside-records-forum"
        ])
    );
    assert_eq!(
        run(&[
            ("sector", &["social-care", "mental-health"]),
            ("stage", &["mid-career"])
        ]),
        set(&["riverside-records-forum"])
    );
    assert_eq!(
        run(&[
            ("sector", &["social-care", "mental-health"]),
            ("stage", &["entry-student"]),
            ("cost", &["unknown"]),
        ]),
        set(&["hearth-and-home-circle"])
    );
    assert_eq!(run(&[("cost", &["free"])]), set(&["northern-data-guild"]));
    assert_eq!(run(&[("status", &["closed"])]), set(&["old-mill-analysts"]));
    for sel in [
        &[("sector", &["nhs-acute", "primary-care"][..])][..],
        &[
            ("scope", &["wales", "scotland"][..]),
            ("stage", &["mid-career"][..]),
        ][..],
    ] {
        check_against_brute_force(&cat, &index, "", sel);
    }
}

#[test]
fn facet_counts_match_brute_force() {
    let cat = small();
    let index = Index::networks(&cat);
    let cases: &[(&str, Selection)] = &[
        ("", &[]),
        ("guild", &[]),
        ("", &[("sector", &["nhs-acute"])]),
        (
            "data",
            &[("sector", &["nhs-acute"]), ("stage", &["entry-student"])],
        ),
        ("!guild", &[("cost", &["paid"]), ("status", &["active"])]),
        (
            "guild",
            &[
                ("scope", &["wales", "scotland"]),
                ("kind", &["community-of-practice", "professional-body"]),
            ],
        ),
        (
            "",
            &[
                ("sector", &["social-care", "primary-care"]),
                ("profession", &["data-analytics"]),
                ("stage", &["early-career", "entry-student"]),
            ],
        ),
    ];
    for (q, sel) in cases {
        check_against_brute_force(&cat, &index, q, sel);
    }
    // The counts are not trivial: with sector nhs-acute chosen, other sectors
    // still count what they would add, and a facet narrows the others.
    let o = index.search(
        &Query::default(),
        &filters(&index, &[("sector", &["nhs-acute"])]),
        None,
    );
    let (sf, sector) = index.facet("sector").expect("sector facet");
    let social = sector.position("social-care").expect("social-care");
    assert_eq!(
        o.counts[sf][social], 2,
        "social care would give two networks"
    );
    let (cf, cost) = index.facet("cost").expect("cost facet");
    let unknown = cost.position("unknown").expect("unknown");
    assert_eq!(
        o.counts[cf][unknown], 0,
        "no acute network has unknown cost"
    );
}

#[test]
fn opportunity_facet_counts_match_brute_force() {
    let cat = small();
    let index = Index::opportunities(&cat);
    assert_eq!(index.len(), cat.opportunity_count());
    let cases: &[(&str, Selection)] = &[
        ("", &[]),
        ("", &[("type", &["course", "webinar"])]),
        ("", &[("cost", &["free"]), ("stage", &["entry-student"])]),
        (
            "online",
            &[("format", &["online"]), ("sector", &["nhs-acute"])],
        ),
        ("!coding", &[("type", &["course"])]),
    ];
    for (q, sel) in cases {
        check_against_brute_force(&cat, &index, q, sel);
    }
}

#[test]
fn negation_exact_and_prefix() {
    let cat = small();
    let all: BTreeSet<String> = cat.networks.iter().map(|n| n.id.clone()).collect();
    let guild = as_set(search_ids(&cat, "guild"));
    assert_eq!(guild.len(), 5);
    // !word: everything the word does not match.
    let not_guild = as_set(search_ids(&cat, "!guild"));
    assert_eq!(not_guild, all.difference(&guild).cloned().collect());
    // A negated word with a positive one.
    assert_eq!(
        search_ids(&cat, "guild !coders"),
        [
            "northern-data-guild",
            "thistle-informatics-society",
            "valley-library-exchange",
            "lakeland-apprenticeship-academy"
        ]
    );
    // A plain word matches word prefixes everywhere; 'word only whole words
    // (or part of a name, short name or tag).
    assert_eq!(as_set(search_ids(&cat, "guil")), guild);
    assert_eq!(
        search_ids(&cat, "'guil"),
        [
            "coastal-coders-guild",
            "northern-data-guild",
            "thistle-informatics-society"
        ]
    );
    assert_eq!(as_set(search_ids(&cat, "'guild")), guild);
    // 'word still matches part of a name or tag ("Analysts", tag "analysts"),
    // but not a word prefix in long text or labels.
    let exact = as_set(search_ids(&cat, "'analy"));
    assert_eq!(exact, set(&["northern-data-guild", "old-mill-analysts"]));
    let plain = as_set(search_ids(&cat, "analy"));
    assert!(plain.contains(SCATTERED), "{plain:?}");
    assert!(plain.is_superset(&exact) && plain.len() > exact.len());
    // ^word: the start of a name, short name or tag.
    assert_eq!(search_ids(&cat, "^northern"), ["northern-data-guild"]);
    assert_eq!(search_ids(&cat, "^guild"), ["thistle-informatics-society"]);
    assert!(search_ids(&cat, "^data").is_empty());
    // An operator with nothing after it is no term at all.
    assert_eq!(search_ids(&cat, "!").len(), cat.networks.len());
}

#[test]
fn one_typo_in_longer_words_only() {
    let cat = small();
    assert_eq!(
        search_ids(&cat, "infromatics"),
        ["thistle-informatics-society"]
    );
    assert_eq!(
        search_ids(&cat, "informatcs"),
        ["thistle-informatics-society"]
    );
    let guidl = search_ids(&cat, "guidl");
    assert!(
        guidl.iter().any(|id| id == "northern-data-guild")
            && guidl.iter().any(|id| id == "coastal-coders-guild"),
        "{guidl:?}"
    );
    // Two typos: nothing.
    assert!(search_ids(&cat, "ifnromatcs").is_empty());
    // A four-letter word gets no typo tolerance.
    assert!(!search_ids(&cat, "data").is_empty());
    assert!(search_ids(&cat, "dtaa").is_empty());
    assert!(search_ids(&cat, "sqk").is_empty());
    assert_eq!(search_ids(&cat, "sql"), ["northern-data-guild"]);
}

#[test]
fn highlight_positions() {
    let name = "Northern Data Guild";
    assert_eq!(highlight(name, &Query::parse("data")), [9, 10, 11, 12]);
    assert_eq!(
        highlight(name, &Query::parse("DATA gu")),
        [9, 10, 11, 12, 14, 15]
    );
    assert_eq!(highlight(name, &Query::parse("^north")), [0, 1, 2, 3, 4]);
    assert_eq!(highlight(name, &Query::parse("^data")), Vec::<usize>::new());
    assert_eq!(highlight(name, &Query::parse("!data")), Vec::<usize>::new());
    assert_eq!(highlight(name, &Query::parse("")), Vec::<usize>::new());
    // Positions are characters, not bytes, and accents fold.
    assert_eq!(highlight("Café Data", &Query::parse("data")), [5, 6, 7, 8]);
    assert_eq!(highlight("Café Data", &Query::parse("cafe")), [0, 1, 2, 3]);
}

#[test]
fn empty_query_returns_everything_sorted_by_name() {
    let cat = small();
    let index = Index::networks(&cat);
    let outcome = index.search(&Query::parse("   "), &Filters::new(&index), None);
    let got: Vec<String> = network_ids(&cat, &index, &outcome)
        .iter()
        .filter_map(|id| cat.network(id))
        .map(|n| n.name.clone())
        .collect();
    let mut want: Vec<String> = cat.networks.iter().map(|n| n.name.clone()).collect();
    want.sort_by_key(|n| n.to_lowercase());
    assert_eq!(got, want);
    assert_eq!(got.len(), 8);

    let opps = Index::opportunities(&cat);
    let outcome = opps.search(&Query::default(), &Filters::new(&opps), None);
    let titles: Vec<String> = outcome
        .hits
        .iter()
        .map(|h| match opps.refs[h.doc as usize] {
            DocRef::Opportunity(n, o) => cat.networks[n as usize].opportunities[o as usize]
                .title
                .to_lowercase(),
            DocRef::Network(_) => panic!("an opportunity index returned a network"),
        })
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    assert_eq!(titles.len(), cat.opportunity_count());
}

#[test]
fn allow_narrows_the_documents() {
    let cat = small();
    let index = Index::networks(&cat);
    let only = cat.position("old-mill-analysts").expect("old mill");
    let allow = move |i: usize| i == only;
    let o = index.search(&Query::default(), &Filters::new(&index), Some(&allow));
    assert_eq!(network_ids(&cat, &index, &o), ["old-mill-analysts"]);
    let (sf, status) = index.facet("status").expect("status facet");
    let closed = status.position("closed").expect("closed");
    assert_eq!(o.counts[sf][closed], 1);
    assert_eq!(o.counts[sf].iter().sum::<u32>(), 1);
}

/// The small fixture with one more file of aliases.
fn small_with(extra: &str) -> Catalogue {
    let mut files = Vec::new();
    for rel in [
        "catalogue.toml",
        "networks/coastal-coders-guild.toml",
        "networks/hearth-and-home-circle.toml",
        "networks/lakeland-apprenticeship-academy.toml",
        "networks/northern-data-guild.toml",
        "networks/old-mill-analysts.toml",
        "networks/riverside-records-forum.toml",
        "networks/thistle-informatics-society.toml",
        "networks/valley-library-exchange.toml",
    ] {
        files.push(SourceFile {
            name: rel.to_string(),
            text: std::fs::read_to_string(fixture_dir().join(rel)).expect("fixture file"),
        });
    }
    files.push(SourceFile {
        name: "aliases.toml".into(),
        text: extra.into(),
    });
    from_files(files, Vec::new()).expect("the fixture with aliases loads")
}

#[test]
fn aliases_find_what_the_words_mean() {
    let cat = small_with(
        "[[alias]]\nwords = [\"swansea\", \"cardiff\"]\nscope = [\"wales\"]\n\n[[alias]]\nwords = [\"dpo\"]\nprofession = [\"information-governance\"]\n",
    );
    // Without the alias the town is nowhere in the catalogue.
    assert!(search_ids(&small(), "swansea").is_empty());
    let got = as_set(search_ids(&cat, "swansea"));
    assert_eq!(
        got,
        set(&["coastal-coders-guild", "valley-library-exchange"]),
        "the networks in Wales"
    );
    assert_eq!(search_ids(&cat, "dpo"), ["riverside-records-forum"]);
    // With another word, both must match as usual.
    assert_eq!(
        search_ids(&cat, "cardiff library"),
        ["valley-library-exchange"]
    );
}

#[test]
fn one_letter_words_match_whole_words_only() {
    let cat = small();
    // No network has the word "g"; many have words starting with it.
    assert!(search_ids(&cat, "g").is_empty());
    assert!(!search_ids(&cat, "gu").is_empty());
}

#[test]
fn partial_matches_come_below_with_the_word_that_matched_nothing() {
    let cat = small();
    let index = Index::networks(&cat);
    let o = index.search(
        &Query::parse("guild data zzzqqq"),
        &Filters::new(&index),
        None,
    );
    assert_eq!(o.full, 0);
    assert!(o.has_partial());
    assert_eq!((o.partial_words, o.words), (2, 3));
    assert_eq!(network_ids(&cat, &index, &o)[0], "northern-data-guild");
    assert_eq!(o.unmatched.len(), 1);
    assert_eq!(o.unmatched[0].0, "zzzqqq");
    // Two words: both must match, no partial list.
    let o = index.search(&Query::parse("guild zzzqqq"), &Filters::new(&index), None);
    assert!(o.hits.is_empty());
    // Nonsense: nothing, and every word said.
    let o = index.search(
        &Query::parse("xqzv wqpz jjjjj"),
        &Filters::new(&index),
        None,
    );
    assert!(o.hits.is_empty());
    assert_eq!(o.unmatched.len(), 3);
}

#[test]
fn closed_networks_come_below_active_ones_at_equal_match() {
    let cat = small_with(
        "[[alias]]\nwords = [\"anywhere\"]\nscope = [\"uk-wide\", \"england\", \"scotland\", \"wales\", \"northern-ireland\", \"region:north-west\"]\n",
    );
    let index = Index::networks(&cat);
    let o = index.search(&Query::parse("anywhere"), &Filters::new(&index), None);
    let statuses: Vec<bool> = o
        .hits
        .iter()
        .map(|h| match index.refs[h.doc as usize] {
            DocRef::Network(i) => {
                cat.networks[i as usize].status == crate::catalogue::Status::Active
            }
            DocRef::Opportunity(..) => true,
        })
        .collect();
    assert!(
        statuses.contains(&false),
        "the fixture has a closed or merged network"
    );
    let first_inactive = statuses.iter().position(|a| !a).unwrap_or(statuses.len());
    assert!(
        statuses[first_inactive..].iter().all(|a| !a),
        "{statuses:?}"
    );
}

/// The ids a facet filter gives on the networks of the small fixture.
fn filtered(cat: &Catalogue, index: &Index, key: &str, ids: &[&str]) -> BTreeSet<String> {
    let o = index.search(&Query::default(), &filters(index, &[(key, ids)]), None);
    as_set(network_ids(cat, index, &o))
}

#[test]
fn a_nation_shows_its_networks_and_uk_wide_ones() {
    let cat = small();
    let index = Index::networks(&cat);
    // hearth-and-home-circle is UK-wide; coastal and valley are Welsh.
    assert_eq!(
        filtered(&cat, &index, "scope", &["wales"]),
        set(&[
            "coastal-coders-guild",
            "valley-library-exchange",
            "hearth-and-home-circle"
        ])
    );
    // A region: its own, its nation's and the UK-wide ones.
    assert_eq!(
        filtered(&cat, &index, "scope", &["region:north-west"]),
        set(&[
            "lakeland-apprenticeship-academy",
            "northern-data-guild",
            "old-mill-analysts",
            "riverside-records-forum",
            "hearth-and-home-circle"
        ])
    );
    // UK-wide shows UK-wide networks only; a nation does not show a region's.
    assert_eq!(
        filtered(&cat, &index, "scope", &["uk-wide"]),
        set(&["hearth-and-home-circle"])
    );
    assert!(
        !filtered(&cat, &index, "scope", &["england"]).contains("lakeland-apprenticeship-academy")
    );
    // The counts follow the same rule.
    let o = index.search(&Query::default(), &Filters::new(&index), None);
    let (f, facet) = index.facet("scope").expect("scope");
    let count = |id: &str| o.counts[f][facet.position(id).expect("value")];
    assert_eq!(count("wales"), 3);
    assert_eq!(count("uk-wide"), 1);
    assert_eq!(count("region:north-west"), 5);
    check_against_brute_force(&cat, &index, "", &[("scope", &["wales"])]);
    check_against_brute_force(&cat, &index, "guild", &[("scope", &["region:north-west"])]);
}

/// A catalogue with an international network, a network that states no
/// sectors, and an opportunity that states no career stages.
fn unstated() -> Catalogue {
    let text = "[catalogue]\nname = \"T\"\nformat = 1\n\n\
        [[vocabulary.kind]]\nid = \"network\"\nlabel = \"Network\"\n\n\
        [[vocabulary.scope]]\nid = \"uk-wide\"\nlabel = \"UK-wide\"\n\n\
        [[vocabulary.scope]]\nid = \"wales\"\nlabel = \"Wales\"\nwithin = \"uk-wide\"\n\n\
        [[vocabulary.scope]]\nid = \"international\"\nlabel = \"International\"\n\n\
        [[vocabulary.sector]]\nid = \"social-care\"\nlabel = \"Social care\"\n\n\
        [[vocabulary.career_stage]]\nid = \"early\"\nlabel = \"Early\"\n\n\
        [[vocabulary.career_stage]]\nid = \"senior\"\nlabel = \"Senior\"\n\n\
        [[vocabulary.opportunity_type]]\nid = \"course\"\nlabel = \"Course\"\n\n\
        [[network]]\nid = \"world\"\nname = \"World\"\nkind = \"network\"\nsummary = \"S\"\n\
        scope = [\"international\"]\nsectors = [\"social-care\"]\ncareer_stages = [\"senior\"]\n\
        [[network.opportunity]]\ntitle = \"Own stages\"\ntype = \"course\"\ncareer_stages = [\"early\"]\n\n\
        [[network]]\nid = \"quiet\"\nname = \"Quiet\"\nkind = \"network\"\nsummary = \"S\"\n\
        scope = [\"uk-wide\"]\ncareer_stages = [\"early\"]\n\
        [[network.opportunity]]\ntitle = \"Inherits\"\ntype = \"course\"\n\n\
        [[network]]\nid = \"bare\"\nname = \"Bare\"\nkind = \"network\"\nsummary = \"S\"\n\
        [[network.opportunity]]\ntitle = \"Nothing\"\ntype = \"course\"\n";
    from_files(
        vec![SourceFile {
            name: "t.toml".into(),
            text: text.into(),
        }],
        Vec::new(),
    )
    .expect("the catalogue loads")
}

#[test]
fn wales_does_not_show_international_networks() {
    let cat = unstated();
    let index = Index::networks(&cat);
    assert_eq!(filtered(&cat, &index, "scope", &["wales"]), set(&["quiet"]));
    assert_eq!(
        filtered(&cat, &index, "scope", &["international"]),
        set(&["world"])
    );
}

#[test]
fn unstated_values_count_under_not_stated_and_can_be_chosen() {
    let cat = unstated();
    let index = Index::networks(&cat);
    let o = index.search(&Query::default(), &Filters::new(&index), None);
    for (key, expect) in [("sector", 2), ("scope", 1), ("stage", 1), ("profession", 3)] {
        let (f, facet) = index.facet(key).expect("facet");
        let v = facet.position(NOT_STATED).expect("a not-stated value");
        assert_eq!(facet.values[v].label, NOT_STATED_LABEL);
        assert_eq!(o.counts[f][v], expect, "{key}");
    }
    assert!(
        index
            .facet("kind")
            .expect("kind")
            .1
            .position(NOT_STATED)
            .is_none()
    );
    // Where every record states a facet, it has no "not stated" row of zeros.
    let small = small();
    let all_stated = Index::networks(&small);
    for key in ["sector", "stage", "scope"] {
        let (_, facet) = all_stated.facet(key).expect("facet");
        assert!(facet.position(NOT_STATED).is_none(), "{key}");
    }
    assert_eq!(
        filtered(&cat, &index, "sector", &[NOT_STATED]),
        set(&["quiet", "bare"])
    );
    assert_eq!(
        filtered(&cat, &index, "sector", &[NOT_STATED, "social-care"]).len(),
        3
    );
    check_against_brute_force(&cat, &index, "", &[("sector", &[NOT_STATED])]);
}

#[test]
fn opportunities_inherit_their_networks_stages_in_filters_and_counts() {
    let cat = unstated();
    let index = Index::opportunities(&cat);
    let titles = |sel: Selection| -> BTreeSet<String> {
        index
            .search(&Query::default(), &filters(&index, sel), None)
            .hits
            .iter()
            .map(|h| match index.refs[h.doc as usize] {
                DocRef::Opportunity(n, o) => cat.networks[n as usize].opportunities[o as usize]
                    .title
                    .clone(),
                DocRef::Network(_) => panic!("a network in the opportunity index"),
            })
            .collect()
    };
    // "Inherits" states no stage; its network is for early career.
    assert_eq!(
        titles(&[("stage", &["early"])]),
        set(&["Own stages", "Inherits"])
    );
    // Own stages win over the network's.
    assert!(titles(&[("stage", &["senior"])]).is_empty());
    assert_eq!(titles(&[("stage", &[NOT_STATED])]), set(&["Nothing"]));
    // The place filter comes from the opportunity's network.
    assert_eq!(titles(&[("scope", &["wales"])]), set(&["Inherits"]));
    assert_eq!(titles(&[("scope", &[NOT_STATED])]), set(&["Nothing"]));
    let o = index.search(&Query::default(), &Filters::new(&index), None);
    let (f, facet) = index.facet("stage").expect("stage");
    assert_eq!(o.counts[f][facet.position("early").expect("early")], 2);
    assert_eq!(o.counts[f][facet.position(NOT_STATED).expect("ns")], 1);
    check_against_brute_force(&cat, &index, "", &[("stage", &["early"])]);
    // A stage word finds the opportunity that inherits it.
    let o = index.search(&Query::parse("early"), &Filters::new(&index), None);
    assert_eq!(o.hits.len(), 2);
}

#[test]
fn a_word_finds_the_forms_that_stem_to_it() {
    // "coding" stems to "code": typing "code" finds the network that only
    // ever says "coding", as typing "coding" finds "code".
    let cat = small();
    let text = std::fs::read_to_string(fixture_dir().join("networks/riverside-records-forum.toml"))
        .expect("fixture file")
        .to_lowercase();
    assert!(
        text.contains("coding") && !text.contains("code "),
        "premise"
    );
    let got = search_ids(&cat, "code");
    assert!(
        got.iter().any(|id| id == "riverside-records-forum"),
        "{got:?}"
    );
    // A word whose stem is itself and ends in no e still finds only its own forms.
    assert!(search_ids(&cat, "zzzz").is_empty());
}

#[test]
fn a_memo_gives_what_a_fresh_search_gives() {
    // Typed one letter at a time with one memo, with and without filters,
    // then on another index with the same memo: every answer as if afresh.
    let cat = small();
    let index = Index::networks(&cat);
    let learning = Index::opportunities(&cat);
    let memo = Memo::new();
    let none = Filters::new(&index);
    let some = filters(&index, &[("kind", &["network"])]);
    // Letters from inside words (the fuzzy fallback, which reuses what the
    // last keystroke found impossible), typed and then deleted again.
    for q in [
        "data coders",
        "carers !guild",
        "'data ^nor",
        "lbrary exchange",
        "knwldge lbrry",
        "shri ntwk !dgtl",
        "topl dhn",
        "café dgtl",
    ] {
        let ends: Vec<usize> = q.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        for &end in ends.iter().chain(ends.iter().rev()) {
            let query = Query::parse(&q[..end]);
            for f in [&none, &some] {
                assert_eq!(
                    index.search_with(&memo, &query, f, None),
                    index.search(&query, f, None),
                    "{:?}",
                    &q[..end]
                );
            }
        }
    }
    let query = Query::parse("data");
    let f = Filters::new(&learning);
    assert_eq!(
        learning.search_with(&memo, &query, &f, None),
        learning.search(&query, &f, None)
    );
    // The index is plain data: a copy searches alike.
    let copy = index.clone();
    assert_eq!(
        copy.search_with(&memo, &query, &none, None),
        index.search(&query, &none, None)
    );
}
