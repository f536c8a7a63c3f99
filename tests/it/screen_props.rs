//! No panic, ever, on the screen (issue #6, point 5): a property test drives
//! `update` with random action sequences - keys over a broad alphabet, mouse
//! events anywhere, resizes, bookmark lists from "another copy", status lines -
//! and after each one draws the app through a `Terminal` over a `TestBackend`
//! of a random size from 1x1 to 300x100 (often not the app's own size).
//!
//! Catalogues: the small fixture, an empty one, and generated ones with very
//! long names and summaries (with and without spaces), wide CJK, emoji with
//! ZWJ sequences, flags and skin tones, combining marks, right-to-left text,
//! and control, bidi, zero-width and tag characters written as TOML escapes.
//!
//! Besides "no panic", each step checks what must hold: no drawn cell holds a
//! character the sanitiser forbids; the selection is always one of the
//! results and on screen; the facet cursor is in range; the focus is on a
//! pane the layout shows; typed text stays clean and capped; and the app's
//! bookmarks are what the file would hold after the effects it asked for
//! (the effects are carried out as `tui::run_effect` does, in memory).
//!
//! `PROPTEST_CASES` sets the number of cases (default 96).

use std::fmt::Write as _;

use hinet::app::{Action, App, Command, Effect, Focus, Keymap, Layout, Overlay, update};
use hinet::bookmarks::{self, Bookmark, BookmarkStatus, Change, MAX_NOTE_CHARS, Saved, Step};
use hinet::catalogue::Catalogue;
use hinet::config::ThemeName;
use hinet::text::sanitize;
use hinet::ui::{self, Theme};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use crate::common;
use common::small;

/// The time the simulated bookmarks file stamps on new bookmarks.
const NOW: &str = "2026-11-24T10:00:00Z";

/// The longest query the search box keeps (`App::search_key`).
const MAX_QUERY_CHARS: usize = 200;

// ---------------------------------------------------------------------------
// Catalogues
// ---------------------------------------------------------------------------

/// A catalogue with a `[catalogue]` table and no networks, as a user might
/// start one. The loader accepts it.
fn empty() -> Catalogue {
    common::catalogue_from(
        "empty.toml",
        "[catalogue]\nname = \"Empty\"\nformat = 1\nupdated = 2026-01-01\n",
    )
}

/// Pieces of text that stress the screen. Control, bidi, zero-width and tag
/// characters go into the TOML as escapes, so they reach the loader raw.
const ATOMS: &[&str] = &[
    "data",
    "network",
    "NHS",
    "informatics",
    " ",
    " ",
    "日本語の保健情報ネットワーク",
    "健康数据网络",
    "보건 정보",
    "ＷＩＤＥ",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳\u{fe0f}\u{200d}🌈",
    "🧑🏽\u{200d}⚕\u{fe0f}",
    "🇬🇧🇯🇵🇺🇦",
    "👍🏽",
    "☃\u{fe0f}",
    "e\u{301}\u{302}\u{303}\u{304}",
    "Z\u{336}\u{337}\u{338}a\u{35c}\u{361}l",
    "\u{301}",
    "\u{fe0f}",
    "\u{ad}",
    "شبكة المعلوماتية الصحية",
    "רשת",
    "ก\u{e34}\u{e49}",
    "\u{1b}]0;title\u{7}",
    "\u{1b}]52;c;aGk=\u{7}",
    "\u{1b}[2J\u{1b}[31m",
    "\u{9b}31m",
    "\u{85}",
    "\u{7f}",
    "\u{202e}desrever",
    "\u{2066}iso\u{2069}",
    "\u{200b}",
    "\u{200d}",
    "\u{2060}\u{feff}",
    "\u{e0041}\u{e007f}",
    "\r\n",
    "\t",
    "\u{2028}\u{2029}",
];

/// Text made of `atoms` (indexes into `ATOMS`), `long` copies of a run with
/// no spaces, and a visible start so that a required field is never empty.
#[derive(Clone, Debug)]
struct Text {
    atoms: Vec<usize>,
    long: usize,
    wide: bool,
}

impl Text {
    /// The text, cut to `max` characters (the loader refuses longer fields;
    /// the cut may split a grapheme, which is more stress still).
    fn build(&self, start: &str, max: usize) -> String {
        self.full(start).chars().take(max).collect()
    }

    fn full(&self, start: &str) -> String {
        let mut s = start.to_string();
        for &a in &self.atoms {
            s.push_str(ATOMS[a % ATOMS.len()]);
        }
        let run = if self.wide { "情報" } else { "abcdefghij" };
        for _ in 0..self.long {
            s.push_str(run);
        }
        s
    }
}

fn text(max_atoms: usize, max_long: usize) -> impl Strategy<Value = Text> {
    (
        prop::collection::vec(0..ATOMS.len(), 0..=max_atoms),
        prop_oneof![3 => Just(0usize), 1 => 0..=max_long],
        any::<bool>(),
    )
        .prop_map(|(atoms, long, wide)| Text { atoms, long, wide })
}

#[derive(Clone, Debug)]
struct NetSpec {
    name: Text,
    short_name: Option<Text>,
    summary: Text,
    description: Option<Text>,
    tags: Vec<Text>,
    website: bool,
    opportunities: Vec<(Text, Option<Text>)>,
}

fn net_spec() -> impl Strategy<Value = NetSpec> {
    (
        text(8, 40),
        prop::option::of(text(3, 8)),
        text(20, 100),
        prop::option::of(text(30, 200)),
        prop::collection::vec(text(2, 4), 0..3),
        any::<bool>(),
        prop::collection::vec((text(6, 30), prop::option::of(text(10, 60))), 0..3),
    )
        .prop_map(
            |(name, short_name, summary, description, tags, website, opportunities)| NetSpec {
                name,
                short_name,
                summary,
                description,
                tags,
                website,
                opportunities,
            },
        )
}

/// A TOML basic string holding `s` exactly: controls as `\uXXXX` escapes.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                write!(out, "\\u{:04X}", c as u32).expect("write to a string");
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The TOML of a generated catalogue.
fn stress_toml(label: &Text, nets: &[NetSpec]) -> String {
    let mut t = String::new();
    let w = &mut t;
    let s = |x: &Text, start: &str, max: usize| toml_str(&x.build(start, max));
    writeln!(
        w,
        "[catalogue]\nname = {}\nformat = 1\nupdated = 2026-01-01\n",
        s(label, "Stress ", 200)
    )
    .expect("write");
    for (kind, id) in [
        ("kind", "network"),
        ("scope", "uk-wide"),
        ("sector", "social-care"),
        ("career_stage", "early-career"),
        ("opportunity_type", "course"),
    ] {
        writeln!(
            w,
            "[[vocabulary.{kind}]]\nid = \"{id}\"\nlabel = {}\n",
            s(label, "L ", 100)
        )
        .expect("write");
    }
    for (i, n) in nets.iter().enumerate() {
        writeln!(w, "[[network]]\nid = \"stress-{i}\"").expect("write");
        writeln!(w, "name = {}", s(&n.name, &format!("N{i} "), 200)).expect("write");
        if let Some(short) = &n.short_name {
            writeln!(w, "short_name = {}", s(short, "S", 60)).expect("write");
        }
        writeln!(
            w,
            "kind = \"network\"\nsummary = {}",
            s(&n.summary, "Sum ", 1000)
        )
        .expect("write");
        if let Some(d) = &n.description {
            writeln!(w, "description = {}", s(d, "Desc\n", 10_000)).expect("write");
        }
        if n.website {
            writeln!(w, "website = \"https://example.org/stress-{i}\"").expect("write");
        }
        let tags: Vec<String> = n.tags.iter().map(|x| s(x, "t", 60)).collect();
        writeln!(
            w,
            "scope = [\"uk-wide\"]\nsectors = [\"social-care\"]\ncareer_stages = [\"early-career\"]\ntags = [{}]",
            tags.join(", ")
        )
        .expect("write");
        for (title, summary) in &n.opportunities {
            writeln!(
                w,
                "\n[[network.opportunity]]\ntitle = {}\ntype = \"course\"\ncareer_stages = [\"early-career\"]",
                s(title, "Opp ", 300)
            )
            .expect("write");
            if let Some(sm) = summary {
                writeln!(w, "summary = {}", s(sm, "About ", 2000)).expect("write");
            }
        }
        writeln!(w).expect("write");
    }
    t
}

#[derive(Clone, Debug)]
enum CatSpec {
    Small,
    Empty,
    Stress(Text, Vec<NetSpec>),
}

fn cat_spec() -> impl Strategy<Value = CatSpec> {
    prop_oneof![
        2 => Just(CatSpec::Small),
        1 => Just(CatSpec::Empty),
        3 => (text(6, 20), prop::collection::vec(net_spec(), 1..8))
            .prop_map(|(l, n)| CatSpec::Stress(l, n)),
    ]
}

fn build_catalogue(spec: &CatSpec) -> Catalogue {
    match spec {
        CatSpec::Small => small(),
        CatSpec::Empty => empty(),
        CatSpec::Stress(label, nets) => {
            common::catalogue_from("stress.toml", &stress_toml(label, nets))
        }
    }
}

// ---------------------------------------------------------------------------
// Bookmarks
// ---------------------------------------------------------------------------

/// One bookmark to make: a network of the catalogue (by position, wrapped)
/// or one that has left it, with a status and a note.
#[derive(Clone, Debug)]
struct BmSpec {
    network: usize,
    gone: bool,
    joined: bool,
    note: Option<Text>,
}

fn bm_specs() -> impl Strategy<Value = Vec<BmSpec>> {
    prop::collection::vec(
        (
            any::<usize>(),
            prop::bool::weighted(0.2),
            any::<bool>(),
            prop::option::of(text(6, 60)),
        )
            .prop_map(|(network, gone, joined, note)| BmSpec {
                network,
                gone,
                joined,
                note,
            }),
        0..6,
    )
}

/// The list as the bookmarks file would give it: made with the library's own
/// edits, which sanitise ids and notes where they enter.
fn build_bookmarks(cat: &Catalogue, specs: &[BmSpec]) -> Vec<Bookmark> {
    let mut list = Vec::new();
    for (i, b) in specs.iter().enumerate() {
        let id = match cat.networks.len() {
            n if n > 0 && !b.gone => cat.networks[b.network % n].id.clone(),
            _ => format!("gone-network-{i}"),
        };
        bookmarks::add(&mut list, &id, NOW);
        if b.joined {
            bookmarks::set_status(&mut list, &id, BookmarkStatus::Joined);
        }
        if let Some(note) = &b.note {
            bookmarks::set_note(&mut list, &id, Some(&note.full("")));
        }
    }
    list
}

// ---------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------

/// Characters typed: the keymap's keys, printable ASCII, and what must never
/// reach the screen or the bookmarks file raw.
fn key_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'j', 'k', 'g', 'G', 'b', 'B', 's', 'e', 'E', 'f', 'o', 'y', 'x', '1', '2', '?', '/',
            ' ', 'q', 'c', 'u', 'w',
        ]),
        3 => prop::char::range(' ', '~'),
        2 => prop::sample::select(vec![
            '日', '情', 'Ｗ', '😀', '🇬', '\u{301}', '\u{fe0f}', 'ش', '\u{ad}', '…',
        ]),
        1 => prop::sample::select(vec![
            '\u{1b}', '\u{7}', '\u{0}', '\n', '\r', '\t', '\u{7f}', '\u{85}', '\u{9b}',
            '\u{202e}', '\u{2066}', '\u{200b}', '\u{200d}', '\u{2060}', '\u{feff}',
            '\u{2028}', '\u{e0041}',
        ]),
        1 => any::<char>(),
    ]
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        8 => key_char().prop_map(KeyCode::Char),
        6 => prop::sample::select(vec![
            KeyCode::Backspace,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Delete,
            KeyCode::Insert,
            KeyCode::Null,
        ]),
        1 => (1u8..=24).prop_map(KeyCode::F),
    ]
}

fn modifiers() -> impl Strategy<Value = KeyModifiers> {
    prop_oneof![
        8 => Just(KeyModifiers::NONE),
        2 => Just(KeyModifiers::SHIFT),
        2 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::CONTROL | KeyModifiers::ALT),
        1 => Just(KeyModifiers::CONTROL | KeyModifiers::SHIFT),
    ]
}

fn mouse() -> impl Strategy<Value = MouseEvent> {
    let button = prop::sample::select(vec![
        MouseButton::Left,
        MouseButton::Right,
        MouseButton::Middle,
    ]);
    let kind = prop_oneof![
        4 => Just(MouseEventKind::Down(MouseButton::Left)),
        1 => button.clone().prop_map(MouseEventKind::Down),
        1 => button.clone().prop_map(MouseEventKind::Up),
        1 => button.prop_map(MouseEventKind::Drag),
        1 => Just(MouseEventKind::Moved),
        2 => Just(MouseEventKind::ScrollDown),
        2 => Just(MouseEventKind::ScrollUp),
        1 => Just(MouseEventKind::ScrollLeft),
        1 => Just(MouseEventKind::ScrollRight),
    ];
    // Mostly within a large screen, sometimes anywhere at all.
    let column = prop_oneof![4 => 0u16..=320, 1 => any::<u16>()];
    let row = prop_oneof![4 => 0u16..=120, 1 => any::<u16>()];
    (kind, column, row, modifiers()).prop_map(|(kind, column, row, modifiers)| MouseEvent {
        kind,
        column,
        row,
        modifiers,
    })
}

const COMMANDS: &[Command] = &[
    Command::Quit,
    Command::Search,
    Command::Down,
    Command::Up,
    Command::Top,
    Command::Bottom,
    Command::PageDown,
    Command::PageUp,
    Command::NextPane,
    Command::PrevPane,
    Command::Toggle,
    Command::Open,
    Command::ClearFilters,
    Command::Bookmark,
    Command::BookmarksOnly,
    Command::CycleStatus,
    Command::EditNote,
    Command::Export,
    Command::Facets,
    Command::OpenLink,
    Command::CopyLink,
    Command::Networks,
    Command::Learning,
    Command::Help,
    Command::Back,
];

/// An action before it meets the catalogue (bookmark lists need its ids).
#[derive(Clone, Debug)]
enum Act {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Command(Command),
    Resize(u16, u16),
    /// Another copy of hinet saved this list.
    Loaded(Vec<BmSpec>),
    Status(Text),
    /// Text pasted into the terminal, raw: the app must clean it.
    Paste(Text),
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        30 => (key_code(), modifiers()).prop_map(|(c, m)| Act::Key(KeyEvent::new(c, m))),
        8 => mouse().prop_map(Act::Mouse),
        3 => prop::sample::select(COMMANDS).prop_map(Act::Command),
        5 => prop_oneof![
            6 => (1u16..=300, 1u16..=100),
            1 => (0u16..=2, 0u16..=2),
            1 => (0u16..=400, 0u16..=150),
        ]
        .prop_map(|(w, h)| Act::Resize(w, h)),
        1 => bm_specs().prop_map(Act::Loaded),
        1 => text(6, 40).prop_map(Act::Status),
        2 => text(12, 60).prop_map(Act::Paste),
    ]
}

/// The size to draw at after a step: the app's own (as after a resize
/// event), or another (the terminal may change size before the event comes).
fn draw_size() -> impl Strategy<Value = Option<(u16, u16)>> {
    prop_oneof![
        1 => Just(None),
        1 => (1u16..=300, 1u16..=100).prop_map(Some),
    ]
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

/// Carry out an effect as `tui::run_effect` does, with the bookmarks file
/// held in memory: a change is applied to the file's list, and what it did
/// and the list are reported back.
fn run_effect(disk: &mut Vec<Bookmark>, effect: Effect) -> Action {
    match effect {
        Effect::Bookmark(change, why) => {
            let id = change.id().to_string();
            let snap = |d: &[Bookmark]| d.iter().find(|b| b.id == id).map(Saved::from_bookmark);
            let before = snap(disk);
            change.apply_to_list(disk, NOW);
            let after = snap(disk);
            Action::BookmarkSaved {
                why,
                steps: vec![Step {
                    id: id.clone(),
                    before,
                    after,
                }],
                bookmarks: disk.clone(),
            }
        }
        Effect::ReloadBookmarks => Action::BookmarksLoaded(disk.clone()),
        Effect::OpenUrl { url, what } => Action::Status(hinet::app::opened_message(&url, &what)),
        Effect::Copy { text, what } => Action::Status(hinet::app::copied_message(&text, &what)),
        Effect::ExportPlan => Action::Sticky(
            "Joining plan written to your Documents folder: /home/someone/Documents/hinet-joining-plan-2026-11-24.md".into(),
        ),
        Effect::SaveProfile(_) => Action::Status("Profile saved".into()),
        Effect::Search(request) => request.answer(request.run()),
        // Never asked for here: these apps have both indexes from the start.
        Effect::OpenLearning => Action::Status("opened".into()),
    }
}

fn theme() -> Theme {
    Theme::new(ThemeName::Default)
}

/// Draw as the runtime does, through a `Terminal`.
fn draw(app: &App, theme: &Theme, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| ui::draw(f, app, theme))
        .expect("drawing succeeds");
    terminal.backend().buffer().clone()
}

/// What each drawn screen must satisfy.
fn check_screen(buf: &Buffer, w: u16, h: u16, step: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(buf.area, Rect::new(0, 0, w, h), "{}", step);
    for y in 0..h {
        for x in 0..w {
            let sym = buf[(x, y)].symbol();
            if let Some(bad) = sym.chars().find(|&c| sanitize::is_forbidden(c)) {
                prop_assert!(
                    false,
                    "{}: cell ({},{}) holds U+{:04X}: {:?}",
                    step,
                    x,
                    y,
                    bad as u32,
                    sym
                );
            }
        }
    }
    if Layout::for_size(w, h) == Layout::TooSmall && w >= 18 {
        prop_assert!(
            ui::buffer_text(buf).contains("Terminal too small"),
            "{}: a too-small screen says so",
            step
        );
    }
    Ok(())
}

/// What the app's state must satisfy after every step.
fn check_state(app: &App, disk: &[Bookmark], step: &str) -> Result<(), TestCaseError> {
    let page = app.page_rows();
    for (t, tab) in app.tabs.iter().enumerate() {
        let hits = &tab.outcome.hits;
        match tab.selected {
            Some(sel) => {
                let row = tab.selected_row();
                prop_assert!(
                    row.is_some(),
                    "{}: tab {} selects document {} which is not among its {} results",
                    step,
                    t,
                    sel,
                    hits.len()
                );
                let row = row.unwrap_or_default();
                prop_assert!(
                    tab.offset <= row && row < tab.offset + page,
                    "{}: tab {}: the selected row {} is off screen (offset {}, {} rows)",
                    step,
                    t,
                    row,
                    tab.offset,
                    page
                );
            }
            None => prop_assert!(
                hits.is_empty(),
                "{}: tab {} has {} results and no selection",
                step,
                t,
                hits.len()
            ),
        }
        prop_assert!(
            tab.offset <= hits.len().saturating_sub(page),
            "{}: tab {} scrolled past its end (offset {}, {} results, {} rows)",
            step,
            t,
            tab.offset,
            hits.len(),
            page
        );
        let facet_values: usize = tab.index.facets.iter().map(|f| f.values.len()).sum();
        prop_assert!(
            tab.facet_cursor < facet_values.max(1),
            "{}: tab {}: facet cursor {} of {} values",
            step,
            t,
            tab.facet_cursor,
            facet_values
        );
        prop_assert!(tab.query.chars().count() <= MAX_QUERY_CHARS, "{}", step);
        prop_assert!(
            !tab.query
                .chars()
                .any(|c| sanitize::is_forbidden(c) || sanitize::is_invisible(c)),
            "{}: the query keeps a hidden character: {:?}",
            step,
            tab.query
        );
    }
    if let Overlay::Note { text, .. } = &app.overlay {
        prop_assert!(text.chars().count() <= MAX_NOTE_CHARS, "{}", step);
        // Typed characters are never hidden ones; a note being edited may
        // start with emoji joined by U+200D, which the file keeps.
        prop_assert!(
            !text.chars().any(sanitize::is_forbidden),
            "{}: the note keeps a hidden character: {:?}",
            step,
            text
        );
    }
    if app.overlay == Overlay::Detail {
        prop_assert_eq!(app.layout(), Layout::Narrow, "{}", step);
    }
    // The keyboard is always on a pane that is on screen: the search line
    // or one of the layout's panes (an overlay has the keyboard while it is
    // open, without taking the focus). A too-small screen shows no pane.
    let shown: &[Focus] = match app.layout() {
        Layout::Wide => &[Focus::Search, Focus::Facets, Focus::Results, Focus::Detail],
        Layout::Medium => &[Focus::Search, Focus::Results, Focus::Detail],
        Layout::Narrow => &[Focus::Search, Focus::Results],
        Layout::TooSmall => &[],
    };
    prop_assert!(
        shown.is_empty() || shown.contains(&app.focus),
        "{}: focus on {:?}, which a {:?} screen does not show",
        step,
        app.focus,
        app.layout()
    );
    // What is shown is what the file holds.
    prop_assert_eq!(app.bookmarks.as_slice(), disk, "{}", step);
    Ok(())
}

#[derive(Clone, Debug)]
struct Case {
    catalogue: CatSpec,
    bookmarks: Vec<BmSpec>,
    read_only: bool,
    start: (u16, u16),
    steps: Vec<(Act, Option<(u16, u16)>)>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        cat_spec(),
        bm_specs(),
        prop::bool::weighted(0.15),
        (1u16..=300, 1u16..=100),
        prop::collection::vec((act(), draw_size()), 1..=60),
    )
        .prop_map(|(catalogue, bookmarks, read_only, start, steps)| Case {
            catalogue,
            bookmarks,
            read_only,
            start,
            steps,
        })
}

fn run_case(case: &Case) -> Result<(), TestCaseError> {
    let theme = theme();
    let cat = build_catalogue(&case.catalogue);
    let mut disk = build_bookmarks(&cat, &case.bookmarks);
    let mut app = App::new(cat.clone(), disk.clone(), Keymap::default());
    if case.read_only {
        app.read_only = Some("bookmarks.toml is format 2, newer than this hinet".into());
    }
    // As the runtime starts: the terminal's size, then a first draw.
    update(&mut app, Action::Resize(case.start.0, case.start.1));
    let buf = draw(&app, &theme, case.start.0, case.start.1);
    check_screen(&buf, case.start.0, case.start.1, "the first screen")?;
    check_state(&app, &disk, "the first screen")?;

    for (i, (act, size)) in case.steps.iter().enumerate() {
        let action = match act {
            Act::Key(k) => Action::Key(*k),
            // As the event loop does: what is under the mouse on the
            // screen now, and nothing for the events the app ignores.
            Act::Mouse(m) => {
                let area = Rect::new(0, 0, app.width, app.height);
                match hinet::ui::mouse_action(&app, area, *m) {
                    Some(action) => action,
                    None => continue,
                }
            }
            Act::Command(c) => Action::Command(*c),
            Act::Resize(w, h) => Action::Resize(*w, *h),
            Act::Loaded(specs) => {
                disk = build_bookmarks(&cat, specs);
                Action::BookmarksLoaded(disk.clone())
            }
            Act::Status(t) => Action::Status(sanitize::line(&t.full("Status "), 300)),
            Act::Paste(t) => Action::Paste(t.full("\n")),
        };
        let step = format!("step {i} ({action:?})");
        let before = saved(&app.bookmarks);
        let effects = update(&mut app, action);
        // Nothing is shown as done before the file says so.
        if !matches!(act, Act::Loaded(_)) {
            prop_assert_eq!(
                &saved(&app.bookmarks),
                &before,
                "{}: bookmarks changed unsaved",
                step
            );
        }
        for effect in effects {
            if let Effect::Bookmark(change, _) = &effect {
                prop_assert!(
                    app.read_only.is_none(),
                    "{}: a read-only list changed",
                    step
                );
                check_change(change, &step)?;
            }
            let follow = run_effect(&mut disk, effect);
            update(&mut app, follow);
        }
        // The screen shows the file.
        prop_assert_eq!(
            saved(&app.bookmarks),
            saved(&disk),
            "{}: the file and the screen disagree",
            step
        );
        let (w, h) = size.unwrap_or((app.width.clamp(1, 300), app.height.clamp(1, 100)));
        let buf = draw(&app, &theme, w, h);
        let step = format!("{step} drawn at {w}x{h}");
        check_screen(&buf, w, h, &step)?;
        check_state(&app, &disk, &step)?;
    }
    Ok(())
}

/// A list as far as a save decides it: the `added` time is the clock's.
fn saved(list: &[Bookmark]) -> Vec<(String, BookmarkStatus, Option<String>)> {
    list.iter()
        .map(|b| (b.id.clone(), b.status, b.note.clone()))
        .collect()
}

/// A change asked of the file names a bookmark by a clean id, and a note
/// that the file would keep as it is.
fn check_change(change: &Change, step: &str) -> Result<(), TestCaseError> {
    let (id, note) = match change {
        Change::Add(id) | Change::Remove(id) | Change::Status(id, _) => (id, None),
        Change::Note(id, note) => (id, note.as_deref()),
        Change::Restore(id, saved) => (id, saved.as_ref().and_then(|s| s.bookmark.note.as_deref())),
    };
    prop_assert!(!id.is_empty(), "{}", step);
    for s in std::iter::once(id.as_str()).chain(note) {
        prop_assert!(!s.chars().any(sanitize::is_forbidden), "{}: {:?}", step, s);
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    /// Any sequence of actions, drawn at any size, never panics, never puts
    /// a hidden character on screen, and keeps the state consistent.
    #[test]
    fn any_actions_at_any_size_never_panic(case in case()) {
        run_case(&case)?;
    }
}

// ---------------------------------------------------------------------------
// The pieces the property relies on
// ---------------------------------------------------------------------------

/// The empty catalogue really is empty, and its screens draw: no results, no
/// selection, at the smallest and largest sizes.
#[test]
fn an_empty_catalogue_draws_at_every_extreme() {
    let cat = empty();
    assert!(cat.networks.is_empty());
    let mut app = App::new(cat, Vec::new(), Keymap::default());
    let theme = theme();
    for (w, h) in [(1, 1), (40, 10), (300, 100), (79, 24)] {
        update(&mut app, Action::Resize(w, h));
        for key in [
            KeyCode::Esc,
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Char('b'),
            KeyCode::Char('2'),
        ] {
            update(
                &mut app,
                Action::Key(KeyEvent::new(key, KeyModifiers::NONE)),
            );
        }
        assert!(
            app.tabs
                .iter()
                .all(|t| t.outcome.hits.is_empty() && t.selected.is_none())
        );
        let buf = draw(&app, &theme, w, h);
        check_screen(&buf, w, h, "empty").expect("a clean screen");
    }
}

/// Every generated catalogue loads (the property would fail otherwise), and
/// what it loads is clean, while the screen checks see hostile text arrive:
/// a catalogue of every atom, with the forbidden ones escaped in the TOML.
#[test]
fn the_stress_catalogue_loads_clean_and_draws_clean() {
    let all = Text {
        atoms: (0..ATOMS.len()).collect(),
        long: 30,
        wide: true,
    };
    let net = NetSpec {
        name: all.clone(),
        short_name: Some(all.clone()),
        summary: all.clone(),
        description: Some(all.clone()),
        tags: vec![all.clone()],
        website: true,
        opportunities: vec![(all.clone(), Some(all.clone()))],
    };
    let toml = stress_toml(&all, &[net.clone(), net]);
    assert!(
        toml.contains("\\u001B]0;title\\u0007"),
        "escapes reach the TOML"
    );
    let cat = build_catalogue(&CatSpec::Stress(all.clone(), Vec::new()));
    assert!(cat.networks.is_empty());
    let cat = common::catalogue_from("stress.toml", &toml);
    assert_eq!(cat.networks.len(), 2);
    let name = &cat.networks[0].name;
    assert!(name.contains('日') && name.contains('\u{FFFD}'), "{name:?}");
    assert!(!name.chars().any(sanitize::is_forbidden), "{name:?}");

    let theme = theme();
    let specs = vec![BmSpec {
        network: 0,
        gone: false,
        joined: true,
        note: Some(all),
    }];
    let list = build_bookmarks(&cat, &specs);
    let mut app = App::new(cat, list.clone(), Keymap::default());
    for (w, h) in [(300, 100), (120, 40), (80, 24), (60, 30)] {
        update(&mut app, Action::Resize(w, h));
        for key in [KeyCode::Tab, KeyCode::Enter] {
            update(
                &mut app,
                Action::Key(KeyEvent::new(key, KeyModifiers::NONE)),
            );
            let buf = draw(&app, &theme, w, h);
            check_screen(&buf, w, h, &format!("stress at {w}x{h}")).expect("a clean screen");
            check_state(&app, &list, "stress").expect("a consistent state");
        }
    }
}

/// The screen check can fail: a raw escape, a bidi override or a C1
/// control in a cell is caught.
#[test]
fn the_screen_check_catches_hidden_characters() {
    let buf = Buffer::empty(Rect::new(0, 0, 4, 1));
    assert!(check_screen(&buf, 4, 1, "blank").is_ok());
    for bad in ["\u{1b}", "a\u{202e}", "\u{9b}", "\u{200b}", "\u{e0041}"] {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf[(1, 0)].set_symbol(bad);
        assert!(check_screen(&buf, 4, 1, "hidden").is_err(), "{bad:?}");
    }
    // The wrong size, and a too-small screen that does not say so.
    assert!(check_screen(&buf, 5, 1, "size").is_err());
    let buf = Buffer::empty(Rect::new(0, 0, 20, 1));
    assert!(check_screen(&buf, 20, 1, "too small").is_err());
}

// ---------------------------------------------------------------------------
// Problems the property found, kept as regression tests
// ---------------------------------------------------------------------------

/// Cells whose grapheme starts or ends with a zero-width joiner: a joiner
/// that joins nothing in its cell (and may join across cells on a terminal).
fn dangling_joiners(buf: &Buffer) -> Vec<(u16, u16, String)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            if sym.starts_with('\u{200d}') || sym.ends_with('\u{200d}') {
                out.push((x, y, sym.to_string()));
            }
        }
    }
    out
}

/// `ui::truncate` once cut by characters, so it could cut inside an emoji ZWJ
/// sequence and leave a dangling U+200D before the `…` (here a vocabulary
/// label in the learning list at 80x10). The minimal case the property found.
#[test]
fn truncated_emoji_sequences_leave_no_dangling_joiner() {
    let family = Text {
        atoms: vec![10],
        long: 0,
        wide: false,
    };
    let plain = Text {
        atoms: Vec::new(),
        long: 0,
        wide: false,
    };
    let net = NetSpec {
        name: plain.clone(),
        short_name: None,
        summary: plain,
        description: None,
        tags: Vec::new(),
        website: false,
        opportunities: vec![(
            Text {
                atoms: vec![25],
                long: 0,
                wide: false,
            },
            None,
        )],
    };
    let cat = build_catalogue(&CatSpec::Stress(family, vec![net]));
    let mut app = App::new(cat, Vec::new(), Keymap::default());
    update(&mut app, Action::Resize(80, 10));
    for code in [KeyCode::Esc, KeyCode::Char('2')] {
        update(
            &mut app,
            Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
    }
    assert_eq!(app.tab, hinet::app::Tab::Learning);
    let buf = draw(&app, &theme(), 80, 10);
    assert_eq!(dangling_joiners(&buf), Vec::new());
    // The family takes two cells: in one, only the ellipsis.
    assert_eq!(ui::truncate("👨\u{200d}👩\u{200d}👧", 1), "…");
}

/// A click or wheel turn in the facets overlay (medium and narrow screens)
/// moves the keyboard to the facet pane, which stays focused, hidden, after
/// the overlay closes: `j` and Enter then change filters on a pane that is
/// not on screen.
#[test]
fn closing_the_facets_overlay_leaves_no_hidden_pane_focused() {
    let mut app = App::new(small(), Vec::new(), Keymap::default());
    update(&mut app, Action::Resize(90, 30));
    assert_eq!(app.layout(), Layout::Medium);
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE)),
    );
    let r = hinet::ui::layout::facets_overlay(Rect::new(0, 0, 90, 30));
    crate::common::mouse(&mut app, MouseEventKind::ScrollDown, r.x + 2, r.y + 2);
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert_eq!(app.overlay, Overlay::None);
    assert_ne!(
        app.focus,
        Focus::Facets,
        "the facet pane is not on a medium screen"
    );
}
