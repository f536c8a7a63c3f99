//! Moving through what has the keyboard: rows, pages, groups of filter
//! values, panes, and the scroll of the detail and the help.

use super::{App, Focus, Layout, Overlay, help};

impl App {
    /// The screen is now `width` by `height`: keep the focus on a pane that
    /// is shown, and the selection and scrolls in view.
    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        if !self.panes().contains(&self.focus) && self.focus != Focus::Search {
            self.focus = Focus::Results;
        }
        if self.layout() != Layout::Narrow && self.overlay == Overlay::Detail {
            self.overlay = Overlay::None;
            self.focus = Focus::Detail;
        }
        for t in 0..self.tabs.len() {
            self.clamp_offset(t);
        }
        self.clamp_scrolls();
    }

    /// The furthest the detail can scroll: its last row at the bottom.
    pub fn detail_max_scroll(&self) -> u16 {
        let area = self.areas().detail;
        let rows = self
            .detail_measure
            .map_or(usize::from(u16::MAX), |m| m(self, area.width));
        u16::try_from(rows.saturating_sub(usize::from(area.height))).unwrap_or(u16::MAX)
    }

    /// The furthest the help can scroll.
    pub fn help_max_scroll(&self) -> u16 {
        let area = self.areas().help;
        let rows = help::lines(&self.keymap, usize::from(area.width)).len();
        u16::try_from(rows.saturating_sub(usize::from(area.height))).unwrap_or(u16::MAX)
    }

    /// Rows of results that fit on screen (for paging).
    pub fn page_rows(&self) -> usize {
        // Header, search line and footer, and the pane's two borders.
        usize::from(self.height.saturating_sub(5)).max(1)
    }

    /// Rows that one page moves in what has the keyboard.
    pub(super) fn page(&self) -> usize {
        if self.overlay == Overlay::Help {
            return usize::from(self.areas().help.height).max(1);
        }
        match self.focus_or_overlay() {
            Focus::Detail => usize::from(self.areas().detail.height).max(1),
            _ => self.page_rows(),
        }
    }

    /// Keep the detail and the help within their text (after a resize or
    /// a change to what the detail shows).
    pub(super) fn clamp_scrolls(&mut self) {
        let max = self.detail_max_scroll();
        let t = self.current_mut();
        t.detail_scroll = t.detail_scroll.min(max);
        self.help_scroll = self.help_scroll.min(self.help_max_scroll());
    }

    pub(super) fn clamp_offset(&mut self, t: usize) {
        let page = self.page_rows();
        let tab = &mut self.tabs[t];
        let row = tab.selected_row().unwrap_or(0);
        if row < tab.offset {
            tab.offset = row;
        } else if row >= tab.offset + page {
            tab.offset = row + 1 - page;
        }
        // Never leave empty rows below the list while rows above are hidden.
        let n = tab.outcome.hits.len();
        tab.offset = tab.offset.min(n.saturating_sub(page));
    }

    pub(super) fn select_row(&mut self, row: usize) {
        let t = self.tab_index();
        let tab = &mut self.tabs[t];
        if let Some(h) = tab.outcome.hits.get(row) {
            if tab.selected != Some(h.doc) {
                tab.detail_scroll = 0;
            }
            tab.select_at(Some(row));
        }
        self.clamp_offset(t);
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        if self.overlay == Overlay::Help {
            let max = self.help_max_scroll();
            self.help_scroll = (self.help_scroll as isize + delta).clamp(0, max as isize) as u16;
            return;
        }
        match self.focus_or_overlay() {
            Focus::Facets => {
                let t = self.current_mut();
                let stops = t.cursor_stops();
                if stops.is_empty() {
                    return;
                }
                let at = stops
                    .iter()
                    .position(|i| *i >= t.facet_cursor)
                    .unwrap_or(stops.len() - 1);
                let to = (at as isize + delta).clamp(0, stops.len() as isize - 1) as usize;
                t.set_facet_cursor(stops[to]);
            }
            Focus::Detail => {
                let max = self.detail_max_scroll();
                let t = self.current_mut();
                t.detail_scroll = (t.detail_scroll as isize + delta).clamp(0, max as isize) as u16;
            }
            Focus::Results | Focus::Search => {
                let t = self.current();
                let n = t.outcome.hits.len();
                if n == 0 {
                    return;
                }
                let row = t.selected_row().unwrap_or(0) as isize;
                let row = (row + delta).clamp(0, n as isize - 1) as usize;
                self.select_row(row);
            }
        }
    }

    /// Jump the facet cursor to the first shown value of the next (or
    /// previous) group.
    pub(super) fn jump_group(&mut self, forward: bool) {
        let t = self.current_mut();
        let stops = t.cursor_stops();
        let here = t.cursor_group();
        let firsts: Vec<(usize, usize)> = stops
            .iter()
            .filter_map(|i| t.value_at(*i).map(|(f, _)| (f, *i)))
            .fold(Vec::new(), |mut acc, (f, i)| {
                if acc.last().is_none_or(|(g, _)| *g != f) {
                    acc.push((f, i));
                }
                acc
            });
        let target = match here {
            Some(g) if forward => firsts.iter().find(|(f, _)| *f > g),
            Some(g) => firsts.iter().rev().find(|(f, _)| *f < g),
            None => firsts.first(),
        };
        if let Some((_, i)) = target {
            t.set_facet_cursor(*i);
        }
    }

    pub(super) fn cycle_pane(&mut self, forward: bool) {
        let panes = self.panes();
        let n = panes.len();
        // From the search box, the next pane is the results.
        let from = if self.focus == Focus::Search {
            Focus::Results
        } else {
            self.focus
        };
        let i = panes.iter().position(|p| *p == from).unwrap_or(0);
        let next = if self.focus == Focus::Search && forward {
            i
        } else if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.focus = panes[next];
        self.finding = false;
    }
}
