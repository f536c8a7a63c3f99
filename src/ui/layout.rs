//! Where each pane is for a given screen size. Drawing and the mouse's hit
//! test (`super::hit`) both use this, so a click lands on what was drawn
//! there; the app learns the sizes it scrolls by from `areas`.

use ratatui::layout::{Constraint, Layout as Split, Rect};

use crate::app::{Areas, Command, FacetRow, Keymap, Layout, Size, TabState};

/// The tab names in the header, in order, in full and short.
pub const TAB_NAMES: [&str; 2] = ["Networks", "Learning and training"];
pub const SHORT_TAB_NAMES: [&str; 2] = ["Networks", "Learning"];
/// From this width the tabs have their full names.
pub const FULL_TABS_WIDTH: u16 = 80;
/// Where the first tab label starts, and the gap between labels.
pub const TABS_X: u16 = 8;
pub const TAB_GAP: u16 = 2;

/// The tab labels for a screen this wide: each tab's key (from the keymap
/// in force) and its name, `1 Networks`.
pub fn tab_labels(keymap: &Keymap, width: u16) -> [String; 2] {
    let names = if width >= FULL_TABS_WIDTH {
        TAB_NAMES
    } else {
        SHORT_TAB_NAMES
    };
    [Command::Networks, Command::Learning]
        .into_iter()
        .zip(names)
        .map(|(c, name)| format!("{} {name}", keymap.key_label(c)))
        .collect::<Vec<_>>()
        .try_into()
        .unwrap_or_default()
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

/// The panes of a screen of `area`: a row each for the header, the search
/// line and the footer; between them the filters, results and detail as
/// the width allows (`app::Layout`).
pub fn panes(area: Rect) -> Panes {
    use Constraint::{Length, Min, Percentage};
    let [header, search, main, footer] =
        Split::vertical([Length(1), Length(1), Min(3), Length(1)]).areas(area);
    let (facets, results, detail) = match Layout::for_size(area.width, area.height) {
        Layout::Wide => {
            let [facets, results, detail] =
                Split::horizontal([Length(30), Percentage(40), Min(30)]).areas(main);
            (Some(facets), results, Some(detail))
        }
        Layout::Medium => {
            let [results, detail] = Split::horizontal([Percentage(45), Percentage(55)]).areas(main);
            (None, results, Some(detail))
        }
        Layout::Narrow | Layout::TooSmall => (None, main, None),
    };
    Panes {
        header,
        search,
        main,
        facets,
        results,
        detail,
        footer,
    }
}

/// The insides of the panes that scroll, on a screen this wide and tall:
/// what the app pages and clamps its scrolling by (`ui::install`).
pub fn areas(width: u16, height: u16) -> Areas {
    let area = Rect::new(0, 0, width, height);
    let p = panes(area);
    let size = |r: Rect| Size {
        width: r.width,
        height: r.height,
    };
    Areas {
        detail: size(inner(p.detail.unwrap_or(p.main))),
        help: size(inner(help_overlay(area))),
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
        .position(|r| matches!(r, FacetRow::Value(f, v) if Some((*f, *v)) == cursor))
        .unwrap_or(0);
    if row >= height { row + 1 - height } else { 0 }
}

/// Which tab label, if any, is at column `x` of a header `width` wide.
pub fn tab_at(keymap: &Keymap, x: u16, width: u16) -> Option<usize> {
    let mut start = TABS_X;
    for (i, label) in tab_labels(keymap, width).iter().enumerate() {
        let end = start + unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The app's stand-in sizes (for tests of `update` without a UI) are
    /// the drawn ones wherever it relies on them: every height, and the
    /// help's width.
    #[test]
    fn the_apps_sizes_without_a_ui_match_the_drawing() {
        for (w, h) in [
            (40, 10),
            (70, 22),
            (90, 30),
            (120, 40),
            (140, 40),
            (200, 60),
        ] {
            let drawn = areas(w, h);
            let stand_in = Areas::without_ui(w, h);
            assert_eq!(drawn.help, stand_in.help, "{w}x{h}");
            assert_eq!(drawn.detail.height, stand_in.detail.height, "{w}x{h}");
            if Layout::for_size(w, h) == Layout::Narrow {
                assert_eq!(drawn.detail, stand_in.detail, "{w}x{h}");
            }
        }
    }
}
