//! Key sequences driven through `update`, asserting the state they leave.

use std::collections::HashSet;

use hinet::app::{
    Action, App, Effect, FacetRow, Focus, Keymap, Layout, Mode, MouseKind, Overlay, Tab, Target,
    Why, update,
};
use hinet::bookmarks::{Bookmark, BookmarkStatus, Change, Store};
use hinet::catalogue::Network;
use hinet::config::ThemeName;
use hinet::query::DocRef;
use hinet::saver::Saver;
use hinet::ui::{self, Theme};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::common;
use common::{facet_value, run, small};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn bookmark(id: &str, status: BookmarkStatus) -> Bookmark {
    Bookmark {
        id: id.to_string(),
        status,
        note: None,
        added: "2026-01-01T10:00:00Z".to_string(),
    }
}

/// The app as it opens: typing goes into the search box.
fn fresh_with(bookmarks: Vec<Bookmark>) -> App {
    let mut app = App::new(small(), bookmarks, Keymap::default());
    ui::install(&mut app);
    update(&mut app, Action::Resize(140, 40));
    app
}

fn fresh() -> App {
    fresh_with(Vec::new())
}

/// The app after `Esc`: single letters are commands.
fn app_with(bookmarks: Vec<Bookmark>) -> App {
    let mut app = fresh_with(bookmarks);
    assert_eq!(app.focus, Focus::Search, "hinet opens in the search box");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, Focus::Results);
    app
}

fn app() -> App {
    app_with(Vec::new())
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ch(app: &mut App, c: char) -> Vec<Effect> {
    key(app, KeyCode::Char(c))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    update(
        app,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        assert!(ch(app, c).is_empty(), "typing {c:?} has no effect");
    }
}

fn search(app: &mut App, q: &str) {
    ch(app, '/');
    assert_eq!(app.focus, Focus::Search);
    typ(app, q);
    key(app, KeyCode::Esc);
    assert_eq!(app.focus, Focus::Results);
}

fn selected_id(app: &App) -> Option<String> {
    app.selected_network().map(|n| n.id.clone())
}

/// The ids of the current tab's results, in order.
fn result_ids(app: &App) -> Vec<String> {
    let t = app.current();
    t.outcome
        .hits
        .iter()
        .map(|h| {
            let doc = t.index.refs[h.doc as usize];
            app.network_of(doc).expect("a hit has a network").id.clone()
        })
        .collect()
}

/// Move the selection in the results onto network `id`.
fn select_network(app: &mut App, id: &str) {
    assert_eq!(app.focus, Focus::Results);
    ch(app, 'g');
    for _ in 0..app.current().outcome.hits.len() {
        if selected_id(app).as_deref() == Some(id) {
            return;
        }
        ch(app, 'j');
    }
    assert_eq!(
        selected_id(app).as_deref(),
        Some(id),
        "{id} is in the results"
    );
}

/// Tab round to the pane `to` (wide layout: Results -> Detail -> Filters).
fn focus_on(app: &mut App, to: Focus) {
    for _ in 0..3 {
        if app.focus == to {
            return;
        }
        key(app, KeyCode::Tab);
    }
    assert_eq!(app.focus, to);
}

fn focus_facets(app: &mut App) {
    focus_on(app, Focus::Facets);
}

fn focus_results(app: &mut App) {
    focus_on(app, Focus::Results);
}

/// With the facet pane focused, move the cursor to `key` = `id` and press Space.
fn toggle_facet(app: &mut App, key: &str, id: &str) {
    assert_eq!(app.focus, Focus::Facets);
    let (f, v) = common::facet_cursor_to(app, key, id);
    let before = app.current().filters.is_selected(f, v);
    ch(app, ' ');
    assert_eq!(app.current().filters.is_selected(f, v), !before);
}

/// The selection is a row of the results, and the offset keeps it on screen.
fn assert_selection_valid(app: &App) {
    let t = app.current();
    let n = t.outcome.hits.len();
    match t.selected_row() {
        Some(row) => {
            assert!(row < n);
            assert!(t.offset <= row, "offset {} above row {row}", t.offset);
            assert!(row < t.offset + app.page_rows(), "row {row} below the page");
        }
        None => assert_eq!(n, 0, "something is selected whenever there are results"),
    }
    assert!(t.offset <= n.saturating_sub(1));
}

fn screen(app: &App) -> String {
    let area = Rect::new(0, 0, app.width, app.height);
    let mut buf = Buffer::empty(area);
    ui::render(app, &Theme::new(ThemeName::Default), area, &mut buf);
    ui::buffer_text(&buf)
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

#[test]
fn typing_filters_at_once_and_selects_the_best_match() {
    let mut a = app();
    assert_eq!(a.current().outcome.hits.len(), 8);
    // The first row by name is selected at the start.
    assert_eq!(selected_id(&a).as_deref(), Some("coastal-coders-guild"));
    ch(&mut a, 'j');
    ch(&mut a, 'j');
    assert_eq!(
        selected_id(&a).as_deref(),
        Some("lakeland-apprenticeship-academy")
    );

    ch(&mut a, '/');
    assert_eq!(a.focus, Focus::Search);
    typ(&mut a, "thist");
    assert_eq!(a.current().query, "thist");
    assert_eq!(result_ids(&a), ["thistle-informatics-society"]);
    assert_eq!(
        selected_id(&a).as_deref(),
        Some("thistle-informatics-society")
    );
    // Letters that are also commands are text while searching.
    typ(&mut a, "lq");
    assert!(!a.quit);
    assert_eq!(a.current().query, "thistlq");

    // A broader query: the best match is selected, whatever was before.
    ctrl(&mut a, 'u');
    typ(&mut a, "data");
    let ids = result_ids(&a);
    assert!(ids.len() >= 2 && ids.len() < 8, "{ids:?}");
    assert_eq!(ids[0], "northern-data-guild", "{ids:?}");
    assert_eq!(selected_id(&a).as_deref(), Some(ids[0].as_str()));
    assert!(!ids.contains(&"hearth-and-home-circle".to_string()));

    // Esc leaves the search and keeps the query.
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.focus, Focus::Results);
    assert_eq!(a.current().query, "data");
}

#[test]
fn ctrl_u_clears_the_query() {
    let mut a = app();
    ch(&mut a, '/');
    typ(&mut a, "coders");
    assert_eq!(result_ids(&a), ["coastal-coders-guild"]);
    ctrl(&mut a, 'u');
    assert_eq!(a.current().query, "");
    assert_eq!(a.current().outcome.hits.len(), 8);
    assert_eq!(a.focus, Focus::Search);
    assert_selection_valid(&a);
    // Esc leaves the search too.
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.focus, Focus::Results);
}

#[test]
fn backspace_widens_the_results() {
    let mut a = app();
    ch(&mut a, '/');
    typ(&mut a, "coders");
    assert_eq!(a.current().outcome.hits.len(), 1);
    for _ in 0..6 {
        key(&mut a, KeyCode::Backspace);
    }
    assert_eq!(a.current().query, "");
    assert_eq!(a.current().outcome.hits.len(), 8);
}

// ---------------------------------------------------------------------------
// Facets
// ---------------------------------------------------------------------------

#[test]
fn selection_is_kept_by_document_across_facet_toggles() {
    let mut a = app();
    focus_facets(&mut a);
    toggle_facet(&mut a, "sector", "nhs-acute");
    assert_eq!(
        result_ids(&a),
        [
            "coastal-coders-guild",
            "lakeland-apprenticeship-academy",
            "northern-data-guild",
            "riverside-records-forum",
            "thistle-informatics-society",
        ]
    );

    focus_results(&mut a);
    select_network(&mut a, "northern-data-guild");
    assert_eq!(a.current().selected_row(), Some(2));

    // A value that keeps it: still selected, though its row changed.
    focus_facets(&mut a);
    toggle_facet(&mut a, "stage", "mid-career");
    assert_eq!(
        result_ids(&a),
        [
            "northern-data-guild",
            "riverside-records-forum",
            "thistle-informatics-society",
        ]
    );
    assert_eq!(selected_id(&a).as_deref(), Some("northern-data-guild"));
    assert_eq!(a.current().selected_row(), Some(0));
    // And off again: still selected, back on row 2.
    toggle_facet(&mut a, "stage", "mid-career");
    assert_eq!(a.current().outcome.hits.len(), 5);
    assert_eq!(selected_id(&a).as_deref(), Some("northern-data-guild"));
    assert_eq!(a.current().selected_row(), Some(2));

    // Select the last row, then a value that removes it: the selection
    // moves to a row that exists (clamped to the new last row).
    focus_results(&mut a);
    ch(&mut a, 'G');
    assert_eq!(
        selected_id(&a).as_deref(),
        Some("thistle-informatics-society")
    );
    assert_eq!(a.current().selected_row(), Some(4));
    focus_facets(&mut a);
    toggle_facet(&mut a, "stage", "entry-student");
    assert_eq!(
        result_ids(&a),
        [
            "coastal-coders-guild",
            "lakeland-apprenticeship-academy",
            "northern-data-guild",
        ]
    );
    assert_eq!(a.current().selected_row(), Some(2));
    assert_eq!(selected_id(&a).as_deref(), Some("northern-data-guild"));
    assert_selection_valid(&a);

    // A value that leaves nothing: no selection, and moving is harmless.
    toggle_facet(&mut a, "scope", "scotland");
    assert!(a.current().outcome.hits.is_empty());
    assert_eq!(a.current().selected, None);
    focus_results(&mut a);
    for c in ['j', 'k', 'G', 'g'] {
        ch(&mut a, c);
    }
    key(&mut a, KeyCode::PageDown);
    assert!(ch(&mut a, 'b').is_empty(), "nothing to bookmark");
    assert_selection_valid(&a);
    assert!(screen(&a).contains("Nothing matches"));

    // Off again: a row is selected again.
    focus_facets(&mut a);
    toggle_facet(&mut a, "scope", "scotland");
    assert_eq!(a.current().outcome.hits.len(), 3);
    assert!(a.current().selected.is_some());
    assert_selection_valid(&a);
}

/// For every value of every network facet: how many networks the query and
/// the *other* facets' filters would give with that value (OR within a facet,
/// AND across facets), computed by brute force over the catalogue.
fn brute_counts(app: &App, matching: &HashSet<String>) -> Vec<Vec<u32>> {
    let t = app.current();
    // An empty list counts as "not stated"; a place is served by itself and
    // by every place it is within (`within`, walked up here by hand).
    let or_not_stated = |ids: Vec<String>| {
        if ids.is_empty() {
            vec![hinet::query::NOT_STATED.to_string()]
        } else {
            ids
        }
    };
    let places = |scopes: &[String]| -> Vec<String> {
        app.catalogue
            .vocab
            .terms(hinet::catalogue::VocabKind::Scope)
            .iter()
            .filter(|t| {
                let mut at = Some(t.id.as_str());
                for _ in 0..10 {
                    let Some(p) = at else { break };
                    if scopes.iter().any(|s| s == p) {
                        return true;
                    }
                    at = app.catalogue.vocab.within(p);
                }
                false
            })
            .map(|t| t.id.clone())
            .collect()
    };
    let values_of = |n: &Network, key: &str| -> Vec<String> {
        match key {
            "sector" => or_not_stated(n.sectors.clone()),
            "profession" => or_not_stated(n.professions.clone()),
            "stage" => or_not_stated(n.career_stages.clone()),
            "scope" => or_not_stated(places(&n.scope)),
            "kind" => vec![n.kind.clone()],
            other => panic!("no brute force for facet {other}"),
        }
    };
    let checked = ["sector", "profession", "stage", "scope", "kind"];
    let passes = |n: &Network, skip: usize| -> bool {
        t.index.facets.iter().enumerate().all(|(f, facet)| {
            if f == skip || !checked.contains(&facet.key) {
                return true;
            }
            let on: Vec<&str> = facet
                .values
                .iter()
                .enumerate()
                .filter(|(v, _)| t.filters.is_selected(f, *v))
                .map(|(_, fv)| fv.id.as_str())
                .collect();
            on.is_empty()
                || values_of(n, facet.key)
                    .iter()
                    .any(|x| on.contains(&x.as_str()))
        })
    };
    t.index
        .facets
        .iter()
        .enumerate()
        .map(|(f, facet)| {
            facet
                .values
                .iter()
                .map(|fv| {
                    if !checked.contains(&facet.key) {
                        return u32::MAX; // not compared
                    }
                    app.catalogue
                        .networks
                        .iter()
                        .filter(|n| matching.contains(&n.id))
                        .filter(|n| passes(n, f))
                        .filter(|n| values_of(n, facet.key).contains(&fv.id))
                        .count() as u32
                })
                .collect()
        })
        .collect()
}

fn assert_counts_match(app: &App, matching: &HashSet<String>) {
    let expected = brute_counts(app, matching);
    let t = app.current();
    for (f, facet) in t.index.facets.iter().enumerate() {
        for (v, fv) in facet.values.iter().enumerate() {
            if expected[f][v] == u32::MAX {
                continue;
            }
            assert_eq!(
                t.outcome.counts[f][v], expected[f][v],
                "count of {}={} (query {:?})",
                facet.key, fv.id, t.query
            );
        }
    }
}

#[test]
fn live_counts_follow_the_query_and_the_other_facets() {
    let mut a = app();
    let all: HashSet<String> = a.catalogue.networks.iter().map(|n| n.id.clone()).collect();
    assert_counts_match(&a, &all);
    let (sf, acute) = facet_value(&a, "sector", "nhs-acute");
    assert_eq!(a.current().outcome.counts[sf][acute], 5);

    // A query: the counts shrink to what it matches.
    ch(&mut a, '/');
    typ(&mut a, "coders");
    let matching: HashSet<String> = result_ids(&a).into_iter().collect();
    assert_eq!(matching.len(), 1);
    assert_counts_match(&a, &matching);
    assert_eq!(a.current().outcome.counts[sf][acute], 1);
    let (_, social) = facet_value(&a, "sector", "social-care");
    assert_eq!(a.current().outcome.counts[sf][social], 0);

    // Another query, and a filter on another facet.
    ctrl(&mut a, 'u');
    typ(&mut a, "data");
    key(&mut a, KeyCode::Enter);
    let matching: HashSet<String> = result_ids(&a).into_iter().collect();
    assert!(matching.len() > 1);
    focus_facets(&mut a);
    toggle_facet(&mut a, "stage", "entry-student");
    assert_counts_match(&a, &matching);
    // A facet's own filter does not narrow its own counts.
    let (stf, mid) = facet_value(&a, "stage", "mid-career");
    let mid_expected = a
        .catalogue
        .networks
        .iter()
        .filter(|n| matching.contains(&n.id) && n.career_stages.contains(&"mid-career".into()))
        .count() as u32;
    assert_eq!(a.current().outcome.counts[stf][mid], mid_expected);
}

#[test]
fn x_clears_every_filter() {
    let mut a = app();
    focus_facets(&mut a);
    toggle_facet(&mut a, "sector", "nhs-acute");
    toggle_facet(&mut a, "cost", "paid");
    assert_eq!(a.current().filters.active().len(), 2);
    assert!(a.current().outcome.hits.len() < 8);
    ch(&mut a, 'x');
    assert!(a.current().filters.is_empty());
    assert_eq!(a.current().outcome.hits.len(), 8);
    assert_selection_valid(&a);
    // The query is not a filter: x keeps it.
    search(&mut a, "guild");
    let n = a.current().outcome.hits.len();
    focus_facets(&mut a);
    toggle_facet(&mut a, "cost", "free");
    ch(&mut a, 'x');
    assert_eq!(a.current().query, "guild");
    assert_eq!(a.current().outcome.hits.len(), n);
}

// ---------------------------------------------------------------------------
// Bookmarks
// ---------------------------------------------------------------------------

/// A saver over a bookmarks file in a new temporary folder.
fn saver() -> (tempfile::TempDir, Saver) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let saver = Saver::new(Store::in_dir(dir.path()));
    (dir, saver)
}

#[test]
fn b_asks_for_the_state_wanted_and_shows_it_once_saved() {
    let (_dir, mut saver) = saver();
    let mut a = app();
    select_network(&mut a, "northern-data-guild");
    let effects = ch(&mut a, 'b');
    assert_eq!(
        effects,
        [Effect::Bookmark(
            Change::Add("northern-data-guild".into()),
            Why::Do
        )]
    );
    // Nothing is shown as done before it is saved.
    assert!(!a.is_bookmarked("northern-data-guild"));
    run(&mut a, &mut saver, effects);
    assert!(a.is_bookmarked("northern-data-guild"));
    assert_eq!(a.bookmarks.len(), 1);
    assert_eq!(
        a.bookmark("northern-data-guild").map(|b| b.status),
        Some(BookmarkStatus::ToJoin)
    );
    assert!(screen(&a).contains("1 bookmarked"));

    let effects = ch(&mut a, 'b');
    assert_eq!(
        effects,
        [Effect::Bookmark(
            Change::Remove("northern-data-guild".into()),
            Why::Do
        )]
    );
    run(&mut a, &mut saver, effects);
    assert!(!a.is_bookmarked("northern-data-guild"));
    assert!(a.bookmarks.is_empty());
}

#[test]
fn b_in_the_learning_tab_bookmarks_the_network() {
    let (_dir, mut saver) = saver();
    let mut a = app();
    ch(&mut a, '2');
    let net = selected_id(&a).expect("an opportunity is selected");
    let effects = ch(&mut a, 'b');
    assert_eq!(
        effects,
        [Effect::Bookmark(Change::Add(net.clone()), Why::Do)]
    );
    run(&mut a, &mut saver, effects);
    assert!(a.is_bookmarked(&net));
}

#[test]
fn capital_b_shows_bookmarks_only() {
    let mut a = app_with(vec![
        bookmark("northern-data-guild", BookmarkStatus::Joined),
        bookmark("thistle-informatics-society", BookmarkStatus::ToJoin),
    ]);
    assert!(screen(&a).contains("8 of 8 · 2 bookmarked"));
    assert_eq!(ch(&mut a, 'B'), [Effect::ReloadBookmarks]);
    assert!(a.bookmarks_only);
    // To join first, then joined.
    assert_eq!(
        result_ids(&a),
        ["thistle-informatics-society", "northern-data-guild"]
    );
    assert_selection_valid(&a);
    let text = screen(&a);
    assert!(text.contains("2 of 2 · 2 bookmarked"), "{text}");
    assert!(!text.contains("Coastal Coders Guild"), "{text}");

    // From tab 2, B goes to tab 1.
    ch(&mut a, 'B');
    assert!(!a.bookmarks_only);
    assert_eq!(a.current().outcome.hits.len(), 8);
    ch(&mut a, '2');
    ch(&mut a, 'B');
    assert_eq!(a.tab, Tab::Networks);
    assert_eq!(a.current().outcome.hits.len(), 2);

    // Removing a bookmark while showing bookmarks only drops it from the list.
    let (_dir, mut saver) = saver();
    for b in a.bookmarks.clone() {
        saver.save(
            Change::Restore(
                b.id.clone(),
                Some(hinet::bookmarks::Saved::from_bookmark(&b)),
            ),
            Why::Do,
        );
    }
    select_network(&mut a, "northern-data-guild");
    let effects = ch(&mut a, 'b');
    run(&mut a, &mut saver, effects);
    assert_eq!(result_ids(&a), ["thistle-informatics-society"]);
    assert_selection_valid(&a);
    assert!(screen(&a).contains("1 of 1 · 1 bookmarked"));
}

#[test]
fn s_cycles_the_status_of_a_bookmark() {
    let (_dir, mut saver) = saver();
    let mut a = app();
    select_network(&mut a, "riverside-records-forum");
    // Not bookmarked: nothing to save, a hint instead.
    assert!(ch(&mut a, 's').is_empty());
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("Bookmark it first")
    );

    let effects = ch(&mut a, 'b');
    run(&mut a, &mut saver, effects);
    // Each press moves to the next status: joined, then to join again.
    for next in [BookmarkStatus::Joined, BookmarkStatus::ToJoin] {
        let effects = ch(&mut a, 's');
        assert_eq!(
            effects,
            [Effect::Bookmark(
                Change::Status("riverside-records-forum".into(), next),
                Why::Do
            )]
        );
        run(&mut a, &mut saver, effects);
        assert_eq!(
            a.bookmark("riverside-records-forum").map(|b| b.status),
            Some(next)
        );
    }
}

#[test]
fn e_edits_the_note_enter_saves_esc_cancels() {
    let (_dir, mut saver) = saver();
    let mut a = app();
    select_network(&mut a, "valley-library-exchange");
    assert!(ch(&mut a, 'e').is_empty());
    assert_eq!(a.overlay, Overlay::None, "no note without a bookmark");
    let effects = ch(&mut a, 'b');
    run(&mut a, &mut saver, effects);

    let effects = ch(&mut a, 'e');
    assert_eq!(effects, [Effect::ReloadBookmarks]);
    run(&mut a, &mut saver, effects);
    assert_eq!(
        a.overlay,
        Overlay::Note {
            id: "valley-library-exchange".into(),
            text: String::new(),
            cursor: 0,
        }
    );
    // Keys are text in the editor, not commands.
    typ(&mut a, "ask qb ");
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Backspace);
    typ(&mut a, "x");
    assert!(!a.quit);
    assert!(matches!(&a.overlay, Overlay::Note { text, .. } if text == "ask qx"));
    let effects = key(&mut a, KeyCode::Enter);
    assert_eq!(
        effects,
        [Effect::Bookmark(
            Change::Note("valley-library-exchange".into(), Some("ask qx".into())),
            Why::Do
        )]
    );
    assert_eq!(a.overlay, Overlay::None);
    run(&mut a, &mut saver, effects);
    assert_eq!(
        a.bookmark("valley-library-exchange")
            .and_then(|b| b.note.as_deref()),
        Some("ask qx")
    );

    // Esc cancels: nothing saved, the note unchanged.
    let effects = ch(&mut a, 'e');
    run(&mut a, &mut saver, effects);
    assert!(matches!(&a.overlay, Overlay::Note { text, .. } if text == "ask qx"));
    typ(&mut a, " more");
    let effects = key(&mut a, KeyCode::Esc);
    assert!(effects.is_empty());
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(
        a.bookmark("valley-library-exchange")
            .and_then(|b| b.note.as_deref()),
        Some("ask qx")
    );

    // An emptied note is removed.
    let effects = ch(&mut a, 'e');
    run(&mut a, &mut saver, effects);
    ctrl(&mut a, 'u');
    let effects = key(&mut a, KeyCode::Enter);
    assert_eq!(
        effects,
        [Effect::Bookmark(
            Change::Note("valley-library-exchange".into(), None),
            Why::Do
        )]
    );
    run(&mut a, &mut saver, effects);
    assert_eq!(
        a.bookmark("valley-library-exchange")
            .map(|b| b.note.clone()),
        Some(None)
    );
}

// ---------------------------------------------------------------------------
// Tabs
// ---------------------------------------------------------------------------

#[test]
fn each_tab_keeps_its_own_query_filters_and_selection() {
    let mut a = app();
    search(&mut a, "guild");
    focus_facets(&mut a);
    toggle_facet(&mut a, "cost", "paid");
    focus_results(&mut a);
    ch(&mut a, 'G');
    let t1_query = a.current().query.clone();
    let t1_filters = a.current().filters.clone();
    let t1_selected = a.current().selected;
    let t1_hits = result_ids(&a);
    assert!(t1_hits.len() >= 2, "{t1_hits:?}");
    assert_ne!(a.current().selected_row(), Some(0));

    ch(&mut a, '2');
    assert_eq!(a.tab, Tab::Learning);
    assert_eq!(a.current().query, "");
    assert!(a.current().filters.is_empty());
    assert_eq!(a.current().outcome.hits.len(), 12);
    search(&mut a, "course");
    focus_facets(&mut a);
    toggle_facet(&mut a, "format", "online");
    focus_results(&mut a);
    ch(&mut a, 'j');
    let t2_query = a.current().query.clone();
    let t2_filters = a.current().filters.clone();
    let t2_selected = a.current().selected;
    let t2_hits = a.current().outcome.hits.clone();
    assert!(t2_selected.is_some());

    ch(&mut a, '1');
    assert_eq!(a.tab, Tab::Networks);
    assert_eq!(a.current().query, t1_query);
    assert_eq!(a.current().filters, t1_filters);
    assert_eq!(a.current().selected, t1_selected);
    assert_eq!(result_ids(&a), t1_hits);

    ch(&mut a, '2');
    assert_eq!(a.tab, Tab::Learning);
    assert_eq!(a.current().query, t2_query);
    assert_eq!(a.current().filters, t2_filters);
    assert_eq!(a.current().selected, t2_selected);
    assert_eq!(a.current().outcome.hits, t2_hits);
}

#[test]
fn enter_on_an_opportunity_detail_goes_to_its_network() {
    let mut a = app();
    // Tab 1 hides the target network behind a filter and a query.
    focus_facets(&mut a);
    toggle_facet(&mut a, "scope", "scotland");
    search(&mut a, "thistle");
    assert_eq!(result_ids(&a), ["thistle-informatics-society"]);

    ch(&mut a, '2');
    // "Coders' buddy scheme", offered by the Coastal Coders Guild.
    search(&mut a, "buddy");
    let doc = a.selected_doc().expect("an opportunity is selected");
    let DocRef::Opportunity(n, _) = doc else {
        panic!("tab 2 holds opportunities: {doc:?}")
    };
    assert_eq!(a.catalogue.networks[n as usize].id, "coastal-coders-guild");

    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Detail);
    let effects = key(&mut a, KeyCode::Enter);
    assert!(effects.is_empty());
    assert_eq!(a.tab, Tab::Networks);
    assert_eq!(a.selected_doc(), Some(DocRef::Network(n)));
    assert_eq!(selected_id(&a).as_deref(), Some("coastal-coders-guild"));
    // What hid it was cleared, and it is on screen.
    assert!(a.current().filters.is_empty());
    assert_eq!(a.current().query, "");
    assert_selection_valid(&a);
    assert!(screen(&a).contains("▶ Coastal Coders Guild"));
}

#[test]
fn enter_on_an_opportunity_in_the_narrow_full_screen_detail_goes_to_its_network() {
    let mut a = app();
    update(&mut a, Action::Resize(70, 20));
    ch(&mut a, '2');
    search(&mut a, "apprenticeship");
    let Some(DocRef::Opportunity(n, _)) = a.selected_doc() else {
        panic!("an opportunity is selected")
    };
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, Overlay::Detail);
    assert_eq!(a.tab, Tab::Learning);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.tab, Tab::Networks);
    assert_eq!(a.selected_doc(), Some(DocRef::Network(n)));
}

// ---------------------------------------------------------------------------
// Quitting, sizes
// ---------------------------------------------------------------------------

#[test]
fn q_quits() {
    let mut a = app();
    assert!(!a.quit);
    ch(&mut a, 'q');
    assert!(a.quit);
}

#[test]
fn ctrl_c_quits_everywhere() {
    let mut a = app();
    ctrl(&mut a, 'c');
    assert!(a.quit);

    let mut a = app();
    ch(&mut a, '/');
    ctrl(&mut a, 'c');
    assert!(a.quit, "from the search box");

    let mut a = app();
    ch(&mut a, 'b');
    ch(&mut a, 'e');
    ctrl(&mut a, 'c');
    assert!(a.quit, "from the note editor");

    let mut a = app();
    ch(&mut a, '?');
    ctrl(&mut a, 'c');
    assert!(a.quit, "from the help");
}

#[test]
fn too_small_answers_only_q() {
    let mut a = app();
    update(&mut a, Action::Resize(30, 8));
    assert_eq!(a.layout(), Layout::TooSmall);
    let before = (
        a.tab,
        a.focus,
        a.overlay.clone(),
        a.current().selected,
        a.bookmarks_only,
    );
    for code in [
        KeyCode::Char('j'),
        KeyCode::Char('G'),
        KeyCode::Char('/'),
        KeyCode::Char('b'),
        KeyCode::Char('B'),
        KeyCode::Char('?'),
        KeyCode::Char('2'),
        KeyCode::Char('f'),
        KeyCode::Char('o'),
        KeyCode::Char('E'),
        KeyCode::Tab,
        KeyCode::Enter,
        KeyCode::Esc,
    ] {
        let effects = key(&mut a, code);
        assert!(effects.is_empty(), "{code:?} did something: {effects:?}");
        assert!(!a.quit);
    }
    assert_eq!(
        before,
        (
            a.tab,
            a.focus,
            a.overlay.clone(),
            a.current().selected,
            a.bookmarks_only,
        )
    );
    assert!(a.bookmarks.is_empty());
    ch(&mut a, 'q');
    assert!(a.quit);
}

#[test]
fn resizing_keeps_the_selection() {
    let mut a = app();
    select_network(&mut a, "thistle-informatics-society");
    let doc = a.current().selected;
    for (w, h) in [(70, 20), (30, 8), (140, 40), (90, 30), (40, 10), (140, 40)] {
        update(&mut a, Action::Resize(w, h));
        assert_eq!((a.width, a.height), (w, h));
        assert_eq!(a.current().selected, doc, "at {w}x{h}");
        assert_eq!(
            selected_id(&a).as_deref(),
            Some("thistle-informatics-society")
        );
        if a.layout() != Layout::TooSmall {
            assert_selection_valid(&a);
        }
    }
    // On a short screen the selected row is scrolled into view.
    update(&mut a, Action::Resize(70, 10));
    assert_selection_valid(&a);
    assert!(screen(&a).contains("▶ Thistle Informatics Society"));
}

#[test]
fn resizing_out_of_narrow_closes_the_full_screen_detail() {
    let mut a = app();
    update(&mut a, Action::Resize(70, 20));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, Overlay::Detail);
    update(&mut a, Action::Resize(140, 40));
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.focus, Focus::Detail);
}

/// The facets overlay (medium and narrow screens) has the keyboard while it
/// is open, however it is used, and leaves it where it was when it closes:
/// after a wheel turn and a click in it and Esc, as after `f` `j` Esc, `j`
/// and Enter act on the results, never on the facet pane the screen hides.
#[test]
fn closing_the_facets_overlay_after_the_mouse_gives_the_keyboard_back() {
    let mouse = common::mouse;
    for (w, h) in [(90, 30), (70, 24)] {
        let sized = || {
            let mut a = app();
            update(&mut a, Action::Resize(w, h));
            assert_ne!(a.layout(), Layout::Wide);
            a
        };

        // With keys: f, j, Esc.
        let mut by_keys = sized();
        ch(&mut by_keys, 'f');
        assert_eq!(by_keys.overlay, Overlay::Facets);
        ch(&mut by_keys, 'j');
        assert_eq!(
            by_keys.current().facet_cursor,
            1,
            "j moves the facet cursor"
        );
        key(&mut by_keys, KeyCode::Esc);
        assert_eq!(by_keys.overlay, Overlay::None);
        assert_eq!(by_keys.focus, Focus::Results, "{w}x{h}: keys");

        // With the mouse: f, the wheel, a click on the first value, Esc.
        let mut a = sized();
        let inner = ui::layout::inner(ui::layout::facets_overlay(Rect::new(0, 0, w, h)));
        ch(&mut a, 'f');
        mouse(&mut a, MouseEventKind::ScrollDown, inner.x + 2, inner.y + 2);
        assert_eq!(
            a.current().facet_cursor,
            3,
            "the wheel moves the facet cursor"
        );
        // Row 0 is the first heading, row 1 its first value.
        let (x, y) = (inner.x + 2, inner.y + 1);
        mouse(&mut a, MouseEventKind::Down(MouseButton::Left), x, y);
        assert!(
            a.current().filters.is_selected(0, 0),
            "{w}x{h}: a click toggles"
        );
        assert_eq!(
            a.focus,
            Focus::Results,
            "{w}x{h}: the overlay takes no focus"
        );
        ch(&mut a, 'j');
        assert_eq!(a.current().facet_cursor, 1, "keys still reach the overlay");
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.overlay, Overlay::None);
        assert_eq!(a.focus, by_keys.focus, "{w}x{h}: as with keys");

        // j and Enter now act on the results, not on filters out of sight.
        let filters = a.current().filters.clone();
        let cursor = a.current().facet_cursor;
        let row = a.current().selected_row();
        ch(&mut a, 'j');
        assert_eq!(a.current().selected_row(), row.map(|r| r + 1));
        assert_eq!(a.current().facet_cursor, cursor);
        key(&mut a, KeyCode::Enter);
        assert_eq!(
            a.current().filters,
            filters,
            "{w}x{h}: Enter changed a filter"
        );
        assert_selection_valid(&a);
    }
}

// ---------------------------------------------------------------------------
// Typing first (DESIGN §3.1)
// ---------------------------------------------------------------------------

#[test]
fn a_new_user_typing_at_start_searches_and_changes_nothing() {
    // What a new user typed: letters that are all commands after Esc.
    let mut a = fresh();
    assert_eq!(a.focus, Focus::Search);
    assert_eq!(a.mode(), Mode::Search);
    for c in "bcs london q".chars() {
        let effects = ch(&mut a, c);
        assert!(effects.is_empty(), "{c:?} asked for {effects:?}");
    }
    assert!(!a.quit);
    assert_eq!(a.current().query, "bcs london q");
    assert!(a.bookmarks.is_empty());
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.focus, Focus::Search);
    // Capitals, digits, `?` and `/` are text too.
    let mut a = fresh();
    typ(&mut a, "B1?/E");
    assert_eq!(a.current().query, "B1?/E");
    assert_eq!(a.tab, Tab::Networks);
    assert!(!a.bookmarks_only);
}

#[test]
fn arrows_pages_home_and_end_move_the_results_while_typing() {
    let mut a = fresh();
    // Two letters: a one-letter word matches whole words only.
    typ(&mut a, "gu");
    let n = a.current().outcome.hits.len();
    assert!(n >= 3, "{n}");
    let first = a.current().outcome.hits[0].doc;
    key(&mut a, KeyCode::Down);
    assert_eq!(a.current().selected_row(), Some(1));
    key(&mut a, KeyCode::End);
    assert_eq!(a.current().selected_row(), Some(n - 1));
    key(&mut a, KeyCode::Up);
    assert_eq!(a.current().selected_row(), Some(n - 2));
    key(&mut a, KeyCode::Home);
    assert_eq!(a.current().selected, Some(first));
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.current().selected_row(), Some(n - 1));
    key(&mut a, KeyCode::PageUp);
    assert_eq!(a.current().selected_row(), Some(0));
    // Still typing, the query untouched.
    assert_eq!(a.focus, Focus::Search);
    assert_eq!(a.current().query, "gu");
}

#[test]
fn enter_in_the_search_box_opens_the_selected_result() {
    let mut a = fresh();
    typ(&mut a, "thist");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.focus, Focus::Detail);
    assert_eq!(a.mode(), Mode::Commands);
    assert_eq!(
        selected_id(&a).as_deref(),
        Some("thistle-informatics-society")
    );
    assert_eq!(a.current().query, "thist");

    // Narrow: the detail full screen; Esc comes back to the list.
    let mut a = fresh();
    update(&mut a, Action::Resize(70, 22));
    typ(&mut a, "thist");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, Overlay::Detail);
    assert!(screen(&a).contains("Who it is for"));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.focus, Focus::Results);
}

#[test]
fn tab_in_the_search_box_goes_to_the_next_pane() {
    let mut a = fresh();
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Results);
    assert_eq!(a.mode(), Mode::Commands);
    let mut a = fresh();
    key(&mut a, KeyCode::BackTab);
    assert_eq!(a.focus, Focus::Facets);
}

#[test]
fn esc_and_slash_switch_between_typing_and_commands() {
    let mut a = fresh();
    typ(&mut a, "data");
    assert!(screen(&a).contains("typing: Esc for commands"));
    assert!(screen(&a).contains(" / data▏"));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::Commands);
    assert_eq!(a.current().query, "data", "the query is kept");
    let s = screen(&a);
    assert!(s.contains("commands: / to search"), "{s}");
    assert!(!s.contains('▏'), "no cursor where typing does not go: {s}");
    // Letters are commands now.
    ch(&mut a, 'j');
    assert_eq!(a.current().selected_row(), Some(1));
    ch(&mut a, '/');
    assert_eq!(a.mode(), Mode::Search);
    // The cursor edits in place: Left, then type.
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Left);
    typ(&mut a, "X");
    assert_eq!(a.current().query, "daXta");
    assert!(screen(&a).contains(" / daX▏ta"));
    ctrl(&mut a, 'a');
    key(&mut a, KeyCode::Delete);
    assert_eq!(a.current().query, "aXta");
    ctrl(&mut a, 'e');
    ctrl(&mut a, 'w');
    assert_eq!(a.current().query, "");
}

#[test]
fn ctrl_c_quits_from_every_mode_whatever_the_keymap() {
    // `quit` rebound to another key: Ctrl-C still quits.
    let settings = hinet::config::parse("c.toml", "[keys]\nquit = [\"ctrl-q\"]\n");
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    for setup in [
        (|_: &mut App| {}) as fn(&mut App),
        |a| {
            key(a, KeyCode::Esc);
        },
        |a| {
            key(a, KeyCode::Esc);
            ch(a, '?');
        },
        |a| {
            key(a, KeyCode::Esc);
            ch(a, 'b');
            ch(a, 'e');
        },
        |a| {
            key(a, KeyCode::Esc);
            ch(a, 'n');
        },
    ] {
        let mut a = App::new(small(), Vec::new(), settings.keymap.clone());
        update(&mut a, Action::Resize(140, 40));
        setup(&mut a);
        let mode = a.mode();
        ctrl(&mut a, 'c');
        assert!(a.quit, "Ctrl-C in {mode:?}");
    }
}

// ---------------------------------------------------------------------------
// Rough edges
// ---------------------------------------------------------------------------

/// The rows of the detail pane's inside, as drawn.
fn detail_rows(a: &App) -> Vec<String> {
    let p = ui::layout::panes(Rect::new(0, 0, a.width, a.height));
    let r = ui::layout::inner(p.detail.unwrap_or(p.main));
    let text = screen(a);
    text.lines()
        .skip(usize::from(r.y))
        .take(usize::from(r.height))
        .map(|l| {
            l.chars()
                .skip(usize::from(r.x))
                .take(usize::from(r.width))
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn the_detail_scroll_stops_at_the_end_of_its_text() {
    for (w, h) in [(140, 40), (90, 30), (140, 14)] {
        let mut a = app();
        update(&mut a, Action::Resize(w, h));
        select_network(&mut a, "coastal-coders-guild");
        key(&mut a, KeyCode::Tab);
        if a.focus != Focus::Detail {
            key(&mut a, KeyCode::Tab);
        }
        assert_eq!(a.focus, Focus::Detail);
        let max = a.detail_max_scroll();
        assert!(max > 0, "{w}x{h}: the detail is longer than the pane");
        ch(&mut a, 'G');
        assert_eq!(a.current().detail_scroll, max, "{w}x{h}");
        // The last row of the pane holds text: no blank space below the end.
        let rows = detail_rows(&a);
        assert!(
            rows.last().is_some_and(|l| !l.is_empty()),
            "{w}x{h}: {rows:?}"
        );
        // Past the end does nothing, and one `k` brings a row back.
        ch(&mut a, 'j');
        key(&mut a, KeyCode::PageDown);
        assert_eq!(a.current().detail_scroll, max);
        ch(&mut a, 'k');
        assert_eq!(a.current().detail_scroll, max - 1);
        ch(&mut a, 'g');
        assert_eq!(a.current().detail_scroll, 0);
        for _ in 0..500 {
            ch(&mut a, 'j');
        }
        assert_eq!(a.current().detail_scroll, max);
    }
}

#[test]
fn the_detail_scroll_follows_a_wider_screen() {
    let mut a = app();
    update(&mut a, Action::Resize(90, 20));
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Detail);
    ch(&mut a, 'G');
    let narrow_max = a.current().detail_scroll;
    update(&mut a, Action::Resize(200, 60));
    assert!(a.current().detail_scroll <= a.detail_max_scroll());
    assert!(a.detail_max_scroll() < narrow_max);
}

#[test]
fn help_scrolls_and_its_keys_act_only_on_it() {
    let mut a = app_with(Vec::new());
    update(&mut a, Action::Resize(70, 22));
    let before = a.current().selected;
    ch(&mut a, '?');
    assert_eq!(a.overlay, Overlay::Help);
    let max = a.help_max_scroll();
    assert!(max > 0, "the help is longer than 70x22");
    ch(&mut a, 'j');
    assert_eq!(a.help_scroll, 1);
    assert_eq!(a.current().selected, before, "j moved the hidden list");
    ch(&mut a, 'G');
    assert_eq!(a.help_scroll, max);
    ch(&mut a, 'j');
    assert_eq!(a.help_scroll, max);
    // The last rows of the help are on screen at the end.
    assert!(screen(&a).contains("config.toml"), "{}", screen(&a));
    // Command keys do nothing under the help.
    for c in ['b', 'B', '2', 'x', 'f', 'o', '/', 's'] {
        assert!(ch(&mut a, c).is_empty(), "{c}");
    }
    assert!(a.bookmarks.is_empty());
    assert_eq!(a.tab, Tab::Networks);
    assert_eq!(a.overlay, Overlay::Help);
    key(&mut a, KeyCode::PageUp);
    key(&mut a, KeyCode::Home);
    assert_eq!(a.help_scroll, 0);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.current().selected, before);
}

#[test]
fn the_facets_overlay_takes_only_filter_keys() {
    let mut a = app();
    update(&mut a, Action::Resize(90, 30));
    ch(&mut a, 'f');
    assert_eq!(a.overlay, Overlay::Facets);
    assert!(ch(&mut a, 'b').is_empty());
    assert!(a.bookmarks.is_empty());
    ch(&mut a, ' ');
    assert_eq!(a.current().filters.active().len(), 1);
}

#[test]
fn filter_groups_jump_fold_and_narrow_by_typing() {
    let mut a = app();
    focus_facets(&mut a);
    let group = |a: &App| a.current().cursor_group();
    let title = |a: &App| {
        let t = a.current();
        t.index.facets[t.cursor_group().expect("a group")].title
    };
    assert_eq!(group(&a), Some(0));
    ch(&mut a, ']');
    assert_eq!(group(&a), Some(1));
    let (f, v) = a.current().facet_at_cursor().expect("a value");
    assert_eq!((f, v), (1, 0), "the first value of the next group");
    ch(&mut a, ']');
    ch(&mut a, '[');
    assert_eq!(group(&a), Some(1), "{}", title(&a));

    // Folding leaves the headings and the cursor's group.
    let all = a.current().facet_rows().len();
    ch(&mut a, 'z');
    let t = a.current();
    let rows = t.facet_rows();
    let groups = t.index.facets.len();
    assert_eq!(rows.len(), groups + t.index.facets[1].values.len());
    assert!(rows.len() < all);
    // Moving past the open group opens the next.
    for _ in 0..t.index.facets[1].values.len() {
        ch(&mut a, 'j');
    }
    assert_eq!(group(&a), Some(2));
    assert_eq!(
        a.current().facet_rows().len(),
        groups + a.current().index.facets[2].values.len()
    );
    ch(&mut a, 'z');
    assert_eq!(a.current().facet_rows().len(), all);

    // Type to narrow: `n`, then `wal` finds Wales.
    ch(&mut a, 'n');
    assert_eq!(a.mode(), Mode::Find);
    typ(&mut a, "wal");
    let t = a.current();
    let values: Vec<&str> = t
        .facet_rows()
        .iter()
        .filter_map(|r| match *r {
            FacetRow::Value(f, v) => Some(t.index.facets[f].values[v].label.as_str()),
            FacetRow::Heading(_) => None,
        })
        .collect();
    assert_eq!(values, ["Wales"]);
    assert!(screen(&a).contains("finding: Enter done"), "{}", screen(&a));
    // Letters are text here: `b` did not bookmark, `q` does not quit.
    typ(&mut a, "q");
    assert!(!a.quit);
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode(), Mode::Commands);
    ch(&mut a, ' ');
    let t = a.current();
    let (f, v) = t.filters.active()[0];
    assert_eq!(t.index.facets[f].values[v].label, "Wales");
    // Esc shows every value again.
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.current().facet_rows().len(), all);
    assert_eq!(a.focus, Focus::Facets);
}

#[test]
fn going_to_a_network_says_what_it_cleared() {
    let mut a = app();
    search(&mut a, "thistle");
    ch(&mut a, '2');
    search(&mut a, "buddy");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("Coastal Coders Guild"), "{status}");
    assert!(
        status.contains("cleared the search \"thistle\""),
        "{status}"
    );

    // Nothing to clear: nothing said about clearing.
    let mut a = app();
    ch(&mut a, '2');
    search(&mut a, "buddy");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    let status = a.status.clone().unwrap_or_default();
    assert!(!status.contains("cleared"), "{status}");
}

#[test]
fn hints_fit_the_state() {
    let mut a = app();
    search(&mut a, "zzzzqqq");
    let s = screen(&a);
    assert!(s.contains("Nothing matches"), "{s}");
    assert!(s.contains("\"zzzzqqq\" matched"), "the word is named: {s}");
    assert!(!s.contains("clears the filters"), "no filters are on: {s}");
    // (The line wraps after "fewer" now that it names the word.)
    assert!(s.contains("Try fewer"), "{s}");

    // With a filter on and no query: the filters, not the words.
    let mut a = app();
    focus_facets(&mut a);
    toggle_facet(&mut a, "scope", "wales");
    toggle_facet(&mut a, "sector", "mental-health");
    assert!(a.current().outcome.hits.is_empty());
    let s = screen(&a);
    assert!(s.contains("x clears the filters"), "{s}");
    assert!(!s.contains("Try fewer words"), "{s}");
    // The footer offers x only while filters are on.
    assert!(s.contains("x clear"), "{s}");
    ch(&mut a, 'x');
    let s = screen(&a);
    assert!(!s.contains("x clear"), "{s}");

    // While typing, the way to x goes through Esc.
    let mut a = app();
    focus_facets(&mut a);
    toggle_facet(&mut a, "scope", "scotland");
    ch(&mut a, '/');
    typ(&mut a, "zzzzqqq");
    let s = screen(&a);
    assert!(s.contains("Esc then x clears"), "{s}");
}

#[test]
fn messages_name_the_keys_in_force() {
    let settings = hinet::config::parse(
        "c.toml",
        "[keys]\nbookmark = [\"m\"]\nclear_filters = [\"X\"]\n[keys.search_box]\nleave = [\"ctrl-g\"]\n",
    );
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    let mut a = App::new(small(), Vec::new(), settings.keymap);
    ui::install(&mut a);
    update(&mut a, Action::Resize(140, 40));
    assert!(screen(&a).contains("typing: Ctrl-G for commands"));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::Search, "Esc is not the key any more");
    ctrl(&mut a, 'g');
    assert_eq!(a.mode(), Mode::Commands);
    ch(&mut a, 's');
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("(m)"), "{status}");
    assert!(!status.contains("(b)"), "{status}");
    ch(&mut a, 'e');
    assert!(a.status.as_deref().unwrap_or_default().contains("(m)"));
    let (_dir, mut saver) = saver();
    let effects = ch(&mut a, 'm');
    run(&mut a, &mut saver, effects);
    assert_eq!(a.bookmarks.len(), 1);
    // The empty list's hint, while typing: the new keys.
    focus_facets(&mut a);
    toggle_facet(&mut a, "scope", "wales");
    toggle_facet(&mut a, "sector", "mental-health");
    ch(&mut a, '/');
    let s = screen(&a);
    assert!(s.contains("Ctrl-G then X clears the filters"), "{s}");
}

#[test]
fn the_note_editor_edits_at_its_cursor() {
    let (_dir, mut saver) = saver();
    let mut a = app();
    let effects = ch(&mut a, 'b');
    run(&mut a, &mut saver, effects);
    let effects = ch(&mut a, 'e');
    run(&mut a, &mut saver, effects);
    typ(&mut a, "ask manager");
    key(&mut a, KeyCode::Home);
    typ(&mut a, "j ");
    ctrl(&mut a, 'e');
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::End);
    typ(&mut a, "!");
    assert!(
        matches!(&a.overlay, Overlay::Note { text, .. } if text == "j ask managr!"),
        "{:?}",
        a.overlay
    );
    assert!(screen(&a).contains("j ask managr!▏"));
}

#[test]
fn the_wheel_scrolls_the_help_and_nothing_under_it() {
    let mut a = app();
    update(&mut a, Action::Resize(70, 22));
    let before = a.current().selected;
    ch(&mut a, '?');
    let wheel = |a: &mut App, kind| common::mouse(a, kind, 30, 10);
    wheel(&mut a, MouseEventKind::ScrollDown);
    assert_eq!(a.help_scroll, 3);
    wheel(&mut a, MouseEventKind::ScrollUp);
    wheel(&mut a, MouseEventKind::ScrollUp);
    assert_eq!(a.help_scroll, 0);
    wheel(&mut a, MouseEventKind::Down(MouseButton::Left));
    assert_eq!(a.overlay, Overlay::Help);
    assert_eq!(a.current().selected, before);
}

/// `update` acts on what the mouse is on, with no screen position: a row of
/// the results, a filter value (a heading does nothing), a tab, the search
/// box, the detail; and nothing at all while the note editor is open.
#[test]
fn the_mouse_acts_on_its_target() {
    let click = |a: &mut App, target| update(a, Action::Mouse(MouseKind::Click, target));
    let mut a = app();
    click(&mut a, Target::ResultRow(2));
    assert_eq!(
        (a.focus, a.current().selected_row()),
        (Focus::Results, Some(2))
    );
    update(
        &mut a,
        Action::Mouse(MouseKind::ScrollDown, Target::ResultRow(0)),
    );
    assert_eq!(
        a.current().selected_row(),
        Some(5),
        "the wheel moves, not selects"
    );
    let rows = a.current().facet_rows();
    let heading = rows.iter().position(|r| matches!(r, FacetRow::Heading(_)));
    let value = rows.iter().position(|r| matches!(r, FacetRow::Value(..)));
    click(&mut a, Target::FacetRow(heading.expect("a heading")));
    assert!(a.current().filters.is_empty());
    assert_eq!(a.focus, Focus::Facets);
    click(&mut a, Target::FacetRow(value.expect("a value")));
    assert!(!a.current().filters.is_empty(), "a value is toggled on");
    click(&mut a, Target::Tab(1));
    assert_eq!(a.tab, Tab::Learning);
    update(&mut a, Action::Mouse(MouseKind::ScrollDown, Target::Tab(0)));
    assert_eq!(a.tab, Tab::Learning, "the wheel switches no tab");
    click(&mut a, Target::DetailPane);
    assert_eq!(a.focus, Focus::Detail);
    click(&mut a, Target::SearchBox);
    assert_eq!(a.mode(), Mode::Search);
    // The note editor takes no clicks.
    a.overlay = Overlay::Note {
        id: "any".to_string(),
        text: String::new(),
        cursor: 0,
    };
    click(&mut a, Target::Tab(0));
    assert_eq!(a.tab, Tab::Learning);
}

// ---------------------------------------------------------------------------
// Links, places, successors
// ---------------------------------------------------------------------------

/// The footer's last line of the screen.
fn footer_line(app: &App) -> String {
    screen(app).lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_footer_of_a_narrow_screen_names_the_filters_key_not_a_tab_that_does_nothing() {
    // Below 80 columns there is one pane: Tab has nowhere to go, and the
    // filters are only reached with `f`, so that is the hint to show.
    let mut a = app();
    update(&mut a, Action::Resize(70, 22));
    let f = footer_line(&a);
    assert!(f.contains("f filters"), "{f}");
    assert!(!f.contains("Tab pane"), "{f}");
    // In the filters overlay: how to pick a value and how to close it.
    ch(&mut a, 'f');
    assert_eq!(a.overlay, Overlay::Facets);
    let f = footer_line(&a);
    assert!(f.contains("Space toggle"), "{f}");
    update(&mut a, Action::Resize(90, 30));
    let f = footer_line(&a);
    assert!(
        f.contains("Space toggle") && f.contains("Esc closes"),
        "{f}"
    );
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay, Overlay::None);
    // At 90 columns Tab still moves between the list and the detail.
    let f = footer_line(&a);
    assert!(f.contains("Tab pane") && f.contains("f filters"), "{f}");
}

#[test]
fn the_footer_on_the_detail_says_what_enter_does_there() {
    let mut a = app();
    // On a network's detail, Enter does nothing: no "Enter detail" hint.
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Detail);
    let f = footer_line(&a);
    assert!(!f.contains("Enter detail"), "{f}");
    // On an opportunity's detail, Enter goes to its network.
    ch(&mut a, '2');
    assert_eq!(a.tab, Tab::Learning);
    key(&mut a, KeyCode::Esc);
    if a.focus != Focus::Detail {
        focus_results(&mut a);
        key(&mut a, KeyCode::Tab);
    }
    assert_eq!(a.focus, Focus::Detail);
    let f = footer_line(&a);
    assert!(f.contains("Enter network"), "{f}");
    assert!(!f.contains("Enter detail"), "{f}");
    // On the results, Enter still opens the detail.
    focus_results(&mut a);
    assert!(
        footer_line(&a).contains("Enter detail"),
        "{}",
        footer_line(&a)
    );
}

#[test]
fn the_status_line_names_the_kind_of_page_even_when_the_address_is_long() {
    // A source page's address is often longer than the status line: what
    // kind of page it is must come before it, not be cut off after it.
    let mut a = app();
    let url = format!(
        "https://example.org/blogs/{}",
        "giving-structure-and-support-".repeat(6)
    );
    let what = "no website known — source page";
    for status in [
        hinet::app::opened_message(&url, what),
        hinet::app::copied_message(&url, what),
    ] {
        update(&mut a, Action::Status(status));
        assert!(screen(&a).contains(what), "{}", screen(&a));
    }
}

#[test]
fn o_on_a_network_with_no_website_opens_its_source_page_and_says_so() {
    let mut a = app();
    select_network(&mut a, "hearth-and-home-circle");
    let effects = ch(&mut a, 'o');
    let source = "no website known — source page";
    assert_eq!(
        effects,
        [Effect::OpenUrl {
            url: "https://example.org/hearth".into(),
            what: source.into(),
        }]
    );
    // The status line the runtime shows says what was opened.
    let Effect::OpenUrl { url, what } = &effects[0] else {
        unreachable!()
    };
    let status = hinet::app::opened_message(url, what);
    update(&mut a, Action::Status(status));
    assert!(screen(&a).contains(source), "{}", screen(&a));
    // `y` copies the same link, saying the same.
    assert_eq!(
        ch(&mut a, 'y'),
        [Effect::Copy {
            text: "https://example.org/hearth".into(),
            what: source.into(),
        }]
    );
    // The detail offers it too, labelled.
    assert!(screen(&a).contains("Link: https://example.org/hearth (no website known"));
    // A network with a website opens the website.
    select_network(&mut a, "coastal-coders-guild");
    match ch(&mut a, 'o').as_slice() {
        [Effect::OpenUrl { what, .. }] => assert_eq!(what, "website"),
        other => panic!("expected one OpenUrl, got {other:?}"),
    }
}

#[test]
fn choosing_a_nation_marks_the_networks_shown_through_uk_wide() {
    let mut a = app();
    focus_facets(&mut a);
    toggle_facet(&mut a, "scope", "wales");
    let ids: HashSet<String> = result_ids(&a).into_iter().collect();
    assert!(
        ids.contains("hearth-and-home-circle"),
        "UK-wide serves Wales"
    );
    assert!(ids.contains("coastal-coders-guild"));
    assert_eq!(ids.len(), 3);
    let hearth = a
        .catalogue
        .network("hearth-and-home-circle")
        .expect("hearth")
        .clone();
    let coastal = a
        .catalogue
        .network("coastal-coders-guild")
        .expect("coastal")
        .clone();
    assert_eq!(
        a.place_through(&hearth),
        Some(("Wales".to_string(), "UK-wide".to_string()))
    );
    assert_eq!(a.place_through(&coastal), None, "a Welsh network is direct");
    focus_results(&mut a);
    select_network(&mut a, "hearth-and-home-circle");
    let s = screen(&a);
    let row = s
        .lines()
        .find(|l| l.contains("Hearth and Home Digital Circle") && l.contains('▶'))
        .unwrap_or_else(|| panic!("the selected row:\n{s}"));
    assert!(row.contains("· UK-wide"), "{row}");
    assert!(s.contains("Matches Wales through UK-wide"), "{s}");
    let coastal_row = s
        .lines()
        .find(|l| l.contains("Coastal Coders Guild"))
        .unwrap_or_else(|| panic!("coastal's row:\n{s}"));
    assert!(!coastal_row.contains("UK-wide"), "{coastal_row}");
}

#[test]
fn the_learning_tab_filters_by_the_networks_place_and_shows_inherited_stages() {
    let mut a = app();
    ch(&mut a, '2');
    assert_eq!(a.tab, Tab::Learning);
    let all = a.current().outcome.hits.len();
    focus_facets(&mut a);
    toggle_facet(&mut a, "scope", "wales");
    let ids: HashSet<String> = result_ids(&a).into_iter().collect();
    assert!(a.current().outcome.hits.len() < all);
    assert_eq!(
        ids,
        [
            "coastal-coders-guild",
            "valley-library-exchange",
            "hearth-and-home-circle"
        ]
        .into_iter()
        .map(String::from)
        .collect::<HashSet<String>>()
    );
    // The carers' course states no career stage: it is for its network's.
    focus_results(&mut a);
    select_network(&mut a, "hearth-and-home-circle");
    let s = screen(&a);
    assert!(
        s.contains("Career stage: Entry level or student, Early career"),
        "{s}"
    );
    assert!(s.contains("(as its network)"), "{s}");
    assert!(s.contains("carers — UK-wide · "), "{s}");
}

#[test]
fn a_successor_names_what_it_replaced_and_the_closed_one_where_it_went() {
    let mut a = app();
    select_network(&mut a, "northern-data-guild");
    let s = screen(&a);
    assert!(s.contains("Formerly: Old Mill"), "{s}");
    select_network(&mut a, "old-mill-analysts");
    let s = screen(&a);
    assert!(
        s.contains("Closed — succeeded by Northern Data Guild"),
        "{s}"
    );
}

// ---------------------------------------------------------------------------
// Searching off the UI thread (large catalogues; forced here)
// ---------------------------------------------------------------------------

/// The app as it opens, searching typed queries off the UI thread as it
/// does in a large catalogue.
fn fresh_background() -> App {
    let mut a = fresh();
    a.background_from = 0;
    a
}

/// Type `s`; return the searches asked for, one per key.
fn typ_background(app: &mut App, s: &str) -> Vec<hinet::app::SearchRequest> {
    s.chars()
        .map(|c| {
            let effects = ch(app, c);
            assert_eq!(effects.len(), 1, "typing {c:?} asks for one search");
            match effects.into_iter().next() {
                Some(Effect::Search(r)) => r,
                other => panic!("typing {c:?} asked for {other:?}"),
            }
        })
        .collect()
}

#[test]
fn in_a_large_catalogue_typing_echoes_the_query_before_its_results() {
    let mut a = fresh_background();
    let before = result_ids(&a);
    let selected = selected_id(&a);
    let requests = typ_background(&mut a, "data");
    // The query is there at once; the results are still the old ones.
    assert_eq!(a.current().query, "data");
    assert_eq!(result_ids(&a), before);
    assert_eq!(selected_id(&a), selected);
    assert!(a.searching(0));
    assert_selection_valid(&a);
    assert!(
        screen(&a).contains("data"),
        "the search line shows the query"
    );
    // Each key asks with a newer generation, for the query so far.
    let gens: Vec<u64> = requests.iter().map(|r| r.generation).collect();
    assert!(gens.windows(2).all(|w| w[0] < w[1]), "{gens:?}");
    assert_eq!(
        requests.last().map(|r| r.query.clone()),
        Some(hinet::query::Query::parse("data"))
    );
}

#[test]
fn only_the_newest_search_results_are_shown_and_stale_ones_dropped() {
    let mut sync = fresh();
    typ(&mut sync, "data");
    let mut a = fresh_background();
    let before = result_ids(&a);
    let requests = typ_background(&mut a, "data");
    let answers: Vec<Action> = requests.iter().map(|r| r.answer(r.run())).collect();
    // An older search finishing first changes nothing.
    update(&mut a, answers[1].clone());
    assert_eq!(result_ids(&a), before);
    assert!(a.searching(0));
    // The newest is shown, as if the search had run at once.
    assert!(update(&mut a, answers[3].clone()).is_empty());
    assert!(!a.searching(0));
    assert_eq!(result_ids(&a), result_ids(&sync));
    assert_ne!(result_ids(&a), before, "the query narrowed the results");
    assert_eq!(selected_id(&a), selected_id(&sync), "the best match");
    assert_eq!(
        a.current().outcome,
        sync.current().outcome,
        "and the counts"
    );
    // Older ones arriving late are dropped.
    let shown = a.current().outcome.clone();
    update(&mut a, answers[0].clone());
    update(&mut a, answers[2].clone());
    assert_eq!(a.current().outcome, shown);
    assert_selection_valid(&a);
}

#[test]
fn the_selection_is_kept_by_document_while_a_search_runs() {
    let mut a = fresh_background();
    assert!(result_ids(&a).len() > 2, "the fixture has several networks");
    key(&mut a, KeyCode::Down);
    let chosen = selected_id(&a);
    assert_ne!(
        chosen.as_deref(),
        result_ids(&a).first().map(String::as_str)
    );
    let r = typ_background(&mut a, "da");
    assert_eq!(selected_id(&a), chosen, "kept while the search runs");
    assert_selection_valid(&a);
    let mut sync = fresh();
    typ(&mut sync, "da");
    update(&mut a, r[1].answer(r[1].run()));
    assert_eq!(result_ids(&a), result_ids(&sync));
    // The query changed, so the best match is selected, as when typing
    // in a small catalogue.
    assert_eq!(selected_id(&a), selected_id(&sync));
    assert_selection_valid(&a);
    // Results for another tab do not touch this one.
    let shown = a.current().outcome.clone();
    update(
        &mut a,
        Action::Searched {
            tab: 1,
            generation: 99,
            outcome: hinet::query::Outcome::default(),
        },
    );
    assert_eq!(a.current().outcome, shown);
}

#[test]
fn a_search_run_at_once_overtakes_one_still_running() {
    let mut a = fresh_background();
    let r = typ_background(&mut a, "data");
    // A filter is toggled while the typed search runs: it searches at once
    // (with the query as typed), and the typed search's late answer is stale.
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.current().query, "data");
    focus_facets(&mut a);
    let (f, v) = facet_value(&a, "sector", "nhs-acute");
    toggle_facet(&mut a, "sector", "nhs-acute");
    assert!(!a.searching(0));
    let now = a.current().outcome.clone();
    update(&mut a, r[3].answer(r[3].run()));
    assert_eq!(a.current().outcome, now, "the late answer is dropped");
    assert!(a.current().filters.is_selected(f, v));
    assert_selection_valid(&a);
}

// ---------------------------------------------------------------------------
// The learning tab's index, opened after the first frame
// ---------------------------------------------------------------------------

/// The app as a large catalogue read from the cache opens: the learning
/// tab's index still to come.
fn app_learning_later() -> App {
    let cat = small();
    let networks = hinet::query::Index::networks(&cat);
    let mut a = App::with_learning_later(cat, networks, Vec::new(), Keymap::default());
    ui::install(&mut a);
    update(&mut a, Action::Resize(140, 40));
    a
}

#[test]
fn the_learning_index_is_asked_for_once_after_the_first_frame() {
    let mut a = app_learning_later();
    assert!(a.learning_opening());
    assert_eq!(
        a.current().outcome.hits.len(),
        8,
        "the networks tab is ready"
    );
    assert_eq!(update(&mut a, Action::Shown), vec![Effect::OpenLearning]);
    assert!(update(&mut a, Action::Shown).is_empty(), "asked for once");
    // An app whose indexes are all there asks for nothing.
    let mut ready = app();
    assert!(!ready.learning_opening());
    assert!(update(&mut ready, Action::Shown).is_empty());
}

#[test]
fn the_learning_tab_before_its_index_is_ready_says_so_and_keeps_what_is_typed() {
    let mut a = app_learning_later();
    update(&mut a, Action::Shown);
    key(&mut a, KeyCode::Esc);
    ch(&mut a, '2');
    assert_eq!(a.tab, Tab::Learning);
    assert!(a.current().outcome.hits.is_empty());
    assert!(screen(&a).contains("opening"), "{}", screen(&a));
    search(&mut a, "course");
    assert_eq!(a.current().query, "course");
    // The index comes: the tab searches it with the query typed meanwhile,
    // as a tab that had it from the start does.
    let index = hinet::query::Index::opportunities(&a.catalogue);
    update(
        &mut a,
        Action::LearningOpened(hinet::app::OpenedIndex(std::sync::Arc::new(index))),
    );
    assert!(!a.learning_opening());
    assert!(!screen(&a).contains("opening"), "{}", screen(&a));
    let mut b = app();
    key(&mut b, KeyCode::Esc);
    ch(&mut b, '2');
    search(&mut b, "course");
    assert!(!b.current().outcome.hits.is_empty());
    assert_eq!(result_ids(&a), result_ids(&b));
    assert_eq!(a.current().query, "course");
    // A second delivery changes nothing.
    let again = hinet::query::Index::opportunities(&hinet::catalogue::Catalogue::default());
    update(
        &mut a,
        Action::LearningOpened(hinet::app::OpenedIndex(std::sync::Arc::new(again))),
    );
    assert_eq!(result_ids(&a), result_ids(&b));
}
