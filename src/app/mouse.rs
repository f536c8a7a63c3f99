//! The mouse, as the app sees it: what was pressed, and on what. Where a
//! screen position lands is the drawing's business (`ui::hit_test`); the app
//! gets the target, never a rectangle or a coordinate.

use super::{App, FacetRow, Focus, Layout, Overlay, Tab};

/// What a mouse event was, of the ones the app acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MouseKind {
    /// The left button went down.
    Click,
    /// The wheel turned towards the user (down the list).
    ScrollDown,
    /// The wheel turned away from the user (up the list).
    ScrollUp,
}

/// What is on screen under the mouse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Nothing that takes the mouse (the footer, a gap, a border of the
    /// header, or anything under an overlay that is not the filters).
    Nothing,
    /// A tab's label in the header: 0 networks, 1 learning.
    Tab(usize),
    /// The search line.
    SearchBox,
    /// The filter pane (or its overlay) off its value rows: a border, a
    /// heading line of the finder.
    FacetPane,
    /// A row of the filter pane, counted among the current tab's
    /// `facet_rows` (a heading or a value).
    FacetRow(usize),
    /// The results pane off its rows (its border).
    ResultsPane,
    /// A row of the results, counted from the first result (not from the
    /// first row shown).
    ResultRow(usize),
    /// The detail pane.
    DetailPane,
}

impl MouseKind {
    /// Rows the wheel moves, or 0 for a click.
    fn wheel(self) -> isize {
        match self {
            MouseKind::ScrollDown => 3,
            MouseKind::ScrollUp => -3,
            MouseKind::Click => 0,
        }
    }
}

impl App {
    /// A click or a wheel turn on a target.
    pub(super) fn mouse(&mut self, kind: MouseKind, target: Target) {
        if self.layout() == Layout::TooSmall
            || self.welcome.is_some()
            || matches!(self.overlay, Overlay::Note { .. })
        {
            return;
        }
        let wheel = kind.wheel();
        if self.overlay == Overlay::Help {
            // The wheel scrolls the help, wherever it is; nothing under it moves.
            if wheel != 0 {
                self.move_by(wheel);
            }
            return;
        }
        let facets_shown = matches!(self.overlay, Overlay::None | Overlay::Facets);
        if facets_shown && matches!(target, Target::FacetPane | Target::FacetRow(_)) {
            self.mouse_on_facets(wheel, target);
            return;
        }
        if self.overlay != Overlay::None {
            return;
        }
        // Anywhere but the filters: the finder lets go of the keyboard.
        self.finding = false;
        match target {
            Target::Tab(i) if wheel == 0 => {
                self.tab = if i == 0 { Tab::Networks } else { Tab::Learning };
            }
            Target::SearchBox if wheel == 0 => self.focus = Focus::Search,
            Target::ResultsPane | Target::ResultRow(_) => {
                self.focus = Focus::Results;
                match target {
                    _ if wheel != 0 => self.move_by(wheel),
                    Target::ResultRow(row) => self.select_row(row),
                    _ => {}
                }
            }
            Target::DetailPane => {
                self.focus = Focus::Detail;
                if wheel != 0 {
                    self.move_by(wheel);
                }
            }
            _ => {}
        }
    }

    /// A click or a wheel turn on the filter pane or its overlay.
    fn mouse_on_facets(&mut self, wheel: isize, target: Target) {
        // Only the facet pane of the wide layout takes the focus. The
        // overlay has the keyboard while it is open (`focus_or_overlay`),
        // as when it is opened by `f`, and leaves the focus where it was,
        // on a pane that is on screen, when it closes.
        if self.overlay == Overlay::None {
            self.focus = Focus::Facets;
        }
        if wheel != 0 {
            self.move_by(wheel);
            return;
        }
        let Target::FacetRow(row) = target else {
            return;
        };
        let t = self.tab_index();
        if let Some(FacetRow::Value(f, v)) = self.tabs[t].facet_rows().get(row).copied() {
            self.tabs[t].facet_cursor = self.tabs[t].value_index(f, v);
            self.tabs[t].filters.toggle(f, v);
            self.refresh(t);
        }
    }
}
