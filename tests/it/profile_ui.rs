//! "Which networks fit me?" in the app: the welcome questions (answer,
//! skip, reopen), the fit marks, the detail's sections, the narrowing key
//! and "first steps" — key sequences through `update`, and snapshots of the
//! screens at 140x40 and 70x22.

use hinet::app::{Action, App, Effect, Focus, Keymap, Tab, update};
use hinet::config::ThemeName;
use hinet::profile::Profile;
use hinet::query::DocRef;
use hinet::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common;
use common::small;

fn app_sized(keymap: Keymap, w: u16, h: u16) -> App {
    let mut app = App::new(small(), Vec::new(), keymap);
    update(&mut app, Action::Resize(w, h));
    app
}

fn app() -> App {
    app_sized(Keymap::default(), 140, 40)
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ch(app: &mut App, c: char) -> Vec<Effect> {
    key(app, KeyCode::Char(c))
}

/// Leave the search box (if the app starts in it) so letters are commands.
fn to_panes(app: &mut App) {
    if app.focus == Focus::Search {
        key(app, KeyCode::Esc);
    }
    app.status = None;
}

fn analyst_north_west() -> Profile {
    Profile {
        professions: vec!["data-analytics".into()],
        stage: Some("early-career".into()),
        scope: Some("region:north-west".into()),
        sectors: Vec::new(),
    }
}

fn entry_level() -> Profile {
    Profile {
        stage: Some("entry-student".into()),
        ..Profile::default()
    }
}

/// The network ids of the current tab's rows, in order.
fn network_rows(app: &App) -> Vec<String> {
    let t = app.current();
    t.outcome
        .hits
        .iter()
        .filter_map(|h| match t.index.refs[h.doc as usize] {
            DocRef::Network(n) | DocRef::Opportunity(n, _) => {
                app.catalogue.networks.get(n as usize).map(|n| n.id.clone())
            }
        })
        .collect()
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let theme = Theme::new(ThemeName::Default);
    terminal
        .draw(|f| ui::draw(f, app, &theme))
        .expect("draw succeeds");
    terminal
}

fn text(app: &App, w: u16, h: u16) -> String {
    ui::buffer_text(draw(app, w, h).backend().buffer())
}

// ---------------------------------------------------------------------------
// Key sequences
// ---------------------------------------------------------------------------

#[test]
fn answering_the_welcome_saves_the_profile_and_orders_by_fit() {
    let mut a = app();
    a.open_welcome();
    let w = a.welcome.as_ref().expect("the welcome is open");
    assert_eq!((w.step, w.cursor), (0, 0));
    assert_eq!(w.choices()[0].id, "data-analytics");
    assert_eq!(w.choices()[0].count, 3, "networks for data and analytics");
    // Profession: Enter takes the answer under the cursor.
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    // Career stage: move to early career, pick it with Space, Enter.
    ch(&mut a, 'j');
    ch(&mut a, ' ');
    key(&mut a, KeyCode::Enter);
    // Place: the North West is the sixth answer.
    for _ in 0..5 {
        key(&mut a, KeyCode::Down);
    }
    let w = a.welcome.as_ref().expect("still open");
    assert_eq!(w.choices()[w.cursor].id, "region:north-west");
    // Its own two, the two English ones (and a closed one), the UK-wide one.
    assert_eq!(w.choices()[w.cursor].count, 5);
    key(&mut a, KeyCode::Enter);
    // Sector: skipped with Tab, which ends the questions.
    let effects = key(&mut a, KeyCode::Tab);
    assert!(a.welcome.is_none());
    assert_eq!(effects, [Effect::SaveProfile(analyst_north_west())]);
    assert_eq!(a.profile, analyst_north_west());
    // An empty query now lists networks by fit, best first.
    let rows = network_rows(&a);
    assert_eq!(rows[0], "northern-data-guild");
    let ranks: Vec<u16> = a
        .current()
        .outcome
        .hits
        .iter()
        .map(|h| a.fit_of(0, h.doc).expect("a fit").rank())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    assert!(a.status.as_deref().unwrap_or("").contains("Profile saved"));
}

#[test]
fn esc_at_once_skips_every_question_and_changes_nothing() {
    let mut a = app();
    a.open_welcome();
    let effects = key(&mut a, KeyCode::Esc);
    assert!(a.welcome.is_none());
    // Remembered as asked (the effect writes `asked = true`), profile empty.
    assert_eq!(effects, [Effect::SaveProfile(Profile::default())]);
    assert!(a.profile.is_empty());
    assert!(a.fits[0].is_empty());
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("p asks again"), "{status}");
    // No marks without a profile.
    assert!(!text(&a, 140, 40).contains('●'));
}

#[test]
fn after_the_welcome_the_status_line_names_keys_that_work_in_the_search_box() {
    // The welcome hands the keyboard back to the search box, where `p` and
    // `F` are letters of the query: the status line says to press Esc first.
    let mut a = app();
    assert_eq!(a.focus, Focus::Search);
    a.open_welcome();
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.focus, Focus::Search);
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("Esc then p asks again"), "{status}");
    a.open_welcome();
    key(&mut a, KeyCode::Enter);
    let effects = key(&mut a, KeyCode::Esc);
    assert_eq!(effects.len(), 1, "{effects:?}");
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.contains("Esc then F shows only what fits"),
        "{status}"
    );
    // From the commands, the key alone.
    to_panes(&mut a);
    ch(&mut a, 'p');
    let effects = key(&mut a, KeyCode::Esc);
    assert_eq!(effects.len(), 1, "{effects:?}");
    let status = a.status.clone().unwrap_or_default();
    assert_eq!(status, "Skipped; p asks again");
}

#[test]
fn esc_keeps_the_answers_already_given_and_skips_the_rest() {
    let mut a = app();
    a.open_welcome();
    let w = a.welcome.as_ref().expect("the welcome");
    let second = w.options[0].get(1).expect("a second profession").id.clone();
    // Pick the second profession, move on, then give up on the rest.
    key(&mut a, KeyCode::Down);
    ch(&mut a, ' ');
    key(&mut a, KeyCode::Enter);
    let effects = key(&mut a, KeyCode::Esc);
    assert!(a.welcome.is_none());
    let want = Profile {
        professions: vec![second],
        ..Profile::default()
    };
    assert_eq!(effects, [Effect::SaveProfile(want.clone())]);
    assert_eq!(a.profile, want);
}

#[test]
fn the_profile_key_reopens_the_welcome_with_the_answers_picked() {
    let mut a = app();
    a.set_profile(analyst_north_west());
    to_panes(&mut a);
    ch(&mut a, 'p');
    let w = a.welcome.as_ref().expect("p opens the welcome");
    assert_eq!(w.picked[0], [0], "data-analytics is picked");
    // Backspace goes back; Tab keeps each answer as it is.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Backspace);
    assert_eq!(a.welcome.as_ref().map(|w| w.step), Some(1));
    let w = a.welcome.as_ref().expect("open");
    assert_eq!(
        w.choices()[w.cursor].id,
        "early-career",
        "cursor on the answer"
    );
    // Unpick the stage, then move on to the end.
    ch(&mut a, ' ');
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    let effects = key(&mut a, KeyCode::Tab);
    let mut expected = analyst_north_west();
    expected.stage = None;
    assert_eq!(effects, [Effect::SaveProfile(expected.clone())]);
    assert_eq!(a.profile, expected);
}

#[test]
fn enter_on_a_one_answer_question_takes_the_answer_under_the_cursor() {
    // Reopened with "early career" picked, a person moves to "entry level
    // or student" and presses Enter: that is their answer now (it used to
    // keep the old one, since something was already picked).
    let mut a = app();
    a.set_profile(analyst_north_west());
    to_panes(&mut a);
    ch(&mut a, 'p');
    key(&mut a, KeyCode::Enter);
    let w = a.welcome.as_ref().expect("open");
    assert_eq!(
        (w.step, w.choices()[w.cursor].id.as_str()),
        (1, "early-career")
    );
    key(&mut a, KeyCode::Up);
    let w = a.welcome.as_ref().expect("open");
    assert_eq!(w.choices()[w.cursor].id, "entry-student");
    key(&mut a, KeyCode::Enter);
    let effects = key(&mut a, KeyCode::Esc);
    let mut expected = analyst_north_west();
    expected.stage = Some("entry-student".into());
    assert_eq!(effects, [Effect::SaveProfile(expected.clone())]);
    assert_eq!(a.profile, expected);
}

#[test]
fn the_profile_key_can_be_rebound() {
    let settings = hinet::config::parse("c.toml", "[keys]\nprofile = [\"f2\"]\n");
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    let mut a = app_sized(settings.keymap, 140, 40);
    to_panes(&mut a);
    ch(&mut a, 'p');
    assert!(a.welcome.is_none(), "p is no longer the profile key");
    key(&mut a, KeyCode::F(2));
    assert!(a.welcome.is_some());
    // The help lists it.
    key(&mut a, KeyCode::Esc);
    ch(&mut a, '?');
    let screen = text(&a, 140, 40);
    assert!(
        screen.contains("F2") && screen.contains("welcome questions again"),
        "{screen}"
    );
}

#[test]
fn the_narrowing_key_keeps_only_what_fits_in_both_tabs() {
    let mut a = app();
    to_panes(&mut a);
    ch(&mut a, 'F');
    assert!(!a.fits_only, "nothing to narrow to without a profile");
    assert!(a.status.as_deref().unwrap_or("").contains("No profile yet"));
    a.set_profile(analyst_north_west());
    let all_networks = a.tabs[0].outcome.hits.len();
    let all_learning = a.tabs[1].outcome.hits.len();
    to_panes(&mut a);
    ch(&mut a, 'F');
    assert!(a.fits_only);
    assert_eq!(network_rows(&a), ["northern-data-guild"]);
    for t in 0..2 {
        for h in &a.tabs[t].outcome.hits {
            assert!(a.fit_of(t, h.doc).is_some_and(|f| f.fits()));
        }
    }
    assert!(a.tabs[1].outcome.hits.len() < all_learning);
    assert!(!a.tabs[1].outcome.hits.is_empty());
    a.status = None;
    let screen = text(&a, 140, 40);
    let footer = screen.lines().last().unwrap_or("");
    assert!(footer.contains("only what fits you"), "{footer}");
    ch(&mut a, 'F');
    assert!(!a.fits_only);
    assert_eq!(a.tabs[0].outcome.hits.len(), all_networks);
    a.status = None;
    assert!(!text(&a, 140, 40).contains("only what fits you"));
}

#[test]
fn an_entry_level_profile_opens_learning_on_first_steps() {
    let mut a = app();
    a.set_profile(entry_level());
    assert!(a.first_steps);
    let t = &a.tabs[1];
    assert!(!t.outcome.hits.is_empty());
    for h in &t.outcome.hits {
        let DocRef::Opportunity(n, o) = t.index.refs[h.doc as usize] else {
            panic!("an opportunity");
        };
        let net = &a.catalogue.networks[n as usize];
        let opp = &net.opportunities[o as usize];
        assert_eq!(
            hinet::catalogue::CostClass::of(opp.cost.as_ref()),
            hinet::catalogue::CostClass::Free
        );
        assert!(net.stages_of(opp).ids.iter().any(|s| s == "entry-student"));
    }
    to_panes(&mut a);
    ch(&mut a, '2');
    assert_eq!(a.tab, Tab::Learning);
    assert!(text(&a, 140, 40).contains("First steps"));
    // Clearing the filters leaves first steps.
    a.focus = Focus::Facets;
    ch(&mut a, 'x');
    assert!(!a.first_steps);
    // A profile of another stage has no first steps.
    a.set_profile(analyst_north_west());
    assert!(!a.first_steps);
    assert!(a.tabs[1].filters.is_empty());
}

#[test]
fn with_a_query_fit_only_breaks_ties() {
    let mut a = app();
    a.set_profile(analyst_north_west());
    let search = a.tabs[0].index.search(
        &hinet::query::Query::parse("guild"),
        &hinet::query::Filters::new(&a.tabs[0].index),
        None,
    );
    to_panes(&mut a);
    ch(&mut a, '/');
    for c in "guild".chars() {
        ch(&mut a, c);
    }
    let hits = &a.current().outcome.hits;
    // The same documents with the same scores: only equal scores reorder.
    assert_eq!(hits.len(), search.hits.len());
    for w in hits.windows(2) {
        assert!(w[0].score >= w[1].score);
        if w[0].score == w[1].score {
            let f = |d| {
                a.fit_of(0, d)
                    .map_or(0, |f: hinet::profile::fit::Fit| f.rank())
            };
            assert!(f(w[0].doc) >= f(w[1].doc));
        }
    }
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

const SIZES: [(u16, u16); 2] = [(140, 40), (70, 22)];

#[test]
fn the_welcome_on_the_smallest_screen_shows_several_answers() {
    // At 40x12 the introduction used to leave room for one answer at a
    // time; there it is cut to its title, so the list has the room.
    let mut a = app_sized(Keymap::default(), 40, 12);
    a.open_welcome();
    let t = text(&a, 40, 12);
    let answers = t.lines().filter(|l| l.contains("[ ] ")).count();
    assert!(answers >= 3, "{t}");
    assert!(t.contains("1 of 4"), "{t}");
    assert!(t.contains("Which networks fit you?"), "{t}");
}

#[test]
fn snapshot_welcome() {
    for (w, h) in SIZES {
        let mut a = app_sized(Keymap::default(), w, h);
        a.open_welcome();
        insta::assert_snapshot!(format!("welcome_{w}x{h}"), draw(&a, w, h).backend());
        // The place question, with an answer picked.
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        ch(&mut a, 'j');
        ch(&mut a, 'j');
        ch(&mut a, ' ');
        insta::assert_snapshot!(format!("welcome_place_{w}x{h}"), draw(&a, w, h).backend());
    }
}

#[test]
fn snapshot_fit_marks_and_detail() {
    for (w, h) in SIZES {
        let mut a = app_sized(Keymap::default(), w, h);
        a.set_profile(analyst_north_west());
        to_panes(&mut a);
        insta::assert_snapshot!(format!("fit_marks_{w}x{h}"), draw(&a, w, h).backend());
        // The detail of the third network (a partial fit).
        ch(&mut a, 'j');
        ch(&mut a, 'j');
        key(&mut a, KeyCode::Enter);
        let screen = text(&a, w, h);
        assert!(screen.contains("Why it fits you"), "{screen}");
        assert!(screen.contains("What may not fit"), "{screen}");
        insta::assert_snapshot!(format!("fit_detail_{w}x{h}"), draw(&a, w, h).backend());
    }
}

#[test]
fn snapshot_fits_only_and_first_steps() {
    for (w, h) in SIZES {
        let mut a = app_sized(Keymap::default(), w, h);
        a.set_profile(analyst_north_west());
        to_panes(&mut a);
        ch(&mut a, 'F');
        a.status = None;
        insta::assert_snapshot!(format!("fits_only_{w}x{h}"), draw(&a, w, h).backend());
        let mut a = app_sized(Keymap::default(), w, h);
        a.set_profile(entry_level());
        to_panes(&mut a);
        ch(&mut a, '2');
        insta::assert_snapshot!(format!("first_steps_{w}x{h}"), draw(&a, w, h).backend());
    }
}

#[test]
fn going_to_a_network_that_does_not_fit_shows_everything_again() {
    let mut a = app();
    a.set_profile(analyst_north_west());
    to_panes(&mut a);
    ch(&mut a, 'F');
    assert!(!network_rows(&a).contains(&"thistle-informatics-society".to_string()));
    // An opportunity of Thistle (which does not fit) in the learning tab's
    // detail; Enter goes to its network.
    ch(&mut a, '2');
    let thistle = a
        .catalogue
        .position("thistle-informatics-society")
        .expect("thistle") as u32;
    let opp_doc = a.tabs[1]
        .index
        .refs
        .iter()
        .position(|r| matches!(r, DocRef::Opportunity(n, _) if *n == thistle))
        .expect("its opportunity") as u32;
    a.tabs[1].selected = Some(opp_doc);
    a.focus = Focus::Detail;
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.tab, Tab::Networks);
    assert!(!a.fits_only, "the narrowing is turned off to show it");
    assert_eq!(
        a.selected_network().map(|n| n.id.as_str()),
        Some("thistle-informatics-society")
    );
}
