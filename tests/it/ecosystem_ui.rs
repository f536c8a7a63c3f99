//! Themes, NO_COLOR and the mouse, on the update function and TestBackend.

use std::path::Path;

use crate::common;
use hinet::app::{Action, App, Focus, Keymap, Tab, update};
use hinet::config::ThemeName;
use hinet::ui::{self, Theme, layout};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{MouseButton, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::style::Color;

fn app(w: u16, h: u16) -> App {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    let cat = hinet::catalogue::load_path(&path, 1 << 26).expect("fixture loads");
    let mut app = App::new(cat, Vec::new(), Keymap::default());
    update(&mut app, Action::Resize(w, h));
    app
}

fn click(a: &mut App, column: u16, row: u16) {
    common::mouse(a, MouseEventKind::Down(MouseButton::Left), column, row)
}

fn render(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).expect("terminal");
    t.draw(|f| ui::draw(f, app, theme)).expect("draw");
    t
}

#[test]
fn clicking_a_facet_value_toggles_it() {
    let mut a = app(140, 40);
    let p = layout::panes(Rect::new(0, 0, 140, 40));
    let facets = layout::inner(p.facets.expect("wide layout has facets"));
    // Row 0 is the first heading; row 1 its first value.
    let before = a.current().outcome.hits.len();
    click(&mut a, facets.x + 2, facets.y + 1);
    assert_eq!(a.focus, Focus::Facets);
    assert!(
        a.current().filters.is_selected(0, 0),
        "the first value is on"
    );
    let count = a.current().outcome.counts[0][0] as usize;
    assert_eq!(a.current().outcome.hits.len(), count);
    assert!(count <= before);
    // Clicking again turns it off.
    click(&mut a, facets.x + 2, facets.y + 1);
    assert!(!a.current().filters.is_selected(0, 0));
    assert_eq!(a.current().outcome.hits.len(), before);
    // A heading does nothing.
    click(&mut a, facets.x + 2, facets.y);
    assert!(a.current().filters.is_empty());
}

#[test]
fn clicking_a_result_selects_it_and_the_wheel_moves() {
    let mut a = app(140, 40);
    let p = layout::panes(Rect::new(0, 0, 140, 40));
    let results = layout::inner(p.results);
    click(&mut a, results.x + 3, results.y + 2);
    assert_eq!(a.current().selected_row(), Some(2));
    common::mouse(&mut a, MouseEventKind::ScrollDown, results.x + 3, results.y);
    let n = a.current().outcome.hits.len();
    assert_eq!(a.current().selected_row(), Some((2 + 3).min(n - 1)));
    common::mouse(&mut a, MouseEventKind::ScrollUp, results.x + 3, results.y);
    common::mouse(&mut a, MouseEventKind::ScrollUp, results.x + 3, results.y);
    assert_eq!(a.current().selected_row(), Some(0));
}

#[test]
fn clicking_a_tab_switches_tabs() {
    let mut a = app(140, 40);
    click(&mut a, layout::TABS_X + 13, 0);
    assert_eq!(a.tab, Tab::Learning);
    click(&mut a, layout::TABS_X + 1, 0);
    assert_eq!(a.tab, Tab::Networks);
}

#[test]
fn a_snapshot_under_each_theme() {
    for name in [ThemeName::Default, ThemeName::Mono, ThemeName::ColourBlind] {
        let a = app(120, 30);
        let t = render(&a, &Theme::new(name));
        insta::assert_debug_snapshot!(format!("theme_{name:?}"), t.backend().buffer());
    }
}

#[test]
fn no_color_means_no_colour_at_all_and_a_visible_selection() {
    let a = app(120, 30);
    let theme = Theme::choose(ThemeName::ColourBlind, true);
    assert_eq!(theme.name, ThemeName::Mono);
    let t = render(&a, &theme);
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(
            cell.fg,
            Color::Reset,
            "a foreground colour at {:?}",
            cell.symbol()
        );
        assert_eq!(
            cell.bg,
            Color::Reset,
            "a background colour at {:?}",
            cell.symbol()
        );
    }
    // The selection is marked by a symbol, not by colour alone.
    assert!(ui::buffer_text(buf).contains('▶'));
    // Whereas the default theme does use colour (so the test above can fail).
    let t = render(&a, &Theme::new(ThemeName::Default));
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
}
