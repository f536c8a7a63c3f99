//! What each command does to the state.

use super::{App, Command, Effect, Focus, Layout, Overlay, Tab};
use crate::query::DocRef;

impl App {
    /// Carry out a command; what only changes the state returns no effect.
    pub(super) fn command(&mut self, c: Command) -> Vec<Effect> {
        match c {
            Command::Bookmark => self.bookmark_selected(),
            Command::CycleStatus => self.cycle_status(),
            Command::EditNote => self.edit_note(),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Export => vec![Effect::ExportPlan],
            Command::BookmarksOnly => {
                self.bookmarks_only = !self.bookmarks_only;
                if self.bookmarks_only {
                    self.tab = Tab::Networks;
                }
                self.refresh(0);
                vec![Effect::ReloadBookmarks]
            }
            Command::OpenLink | Command::CopyLink => match self.link() {
                Some((url, what)) if c == Command::OpenLink => vec![Effect::OpenUrl { url, what }],
                Some((text, what)) => vec![Effect::Copy { text, what }],
                None => {
                    self.status = Some("No link for this one".into());
                    Vec::new()
                }
            },
            _ => {
                self.view_command(c);
                Vec::new()
            }
        }
    }

    /// A command that moves, or changes what is shown.
    fn view_command(&mut self, c: Command) {
        match c {
            Command::Quit => self.quit = true,
            Command::Search => {
                self.overlay = Overlay::None;
                self.focus = Focus::Search;
                self.finding = false;
            }
            Command::Down => self.move_by(1),
            Command::Up => self.move_by(-1),
            Command::PageDown => self.move_by(self.page() as isize),
            Command::PageUp => self.move_by(-(self.page() as isize)),
            Command::Top => self.move_by(isize::MIN / 2),
            Command::Bottom => self.move_by(isize::MAX / 2),
            Command::NextPane => self.cycle_pane(true),
            Command::PrevPane => self.cycle_pane(false),
            Command::Networks | Command::Learning => {
                self.tab = if c == Command::Networks {
                    Tab::Networks
                } else {
                    Tab::Learning
                };
                self.overlay = Overlay::None;
            }
            Command::Profile => {
                self.overlay = Overlay::None;
                self.open_welcome();
            }
            Command::Help => {
                self.overlay = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    self.help_scroll = 0;
                    self.finding = false;
                    Overlay::Help
                };
            }
            Command::Back => self.back(),
            _ => self.filter_command(c),
        }
    }

    /// A command on the filters (and the profile's narrowing).
    fn filter_command(&mut self, c: Command) {
        match c {
            Command::Toggle if self.focus_or_overlay() == Focus::Facets => self.toggle_facet(),
            Command::Open if self.focus_or_overlay() == Focus::Facets => self.toggle_facet(),
            Command::Open => self.open(),
            Command::ClearFilters => {
                let t = self.tab_index();
                if t == 1 {
                    self.first_steps = false;
                }
                self.tabs[t].filters.clear();
                self.refresh(t);
                self.status = Some("Filters cleared".into());
            }
            Command::Facets => {
                self.finding = false;
                self.overlay = if self.overlay == Overlay::Facets {
                    Overlay::None
                } else {
                    Overlay::Facets
                };
            }
            Command::FitsOnly => self.toggle_fits_only(),
            Command::NextGroup => self.jump_group(true),
            Command::PrevGroup => self.jump_group(false),
            Command::Fold => {
                let t = self.current_mut();
                t.facet_fold = !t.facet_fold;
                t.cursor_to_visible();
            }
            Command::FindFilter => {
                if self.focus_or_overlay() != Focus::Facets {
                    // Where the filters are a pane, go to it; else open them.
                    if self.panes().contains(&Focus::Facets) {
                        self.focus = Focus::Facets;
                    } else {
                        self.overlay = Overlay::Facets;
                    }
                }
                self.finding = true;
            }
            // Accept and line editing mean something only in a text box.
            _ => {}
        }
    }

    /// Only what fits the profile, in both tabs (again for all).
    fn toggle_fits_only(&mut self) {
        if self.profile.is_empty() {
            self.status = Some(format!(
                "No profile yet: {} says who you are",
                self.keymap.key_label(Command::Profile)
            ));
            return;
        }
        self.fits_only = !self.fits_only;
        self.refresh(0);
        self.refresh(1);
        self.status = Some(if self.fits_only {
            "Showing only what fits you".to_string()
        } else {
            "Showing everything".to_string()
        });
    }

    /// Back: dismiss a message that stays, show every filter value again,
    /// close an overlay, leave the detail, or clear the status line.
    fn back(&mut self) {
        if self.status_sticky {
            self.dismiss();
        } else if self.focus_or_overlay() == Focus::Facets
            && !self.current().facet_find.text.is_empty()
        {
            // First Esc shows every filter value again.
            self.set_find(|l| l.edit(Command::ClearLine));
        } else if self.overlay != Overlay::None {
            self.overlay = Overlay::None;
        } else if self.focus == Focus::Detail {
            self.focus = Focus::Results;
        } else {
            self.status = None;
        }
    }

    pub(super) fn toggle_facet(&mut self) {
        let t = self.tab_index();
        if t == 1 {
            self.first_steps = false;
        }
        if let Some((f, v)) = self.tabs[t].facet_at_cursor() {
            self.tabs[t].filters.toggle(f, v);
            self.refresh(t);
        }
    }

    /// Jump from an opportunity to its network in tab 1.
    pub(super) fn go_to_network(&mut self, network: u32) {
        self.tab = Tab::Networks;
        let tab = &mut self.tabs[0];
        let mut cleared = Vec::new();
        if !tab.outcome.hits.iter().any(|h| h.doc == network) {
            // Make it visible: clear what hides it, and say so.
            if !tab.query.trim().is_empty() {
                cleared.push(format!("the search \"{}\"", tab.query.trim()));
            }
            let n = tab.filters.active().len();
            if n > 0 {
                cleared.push(if n == 1 {
                    "1 filter".to_string()
                } else {
                    format!("{n} filters")
                });
            }
            if self.bookmarks_only {
                cleared.push("bookmarks only".to_string());
            }
            tab.edit_query(|l| l.edit(Command::ClearLine));
            tab.filters.clear();
            self.bookmarks_only = false;
            if self.fits_only {
                self.fits_only = false;
                self.refresh(1);
            }
            self.refresh(0);
        }
        self.tabs[0].select(Some(network));
        self.tabs[0].detail_scroll = 0;
        self.clamp_offset(0);
        if let Some(n) = self.catalogue.networks.get(network as usize) {
            self.status = Some(if cleared.is_empty() {
                format!("Showing {}", n.name)
            } else {
                format!(
                    "Showing {} (cleared {} to show it)",
                    n.name,
                    cleared.join(" and ")
                )
            });
        }
    }

    pub(super) fn open(&mut self) {
        match self.selected_doc() {
            Some(DocRef::Opportunity(n, _))
                if self.overlay == Overlay::Detail || self.focus == Focus::Detail =>
            {
                self.overlay = Overlay::None;
                self.go_to_network(n);
            }
            Some(_) if self.layout() == Layout::Narrow => {
                if self.focus == Focus::Search {
                    self.focus = Focus::Results;
                }
                self.overlay = Overlay::Detail;
            }
            Some(_) => self.focus = Focus::Detail,
            None => {}
        }
    }
}
