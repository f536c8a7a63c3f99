//! Where a mouse event lands: the screen position turned into what is drawn
//! there (`app::Target`), on the same layout the drawing uses, so that the
//! app's `update` never sees a coordinate.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::layout::{self, contains};
use crate::app::{Action, App, Layout, MouseKind, Overlay, Target};

/// The action for a mouse event on a screen of `area`, or none for the
/// events the app ignores (other buttons, releases, drags, moves).
pub fn mouse_action(app: &App, area: Rect, ev: MouseEvent) -> Option<Action> {
    let kind = match ev.kind {
        MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
        MouseEventKind::ScrollDown => MouseKind::ScrollDown,
        MouseEventKind::ScrollUp => MouseKind::ScrollUp,
        _ => return None,
    };
    Some(Action::Mouse(kind, hit_test(app, area, ev.column, ev.row)))
}

/// What is under column `x`, row `y` of a screen of `area`, as `app` is
/// drawn there now: overlays first, then the panes.
pub fn hit_test(app: &App, area: Rect, x: u16, y: u16) -> Target {
    if Layout::for_size(area.width, area.height) == Layout::TooSmall
        || app.welcome.is_some()
        || !matches!(app.overlay, Overlay::None | Overlay::Facets)
    {
        return Target::Nothing;
    }
    let p = layout::panes(area);
    let facets = match app.overlay {
        Overlay::Facets => Some(layout::facets_overlay(area)),
        _ => p.facets,
    };
    if let Some(r) = facets.filter(|r| contains(*r, x, y)) {
        let list = layout::facet_list(layout::inner(r), app.facet_finder_shown());
        if !contains(list, x, y) {
            return Target::FacetPane;
        }
        let first = layout::facet_first_row(app.current(), usize::from(list.height));
        return Target::FacetRow(first + usize::from(y - list.y));
    }
    if app.overlay != Overlay::None {
        return Target::Nothing;
    }
    if contains(p.header, x, y) {
        return layout::tab_at(&app.keymap, x, area.width).map_or(Target::Nothing, Target::Tab);
    }
    if contains(p.search, x, y) {
        return Target::SearchBox;
    }
    if contains(p.results, x, y) {
        let rows = layout::inner(p.results);
        if !contains(rows, x, y) {
            return Target::ResultsPane;
        }
        return Target::ResultRow(app.current().offset + usize::from(y - rows.y));
    }
    if p.detail.is_some_and(|r| contains(r, x, y)) {
        return Target::DetailPane;
    }
    Target::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Keymap, update};
    use crate::catalogue::Catalogue;

    fn app(w: u16, h: u16) -> App {
        let mut a = App::new(Catalogue::default(), Vec::new(), Keymap::default());
        update(&mut a, Action::Resize(w, h));
        a
    }

    fn hit(a: &App, x: u16, y: u16) -> Target {
        hit_test(a, Rect::new(0, 0, a.width, a.height), x, y)
    }

    #[test]
    fn a_click_on_a_result_row_is_that_row_at_two_sizes() {
        for (w, h) in [(140, 40), (90, 30)] {
            let mut a = app(w, h);
            let rows = layout::inner(layout::panes(Rect::new(0, 0, w, h)).results);
            assert_eq!(hit(&a, rows.x + 3, rows.y), Target::ResultRow(0), "{w}x{h}");
            assert_eq!(hit(&a, rows.x + 3, rows.y + 2), Target::ResultRow(2));
            // Rows count from the first result, not from the first shown.
            a.tabs[0].offset = 5;
            assert_eq!(hit(&a, rows.x, rows.y + 2), Target::ResultRow(7));
            // The border is the pane, not a row.
            assert_eq!(hit(&a, rows.x, rows.y - 1), Target::ResultsPane);
        }
    }

    #[test]
    fn a_click_on_a_facet_row_is_that_row_in_the_pane_or_the_overlay() {
        // Wide: the pane is on screen.
        let a = app(140, 40);
        let list = layout::inner(layout::panes(Rect::new(0, 0, 140, 40)).facets.unwrap());
        assert_eq!(hit(&a, list.x + 2, list.y + 1), Target::FacetRow(1));
        assert_eq!(hit(&a, list.x - 1, list.y + 1), Target::FacetPane);
        // Medium: only in the overlay, where the results are otherwise.
        let mut a = app(90, 30);
        let over = layout::inner(layout::facets_overlay(Rect::new(0, 0, 90, 30)));
        assert_ne!(hit(&a, over.x + 2, over.y + 1), Target::FacetRow(1));
        a.overlay = Overlay::Facets;
        assert_eq!(hit(&a, over.x + 2, over.y + 1), Target::FacetRow(1));
        // Under the overlay nothing else takes the mouse.
        assert_eq!(hit(&a, 0, 0), Target::Nothing);
    }

    #[test]
    fn a_click_on_a_tab_label_is_that_tab_at_two_sizes() {
        for (w, h) in [(140, 40), (70, 22)] {
            let a = app(w, h);
            let [first, second] = layout::tab_labels(&a.keymap, w);
            let second_x = layout::TABS_X + first.len() as u16 + layout::TAB_GAP;
            assert_eq!(hit(&a, layout::TABS_X, 0), Target::Tab(0), "{w}x{h}");
            assert_eq!(hit(&a, second_x + 1, 0), Target::Tab(1), "{w}x{h}");
            let past = second_x + second.len() as u16;
            assert_eq!(hit(&a, past, 0), Target::Nothing, "{w}x{h}");
            assert_eq!(hit(&a, 3, 1), Target::SearchBox, "{w}x{h}");
        }
    }

    #[test]
    fn outside_everything_is_nothing_at_two_sizes() {
        for (w, h) in [(140, 40), (70, 22)] {
            let a = app(w, h);
            // The footer, and past the screen.
            assert_eq!(hit(&a, 5, h - 1), Target::Nothing, "{w}x{h}");
            assert_eq!(hit(&a, w + 5, h + 5), Target::Nothing, "{w}x{h}");
        }
        // A screen too small for panes takes no clicks.
        let a = app(30, 8);
        assert_eq!(hit(&a, 3, 3), Target::Nothing);
        // Nor does anything under the help.
        let mut a = app(140, 40);
        a.overlay = Overlay::Help;
        assert_eq!(hit(&a, 60, 10), Target::Nothing);
    }

    #[test]
    fn the_detail_pane_is_a_target_where_it_is_drawn() {
        let a = app(140, 40);
        let d = layout::panes(Rect::new(0, 0, 140, 40)).detail.unwrap();
        assert_eq!(hit(&a, d.x + 1, d.y + 1), Target::DetailPane);
    }

    #[test]
    fn only_the_left_button_and_the_wheel_are_actions() {
        let a = app(140, 40);
        let ev = |kind| MouseEvent {
            kind,
            column: 3,
            row: 1,
            modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
        };
        let area = Rect::new(0, 0, 140, 40);
        assert_eq!(
            mouse_action(&a, area, ev(MouseEventKind::Down(MouseButton::Left))),
            Some(Action::Mouse(MouseKind::Click, Target::SearchBox))
        );
        assert_eq!(
            mouse_action(&a, area, ev(MouseEventKind::ScrollUp)),
            Some(Action::Mouse(MouseKind::ScrollUp, Target::SearchBox))
        );
        for kind in [
            MouseEventKind::Down(MouseButton::Right),
            MouseEventKind::Up(MouseButton::Left),
            MouseEventKind::Moved,
        ] {
            assert_eq!(mouse_action(&a, area, ev(kind)), None);
        }
    }
}
