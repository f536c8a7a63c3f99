//! Where each pane is for a given screen size. Drawing and mouse handling
//! both use this, so a click lands on what was drawn there.

use ratatui::layout::{Constraint, Direction, Layout as Split, Rect};

use super::{Layout, TabState};

/// The tab labels in the header, in order, and where the first starts.
pub const TAB_LABELS: [&str; 2] = ["1 Networks", "2 Learning and training"];
/// The tab labels where the screen is narrower than [`FULL_TABS_WIDTH`].
pub const SHORT_TAB_LABELS: [&str; 2] = ["1 Networks", "2 Learning"];
pub const FULL_TABS_WIDTH: u16 = 80;
pub const TABS_X: u16 = 8;
pub const TAB_GAP: u16 = 2;

/// The tab labels for a screen this wide.
pub fn tab_labels(width: u16) -> [&'static str; 2] {
    if width >= FULL_TABS_WIDTH {
        TAB_LABELS
    } else {
        SHORT_TAB_LABELS
    }
}

/// The screen's parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panes {
    pub header: Rect,
    pub search: Rect,
    pub main: Rect,
    pub facets: Option<Rect>,
    pub results: Rect,
    pub detail: Option<Rect>,
    pub footer: Rect,
}

pub fn panes(area: Rect) -> Panes {
    let rows = Split::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .split(area);
    let main = rows[2];
    let (facets, results, detail) = match Layout::for_size(area.width, area.height) {
        Layout::Wide => {
            let cols = Split::default()
                .direction(Direction::Horizontal)
                .constraints([
                    Constraint::Length(30),
                    Constraint::Percentage(40),
                    Constraint::Min(30),
                ])
                .split(main);
            (Some(cols[0]), cols[1], Some(cols[2]))
        }
        Layout::Medium => {
            let cols = Split::default()
                .direction(Direction::Horizontal)
                .constraints([Constraint::Percentage(45), Constraint::Percentage(55)])
                .split(main);
            (None, cols[0], Some(cols[1]))
        }
        Layout::Narrow | Layout::TooSmall => (None, main, None),
    };
    Panes {
        header: rows[0],
        search: rows[1],
        main,
        facets,
        results,
        detail,
        footer: rows[3],
    }
}

/// The facets overlay on narrow screens.
pub fn facets_overlay(area: Rect) -> Rect {
    centered(area, 60, area.height.saturating_sub(4))
}

/// The help overlay: as wide as it needs (72 columns) where there is room,
/// the whole screen but the header and footer where there is not.
pub fn help_overlay(area: Rect) -> Rect {
    centered(area, 72, area.height.saturating_sub(2))
}

/// A rectangle of the given size centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// The rows of the filter pane's inside that hold its values: all of them,
/// or all but the first when the finder's line is shown.
pub fn facet_list(inner: Rect, finder: bool) -> Rect {
    if finder {
        Rect::new(
            inner.x,
            inner.y.saturating_add(1),
            inner.width,
            inner.height.saturating_sub(1),
        )
    } else {
        inner
    }
}

/// The first facet row shown in a pane `height` rows high, so that the cursor
/// stays visible.
pub fn facet_first_row(tab: &TabState, height: usize) -> usize {
    let cursor = tab.facet_at_cursor();
    let row = tab
        .facet_rows()
        .iter()
        .position(|r| matches!(r, super::FacetRow::Value(f, v) if Some((*f, *v)) == cursor))
        .unwrap_or(0);
    if row >= height { row + 1 - height } else { 0 }
}

/// Which tab label, if any, is at column `x` of a header `width` wide.
pub fn tab_at(x: u16, width: u16) -> Option<usize> {
    let mut start = TABS_X;
    for (i, label) in tab_labels(width).iter().enumerate() {
        let end = start + unicode_width::UnicodeWidthStr::width(*label) as u16;
        if (start..end).contains(&x) {
            return Some(i);
        }
        start = end + TAB_GAP;
    }
    None
}

pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}
