//! Snapshot tests of whole screens drawn with ratatui's `TestBackend`, a sweep
//! of sizes that must never panic, and a check that hostile catalogue text
//! never reaches a cell raw.

use std::path::Path;

use hinet::app::{Action, App, Effect, Focus, Key, Keymap, Layout, Overlay, Tab, update};
use hinet::bookmarks::{Bookmark, BookmarkStatus};
use hinet::catalogue::{Catalogue, SourceFile};
use hinet::config::ThemeName;
use hinet::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use crate::common;
use common::{facet_cursor_to, small};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn bookmark(id: &str, status: BookmarkStatus, note: Option<&str>) -> Bookmark {
    Bookmark {
        id: id.to_string(),
        status,
        note: note.map(str::to_string),
        added: "2026-01-01T10:00:00Z".to_string(),
    }
}

fn two_bookmarks() -> Vec<Bookmark> {
    vec![
        bookmark(
            "thistle-informatics-society",
            BookmarkStatus::ToJoin,
            Some("ask about CPD funding"),
        ),
        bookmark("northern-data-guild", BookmarkStatus::Joined, None),
    ]
}

/// The app as it opens: typing goes into the search box.
fn fresh_with(bookmarks: Vec<Bookmark>, w: u16, h: u16) -> App {
    let mut app = App::new(small(), bookmarks, Keymap::default());
    ui::install(&mut app);
    update(&mut app, Action::Resize(w, h));
    app
}

/// The app after `Esc`: single letters are commands.
fn app_with(bookmarks: Vec<Bookmark>, w: u16, h: u16) -> App {
    let mut app = fresh_with(bookmarks, w, h);
    press(&mut app, KeyCode::Esc);
    app
}

fn app(w: u16, h: u16) -> App {
    app_with(Vec::new(), w, h)
}

fn press(app: &mut App, code: KeyCode) {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ch(app: &mut App, c: char) {
    press(app, KeyCode::Char(c));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        ch(app, c);
    }
}

fn theme() -> Theme {
    Theme::new(ThemeName::Default)
}

/// Draw through a real `Terminal` over a `TestBackend`, as the runtime does.
fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let theme = theme();
    terminal
        .draw(|f| ui::draw(f, app, &theme))
        .expect("draw succeeds");
    terminal
}

fn text_of(terminal: &Terminal<TestBackend>) -> String {
    ui::buffer_text(terminal.backend().buffer())
}

// ---------------------------------------------------------------------------
// The screens (shared by the snapshots and the size sweep)
// ---------------------------------------------------------------------------

fn first_screen(w: u16, h: u16) -> App {
    fresh_with(Vec::new(), w, h)
}

fn commands(w: u16, h: u16) -> App {
    app(w, h)
}

fn typed_at_start(w: u16, h: u16) -> App {
    let mut a = first_screen(w, h);
    typ(&mut a, "bcs london q");
    a
}

fn help_end(w: u16, h: u16) -> App {
    let mut a = help(w, h);
    ch(&mut a, 'G');
    a
}

fn detail_end(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    press(&mut a, KeyCode::Enter);
    ch(&mut a, 'G');
    a
}

/// The filters, wherever they are at this size: the pane or the overlay.
fn filters(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    if a.layout() == Layout::Wide {
        press(&mut a, KeyCode::BackTab);
    } else {
        ch(&mut a, 'f');
    }
    a
}

fn filters_folded(w: u16, h: u16) -> App {
    let mut a = filters(w, h);
    ch(&mut a, ']');
    ch(&mut a, ']');
    ch(&mut a, 'z');
    a
}

fn filters_found(w: u16, h: u16) -> App {
    let mut a = filters(w, h);
    ch(&mut a, 'n');
    typ(&mut a, "wal");
    a
}

fn nothing_matches(w: u16, h: u16) -> App {
    let mut a = filters(w, h);
    ch(&mut a, ' ');
    ch(&mut a, '/');
    typ(&mut a, "zzqq");
    a
}

fn learning_medium(w: u16, h: u16) -> App {
    let mut a = learning(w, h);
    ch(&mut a, '/');
    a
}

fn after_query(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    ch(&mut a, '/');
    typ(&mut a, "data");
    a
}

fn facet_toggled(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    // Results -> Detail -> Filters.
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char(' '));
    a
}

fn network_detail(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    press(&mut a, KeyCode::Tab);
    a
}

fn help(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    ch(&mut a, '?');
    a
}

fn bookmarks_only(w: u16, h: u16) -> App {
    let mut a = app_with(two_bookmarks(), w, h);
    ch(&mut a, 'B');
    a
}

fn narrow_detail(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    press(&mut a, KeyCode::Enter);
    a
}

fn learning(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    ch(&mut a, '2');
    a
}

fn learning_facet_toggled(w: u16, h: u16) -> App {
    let mut a = learning(w, h);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('j')); // Type: Webinar
    press(&mut a, KeyCode::Char(' '));
    a
}

fn learning_detail(w: u16, h: u16) -> App {
    let mut a = learning(w, h);
    press(&mut a, KeyCode::Tab);
    a
}

/// `b`, and the save coming back as the runtime reports it (the app shows
/// a bookmark only once the file holds it).
fn bookmark_here(a: &mut App) {
    let effects = update(
        a,
        Action::Key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE)),
    );
    let mut list = a.bookmarks.clone();
    for e in effects {
        if let Effect::Bookmark(change, _) = e {
            change.apply_to_list(&mut list, "2026-01-01T10:00:00Z");
        }
    }
    update(a, Action::BookmarksLoaded(list));
}

fn note_editor(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    bookmark_here(&mut a);
    ch(&mut a, 'e');
    typ(&mut a, "ask my manager");
    a
}

fn facets_overlay(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    ch(&mut a, 'f');
    a
}

type Screen = fn(u16, u16) -> App;

const SCREENS: &[(&str, Screen)] = &[
    ("first_screen", first_screen),
    ("after_query", after_query),
    ("facet_toggled", facet_toggled),
    ("network_detail", network_detail),
    ("help", help),
    ("bookmarks_only", bookmarks_only),
    ("narrow_detail", narrow_detail),
    ("learning", learning),
    ("learning_facet_toggled", learning_facet_toggled),
    ("learning_detail", learning_detail),
    ("note_editor", note_editor),
    ("facets_overlay", facets_overlay),
    ("commands", commands),
    ("typed_at_start", typed_at_start),
    ("help_end", help_end),
    ("detail_end", detail_end),
    ("filters", filters),
    ("filters_folded", filters_folded),
    ("filters_found", filters_found),
    ("nothing_matches", nothing_matches),
    ("learning_medium", learning_medium),
];

/// The screens this round changed, snapshotted at every size below.
const CHANGED: &[&str] = &[
    "first_screen",
    "typed_at_start",
    "commands",
    "help",
    "help_end",
    "detail_end",
    "filters",
    "filters_folded",
    "filters_found",
    "nothing_matches",
    "note_editor",
    "learning_medium",
];

const SNAPSHOT_SIZES: &[(u16, u16)] = &[(140, 40), (90, 30), (70, 22), (40, 10)];

#[test]
fn changed_screens_at_four_sizes() {
    for name in CHANGED {
        let &(_, make) = SCREENS
            .iter()
            .find(|(n, _)| n == name)
            .expect("a screen of that name");
        for &(w, h) in SNAPSHOT_SIZES {
            let a = make(w, h);
            let term = draw(&a, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), term.backend());
        }
    }
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

#[test]
fn first_screen_140x40() {
    let a = first_screen(140, 40);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains("8 of 8 · 0 bookmarked"), "{text}");
    assert!(text.contains(" Filters "), "{text}");
    assert!(text.contains("▶ Coastal Coders Guild"), "{text}");
    insta::assert_snapshot!("first_screen_140x40", term.backend());
}

#[test]
fn after_typing_a_query_140x40() {
    let a = after_query(140, 40);
    assert_eq!(a.focus, Focus::Search);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains(" / data▏"), "{text}");
    assert!(!text.contains("Hearth and Home"), "{text}");
    insta::assert_snapshot!("after_query_140x40", term.backend());
}

#[test]
fn facet_toggled_140x40() {
    let a = facet_toggled(140, 40);
    assert_eq!(a.focus, Focus::Facets);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains("[x] Primary care"), "{text}");
    assert!(text.contains("sector: Primary care ×"), "{text}");
    assert!(text.contains("2 of 8"), "{text}");
    insta::assert_snapshot!("facet_toggled_140x40", term.backend());
}

#[test]
fn network_detail_with_opportunities_140x40() {
    let a = network_detail(140, 40);
    assert_eq!(a.focus, Focus::Detail);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains("Learning and training"), "{text}");
    assert!(text.contains("Clinical coding foundation course"), "{text}");
    assert!(text.contains("Coders' buddy scheme"), "{text}");
    insta::assert_snapshot!("network_detail_140x40", term.backend());
}

#[test]
fn help_overlay_140x40() {
    let a = help(140, 40);
    assert_eq!(a.overlay, Overlay::Help);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains("Keys — Esc closes, j/k scroll"), "{text}");
    assert!(text.contains("Bookmark the network"), "{text}");
    assert!(text.contains("Ctrl-C        Quit (always"), "{text}");
    insta::assert_snapshot!("help_140x40", term.backend());
}

#[test]
fn bookmarks_only_140x40() {
    let a = bookmarks_only(140, 40);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    // The "★ bookmarks only" marker is checked in `bookmarks_only_marker_is_visible`.
    assert!(text.contains("2 of 2 · 2 bookmarked"), "{text}");
    // To join first, then joined; the second column is the bookmark mark.
    assert!(text.contains("▶★Thistle Informatics Society"), "{text}");
    assert!(text.contains(" ✓Northern Data Guild"), "{text}");
    assert!(!text.contains("Coastal Coders Guild"), "{text}");
    insta::assert_snapshot!("bookmarks_only_140x40", term.backend());
}

#[test]
fn bookmarks_only_marker_is_visible() {
    let a = bookmarks_only(140, 40);
    let text = text_of(&draw(&a, 140, 40));
    let header = text.lines().next().unwrap_or_default();
    assert!(header.contains("★ bookmarks only"), "{header}");
}

#[test]
fn medium_90x30() {
    let a = commands(90, 30);
    assert_eq!(a.layout(), Layout::Medium);
    let term = draw(&a, 90, 30);
    let text = text_of(&term);
    assert!(!text.contains(" Filters "), "{text}");
    assert!(text.contains("f filters"), "{text}");
    insta::assert_snapshot!("medium_90x30", term.backend());
}

#[test]
fn narrow_70x20() {
    let a = first_screen(70, 20);
    assert_eq!(a.layout(), Layout::Narrow);
    let term = draw(&a, 70, 20);
    let text = text_of(&term);
    assert!(text.contains("Networks"), "{text}");
    assert!(!text.contains("Who it is for"), "{text}");
    insta::assert_snapshot!("narrow_70x20", term.backend());
}

#[test]
fn narrow_70x20_detail_full_screen() {
    let a = narrow_detail(70, 20);
    assert_eq!(a.overlay, Overlay::Detail);
    let term = draw(&a, 70, 20);
    let text = text_of(&term);
    assert!(text.contains("Who it is for"), "{text}");
    assert!(!text.contains("Lakeland"), "{text}");
    insta::assert_snapshot!("narrow_detail_70x20", term.backend());
}

#[test]
fn too_small_30x8() {
    let a = first_screen(30, 8);
    assert_eq!(a.layout(), Layout::TooSmall);
    let term = draw(&a, 30, 8);
    let text = text_of(&term);
    assert!(text.contains("Terminal too small"), "{text}");
    assert!(text.contains("q or Ctrl-C quits"), "{text}");
    insta::assert_snapshot!("too_small_30x8", term.backend());
}

#[test]
fn learning_tab_140x40() {
    let a = learning(140, 40);
    assert_eq!(a.tab, Tab::Learning);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains("12 of 12 opportunities"), "{text}");
    assert!(text.contains(" Learning and training "), "{text}");
    assert!(text.contains("Type"), "{text}");
    insta::assert_snapshot!("learning_140x40", term.backend());
}

#[test]
fn learning_tab_facet_toggled_140x40() {
    let a = learning_facet_toggled(140, 40);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains("[x] Webinar"), "{text}");
    assert!(text.contains("3 of 12 opportunities"), "{text}");
    assert!(!text.contains("Practitioner registration"), "{text}");
    insta::assert_snapshot!("learning_facet_toggled_140x40", term.backend());
}

#[test]
fn learning_tab_detail_140x40() {
    let a = learning_detail(140, 40);
    assert_eq!(a.focus, Focus::Detail);
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains(" Opportunity "), "{text}");
    assert!(text.contains("Offered by"), "{text}");
    insta::assert_snapshot!("learning_detail_140x40", term.backend());
}

#[test]
fn note_editor_140x40() {
    let a = note_editor(140, 40);
    assert!(matches!(a.overlay, Overlay::Note { .. }));
    let term = draw(&a, 140, 40);
    let text = text_of(&term);
    assert!(text.contains("Note for CCG"), "{text}");
    assert!(text.contains("ask my manager▏"), "{text}");
    insta::assert_snapshot!("note_editor_140x40", term.backend());
}

#[test]
fn facets_overlay_90x30() {
    let a = facets_overlay(90, 30);
    assert_eq!(a.overlay, Overlay::Facets);
    let term = draw(&a, 90, 30);
    let text = text_of(&term);
    assert!(text.contains(" Filters "), "{text}");
    assert!(text.contains("[ ] NHS acute trusts"), "{text}");
    insta::assert_snapshot!("facets_overlay_90x30", term.backend());
}

// ---------------------------------------------------------------------------
// Every screen at many sizes
// ---------------------------------------------------------------------------

const WIDTHS: &[u16] = &[
    1, 2, 3, 5, 10, 20, 30, 39, 40, 41, 60, 79, 80, 81, 99, 100, 119, 120, 121, 160, 200, 300,
];
const HEIGHTS: &[u16] = &[1, 2, 3, 4, 5, 8, 9, 10, 11, 15, 20, 30, 40, 60, 100];

/// A size of each layout, to build each screen's state in.
const BASES: &[(u16, u16)] = &[(140, 40), (90, 30), (70, 20), (30, 8)];

fn render_to(app: &App, w: u16, h: u16) -> Buffer {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    ui::render(app, &theme(), area, &mut buf);
    buf
}

/// Each screen, built in each layout, then resized through every size (as a
/// user dragging the window) and drawn at each.
#[test]
fn every_screen_renders_at_every_size() {
    let mut renders = 0;
    for &(name, make) in SCREENS {
        for &(bw, bh) in BASES {
            let mut a = make(bw, bh);
            for &w in WIDTHS {
                for &h in HEIGHTS {
                    update(&mut a, Action::Resize(w, h));
                    let result = std::panic::catch_unwind(|| render_to(&a, w, h));
                    let buf = result.unwrap_or_else(|_| {
                        panic!("{name} (built at {bw}x{bh}) panicked at {w}x{h}")
                    });
                    assert_eq!(buf.area, Rect::new(0, 0, w, h));
                    if a.layout() == Layout::TooSmall && w >= 18 {
                        assert!(ui::buffer_text(&buf).contains("Terminal too small"));
                    }
                    renders += 1;
                }
            }
        }
    }
    assert_eq!(
        renders,
        SCREENS.len() * BASES.len() * WIDTHS.len() * HEIGHTS.len()
    );
}

/// The terminal may already have its new size when the app draws before the
/// resize event arrives: the screen must draw at any area whatever the state.
#[test]
fn every_screen_renders_when_the_area_differs_from_the_app_size() {
    const W: &[u16] = &[1, 10, 39, 40, 79, 80, 119, 120, 300];
    const H: &[u16] = &[1, 9, 10, 20, 100];
    for &(name, make) in SCREENS {
        for &(aw, ah) in BASES {
            let a = make(aw, ah);
            for &w in W {
                for &h in H {
                    let result = std::panic::catch_unwind(|| render_to(&a, w, h));
                    assert!(
                        result.is_ok(),
                        "{name} (state at {aw}x{ah}) panicked drawn at {w}x{h}"
                    );
                }
            }
        }
    }
}

#[test]
fn long_lists_scroll_and_draw_at_the_bottom() {
    // The last row selected on a short screen: still drawn, still marked.
    let mut a = app(70, 10);
    ch(&mut a, 'G');
    let text = ui::buffer_text(&render_to(&a, 70, 10));
    assert!(text.contains("▶ Valley Library"), "{text}");
}

// ---------------------------------------------------------------------------
// Hostile text
// ---------------------------------------------------------------------------

/// Names and descriptions carrying escape sequences, bidi overrides, zero-width
/// and tag characters as TOML escapes (shared with tests/it/hostile_cli.rs).
const HOSTILE: &str = include_str!("../fixtures/hostile/hostile.toml");

fn hostile_catalogue() -> Catalogue {
    common::catalogue_from("hostile.toml", HOSTILE)
}

/// ESC, BEL, a bidi override and a zero-width space.
const FORBIDDEN: &[char] = &['\u{1b}', '\u{7}', '\u{202e}', '\u{200b}'];

/// Those, and what else the catalogue sanitiser replaces or removes and the
/// hostile fixture holds: isolates, a tag character, the line separator, C1
/// controls (NEL, CSI), DEL, a joiner between letters and a BOM.
const FORBIDDEN_FROM_CATALOGUE: &[char] = &[
    '\u{1b}',
    '\u{7}',
    '\u{202e}',
    '\u{200b}',
    '\u{2066}',
    '\u{2069}',
    '\u{e0041}',
    '\u{2028}',
    '\u{85}',
    '\u{7f}',
    '\u{9b}',
    '\u{200d}',
    '\u{feff}',
];

fn assert_clean(buf: &Buffer, what: &str, forbidden: &[char]) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            for &bad in forbidden {
                assert!(
                    !sym.contains(bad),
                    "{what}: cell ({x},{y}) holds U+{:04X}: {sym:?}",
                    bad as u32
                );
            }
        }
    }
}

#[test]
fn hostile_catalogue_text_never_reaches_a_cell() {
    let cat = hostile_catalogue();
    assert_eq!(cat.networks.len(), 1);
    let net = &cat.networks[0];
    for text in [
        &cat.info.name,
        &net.name,
        &net.summary,
        &net.opportunities[0].title,
    ] {
        assert!(
            !text.contains(FORBIDDEN_FROM_CATALOGUE),
            "sanitised where it enters: {text:?}"
        );
    }
    // Controls and overrides are made visible, not silently dropped.
    assert!(net.name.contains('\u{FFFD}'), "{:?}", net.name);
    let bookmarks = vec![bookmark("evil-network", BookmarkStatus::ToJoin, None)];
    let states: Vec<(&str, App)> = {
        let base = |w, h| {
            let mut a = App::new(hostile_catalogue(), bookmarks.clone(), Keymap::default());
            update(&mut a, Action::Resize(w, h));
            press(&mut a, KeyCode::Esc);
            a
        };
        let mut list = Vec::new();
        let a = base(200, 50);
        list.push(("list", a));
        let mut a = base(200, 50);
        press(&mut a, KeyCode::Tab);
        list.push(("detail", a));
        let mut a = base(200, 50);
        ch(&mut a, '2');
        list.push(("learning", a));
        let mut a = base(200, 50);
        ch(&mut a, '2');
        press(&mut a, KeyCode::Tab);
        list.push(("learning detail", a));
        let mut a = base(200, 50);
        press(&mut a, KeyCode::Tab);
        press(&mut a, KeyCode::Tab);
        facet_cursor_to(&mut a, "sector", "social-care");
        ch(&mut a, ' ');
        list.push(("facet chips", a));
        let mut a = base(200, 50);
        ch(&mut a, 'e');
        list.push(("note editor", a));
        let mut a = base(70, 40);
        press(&mut a, KeyCode::Enter);
        list.push(("narrow detail", a));
        let mut a = base(90, 40);
        ch(&mut a, 'f');
        list.push(("facets overlay", a));
        list
    };
    for (what, a) in &states {
        let buf = render_to(a, a.width, a.height);
        assert_clean(&buf, what, FORBIDDEN_FROM_CATALOGUE);
        let text = ui::buffer_text(&buf);
        // The text is there, made harmless, not dropped.
        match *what {
            "list" | "facet chips" => {
                assert!(text.contains("Evil"), "{what}: {text}");
                assert!(text.contains('\u{FFFD}'), "{what}: {text}");
            }
            "detail" | "narrow detail" => {
                assert!(text.contains("Summary"), "{what}: {text}");
                assert!(text.contains("Line two"), "{what}: {text}");
            }
            "learning" | "learning detail" => {
                assert!(text.contains("Course"), "{what}: {text}")
            }
            "note editor" => assert!(text.contains("Note for EVIL"), "{what}: {text}"),
            "facets overlay" => assert!(text.contains("Social"), "{what}: {text}"),
            _ => unreachable!(),
        }
        // Also through a real Terminal, as the runtime draws.
        let term = draw(a, a.width, a.height);
        assert_clean(term.backend().buffer(), what, FORBIDDEN_FROM_CATALOGUE);
    }
}

/// Text the user types (or pastes: bracketed paste is off, so a paste arrives
/// as key presses) never keeps hidden characters, and never reaches the screen raw.
#[test]
fn typed_bidi_and_zero_width_never_reach_a_cell() {
    let mut a = app(140, 40);
    ch(&mut a, '/');
    typ(&mut a, "da\u{202e}ta\u{200b}");
    assert_eq!(
        a.current().query,
        "data",
        "hidden characters are refused as typed"
    );
    assert_clean(&render_to(&a, 140, 40), "search line", FORBIDDEN);
    press(&mut a, KeyCode::Enter);
    bookmark_here(&mut a);
    ch(&mut a, 'e');
    typ(&mut a, "note \u{202e}\u{200b}x");
    assert!(matches!(&a.overlay, Overlay::Note { text, .. } if !text.contains('\u{202e}')));
    assert_clean(&render_to(&a, 140, 40), "note editor", FORBIDDEN);
}

#[test]
fn typed_tag_characters_never_reach_a_cell() {
    let mut a = app(140, 40);
    ch(&mut a, '/');
    typ(&mut a, "data\u{e0041}");
    assert_clean(&render_to(&a, 140, 40), "search line", &['\u{e0041}']);
    press(&mut a, KeyCode::Enter);
    bookmark_here(&mut a);
    ch(&mut a, 'e');
    typ(&mut a, "note\u{e0041}");
    assert_clean(&render_to(&a, 140, 40), "note editor", &['\u{e0041}']);
}

#[test]
fn partial_matches_show_below_a_divider_that_says_how_many_words() {
    let mut a = app(140, 40);
    ch(&mut a, '/');
    typ(&mut a, "guild data zzzqqq");
    let text = text_of(&draw(&a, 140, 40));
    assert!(text.contains("matching 2 of 3 words"), "{text}");
    assert!(text.contains("\"zzzqqq\" matched nothing"), "{text}");
    // The divider comes before the first result.
    let divider = text.find("matching 2 of 3").unwrap_or(usize::MAX);
    let first = text.find("Northern Data Guild").unwrap_or(0);
    assert!(divider < first, "{text}");
}

#[test]
fn a_word_that_matches_nothing_is_named_with_a_suggestion() {
    let mut a = app(140, 40);
    ch(&mut a, '/');
    typ(&mut a, "guilf zzzqqq");
    let text = text_of(&draw(&a, 140, 40));
    assert!(text.contains("\"zzzqqq\" matched nothing"), "{text}");
}

// ---------------------------------------------------------------------------
// The chrome: keys named from the keymap, help and quit at every width
// ---------------------------------------------------------------------------

/// The header and footer rows of a screen.
fn chrome(a: &App, w: u16, h: u16) -> (String, String) {
    let text = ui::buffer_text(&render_to(a, w, h));
    let lines: Vec<&str> = text.lines().collect();
    (
        lines.first().copied().unwrap_or_default().to_string(),
        lines.last().copied().unwrap_or_default().to_string(),
    )
}

#[test]
fn header_and_footer_keep_help_quit_and_the_mode_at_every_width() {
    for w in 40..=200u16 {
        for h in [10u16, 24] {
            let typing = first_screen(w, h);
            let (head, foot) = chrome(&typing, w, h);
            assert!(head.ends_with("F1 help"), "{w}x{h} typing: {head:?}");
            assert!(
                foot.contains("typing: Esc for commands"),
                "{w}x{h}: {foot:?}"
            );
            assert!(foot.ends_with("Ctrl-C quit"), "{w}x{h} typing: {foot:?}");

            let mut commands = commands(w, h);
            let (head, foot) = chrome(&commands, w, h);
            assert!(head.ends_with("? help"), "{w}x{h} commands: {head:?}");
            assert!(foot.contains("commands: / to search"), "{w}x{h}: {foot:?}");
            assert!(foot.ends_with("? help  q quit"), "{w}x{h}: {foot:?}");

            // A long message is cut before the help and quit keys are.
            update(
                &mut commands,
                Action::Status(
                    "Joining plan written to /home/someone/Documents/hinet-plan.md".into(),
                ),
            );
            let (_, foot) = chrome(&commands, w, h);
            assert!(foot.ends_with("q quit"), "{w}x{h} message: {foot:?}");
            assert!(foot.starts_with(" Joining plan"), "{w}x{h}: {foot:?}");

            // With bookmarks only on, too.
            let a = bookmarks_only(w, h);
            let (head, _) = chrome(&a, w, h);
            assert!(head.ends_with("? help"), "{w}x{h} bookmarks: {head:?}");
        }
    }
}

/// Every binding moved to its own function key, F13 upwards.
fn rebound_keymap() -> Keymap {
    let mut km = Keymap::default();
    for (i, b) in km.bindings.iter_mut().enumerate() {
        b.keys = vec![Key::plain(KeyCode::F(13 + i as u8))];
    }
    km
}

/// Runs of cells drawn in `style` (the theme's key style), row by row.
fn styled_runs(buf: &Buffer, style: Style) -> Vec<String> {
    let mut runs = Vec::new();
    for y in 0..buf.area.height {
        let mut run = String::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if cell.fg == style.fg.unwrap_or_default() {
                run.push_str(cell.symbol());
            } else if !run.trim().is_empty() {
                runs.push(std::mem::take(&mut run));
            } else {
                run.clear();
            }
        }
        if !run.trim().is_empty() {
            runs.push(run);
        }
    }
    runs
}

#[test]
fn rebinding_every_action_changes_every_key_named_on_screen() {
    let km = rebound_keymap();
    let labels: Vec<String> = km
        .bindings
        .iter()
        .flat_map(|b| b.keys.iter().map(|k| k.to_string()))
        .collect();
    let mut theme = theme();
    theme.key = Style::new().fg(Color::Rgb(1, 2, 3));
    // Phrases that spell a default key: none may be left.
    let defaults = [
        "Esc closes",
        "j/k",
        "q quit",
        "? help",
        "F1 help",
        "/ to search",
        "Esc for commands",
        "(b)",
        "x clear",
        "Enter saves",
        "Ctrl-U",
        "q or",
        "press b",
        "Enter here",
        "Tab 1",
        "Tab 2",
        "Esc then",
        "n wal",
        "1 Networks",
        "2 Learning",
    ];
    let mut checked = 0;
    for &(name, make) in SCREENS {
        for &(w, h) in &[(140, 40), (90, 30), (70, 22), (40, 10), (30, 8)] {
            let mut a = make(w, h);
            a.keymap = km.clone();
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            ui::render(&a, &theme, area, &mut buf);
            let text = ui::buffer_text(&buf);
            for d in defaults {
                assert!(!text.contains(d), "{name} {w}x{h}: {d:?} left in\n{text}");
            }
            assert!(
                !text.lines().nth(1).unwrap_or_default().starts_with(" / "),
                "{name} {w}x{h}: the search box is marked with the old key\n{text}"
            );
            for run in styled_runs(&buf, theme.key) {
                let mut rest = run.clone();
                let mut by_length = labels.clone();
                by_length.sort_by_key(|l| std::cmp::Reverse(l.len()));
                for l in by_length
                    .iter()
                    .map(String::as_str)
                    .chain(["Ctrl-C", "letters"])
                {
                    rest = rest.replace(l, "");
                }
                let rest = rest.replace(['/', '…', ' '], "");
                assert!(
                    rest.is_empty(),
                    "{name} {w}x{h}: a key not from the keymap: {run:?} ({rest:?})\n{text}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} key mentions checked");
}

// ---------------------------------------------------------------------------
// Wide characters: cut by the cells they take, not by characters
// ---------------------------------------------------------------------------

const WIDE: &str = r#"
[[vocabulary.sector]]
id = "wide-sector"
label = "医療情報と地域連携の推進ネットワーク"

[[network]]
id = "wide-network"
name = "日本語の医療情報ネットワーク研究会と🏥🏥🏥の仲間たちと全国の医療機関の情報担当者の集まり"
kind = "network"
summary = "Wide characters in every field: 医療情報。"
scope = ["wales"]
sectors = ["wide-sector"]
[[network.opportunity]]
title = "医療情報の入門講座🏥🏥 と実践ワークショップの長い題名"
type = "course"
[network.provenance]
sources = ["https://example.org/wide"]
as_of = 2025
"#;

fn wide_catalogue() -> Catalogue {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    let mut files = Vec::new();
    let mut paths = vec![root.join("catalogue.toml")];
    let mut nets: Vec<_> = std::fs::read_dir(root.join("networks"))
        .expect("the fixture's networks")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    nets.sort();
    paths.extend(nets);
    for p in paths {
        files.push(SourceFile {
            name: p.display().to_string(),
            text: std::fs::read_to_string(&p).expect("a fixture file"),
        });
    }
    files.push(SourceFile {
        name: "wide.toml".into(),
        text: WIDE.into(),
    });
    hinet::catalogue::from_files(files, vec![])
        .unwrap_or_else(|e| panic!("the wide catalogue loads: {e:?}"))
}

/// The rows of a buffer as (symbol, x) per cell, skipping the blank cell
/// that follows a wide character.
fn row_cells(buf: &Buffer, y: u16) -> Vec<(String, u16)> {
    (0..buf.area.width)
        .map(|x| (buf[(x, y)].symbol().to_string(), x))
        .collect()
}

#[test]
fn wide_characters_are_cut_to_the_cells_they_take() {
    for (w, h) in [(140, 40), (100, 30), (70, 22), (40, 10)] {
        for tab in ['1', '2'] {
            let mut a = App::new(wide_catalogue(), Vec::new(), Keymap::default());
            ui::install(&mut a);
            update(&mut a, Action::Resize(w, h));
            press(&mut a, KeyCode::Esc);
            ch(&mut a, tab);
            // The wide ones sort last: bring them on screen.
            ch(&mut a, 'G');
            let buf = render_to(&a, w, h);
            let text = ui::buffer_text(&buf);
            let p = ui::layout::panes(Rect::new(0, 0, w, h));
            // The result row of the wide name or title ends in an ellipsis
            // inside the pane: its right border is whole on every row.
            let right = p.results.x + p.results.width - 1;
            for y in p.results.y..p.results.y + p.results.height {
                let s = buf[(right, y)].symbol();
                assert!(
                    ["┃", "┓", "┛", "│", "┐", "┘"].contains(&s),
                    "tab {tab} {w}x{h}: row {y} ends in {s:?}\n{text}"
                );
            }
            let wide_row = (0..h).find(|y| {
                row_cells(&buf, *y)
                    .iter()
                    .any(|(s, x)| *x > p.results.x && *x < right && (s == "日" || s == "医"))
            });
            let y = wide_row.unwrap_or_else(|| panic!("tab {tab} {w}x{h}: no wide row\n{text}"));
            let row: String = row_cells(&buf, y)
                .into_iter()
                .filter(|(_, x)| *x > p.results.x && *x < right)
                .map(|(s, _)| s)
                .collect();
            // Cut with an ellipsis, or there whole.
            let whole = a
                .catalogue
                .network("wide-network")
                .map(|n| {
                    if tab == '1' {
                        n.name.clone()
                    } else {
                        n.opportunities[0].title.clone()
                    }
                })
                .unwrap_or_default()
                .replace(' ', "");
            assert!(
                row.contains('…') || row.replace(' ', "").contains(&whole),
                "tab {tab} {w}x{h}: {row:?}\n{text}"
            );
        }
    }
    // The filter pane: the wide label is cut and its count stays in view.
    let mut a = App::new(wide_catalogue(), Vec::new(), Keymap::default());
    update(&mut a, Action::Resize(140, 40));
    let buf = render_to(&a, 140, 40);
    let text = ui::buffer_text(&buf);
    let f = ui::layout::panes(Rect::new(0, 0, 140, 40))
        .facets
        .expect("the wide layout has filters");
    let right = f.x + f.width - 1;
    let y = (f.y..f.y + f.height)
        .find(|y| buf[(f.x + 5, *y)].symbol() == "医")
        .unwrap_or_else(|| panic!("the wide sector is listed\n{text}"));
    let row: String = (f.x + 1..right).map(|x| buf[(x, y)].symbol()).collect();
    assert!(row.contains('…'), "{row:?}");
    assert_eq!(buf[(right - 1, y)].symbol(), "1", "the count: {row:?}");
    assert_eq!(buf[(right, y)].symbol(), "│", "the border: {row:?}");
}

#[test]
fn learning_titles_are_whole_at_100_columns() {
    // The network, then the type, go before the title is cut.
    let mut a = learning(100, 30);
    ch(&mut a, 'g');
    let text = text_of(&draw(&a, 100, 30));
    let titles: Vec<String> = a
        .catalogue
        .networks
        .iter()
        .flat_map(|n| {
            n.opportunities
                .iter()
                .map(|o| o.title.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(titles.len() >= 10);
    for t in &titles {
        assert!(text.contains(t.as_str()), "{t:?} is cut\n{text}");
    }
    // Where there is room, the network is still named.
    let wide = learning(140, 40);
    let text = text_of(&draw(&wide, 140, 40));
    assert!(
        text.contains("Annual informatics summit — TIS · Conference"),
        "{text}"
    );
}
