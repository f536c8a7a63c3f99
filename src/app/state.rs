//! The app's modes and layout, and the questions drawing asks of the state:
//! which tab and pane, where typing goes, what is selected, its link.

use super::{App, Layer, TabState};
use crate::bookmarks::Bookmark;
use crate::query::DocRef;

/// The two ways into the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Networks,
    Learning,
}

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Search,
    Facets,
    Results,
    Detail,
}

/// What covers the main screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    /// The facet panes, on screens too narrow to show them.
    Facets,
    /// The detail, full screen, on narrow screens.
    Detail,
    /// The one-line editor for a bookmark's note.
    Note {
        id: String,
        text: String,
        /// Byte offset of the cursor in `text`.
        cursor: usize,
    },
}

/// How wide the screen is, which decides the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    TooSmall,
    /// One pane; the detail opens full screen.
    Narrow,
    /// Results and detail; filters fold into chips and the `f` overlay.
    Medium,
    /// Filters, results and detail.
    Wide,
}

impl Layout {
    pub fn for_size(width: u16, height: u16) -> Layout {
        if width < 40 || height < 10 {
            Layout::TooSmall
        } else if width < 80 {
            Layout::Narrow
        } else if width < 120 {
            Layout::Medium
        } else {
            Layout::Wide
        }
    }
}

/// Which keys the keyboard is on: the user is typing into a text box, or
/// single letters are commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Typing goes into the search box.
    Search,
    /// Typing goes into the note editor.
    Note,
    /// Typing narrows the filter values.
    Find,
    /// Keys are commands.
    Commands,
}

impl App {
    pub fn layout(&self) -> Layout {
        Layout::for_size(self.width, self.height)
    }

    /// Where typing goes now.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::Note { .. } => Mode::Note,
            _ if self.finding && self.focus_or_overlay() == Focus::Facets => Mode::Find,
            Overlay::None if self.focus == Focus::Search => Mode::Search,
            _ => Mode::Commands,
        }
    }

    /// Whether the filter pane shows the finder's line above its values.
    pub fn facet_finder_shown(&self) -> bool {
        self.mode() == Mode::Find || !self.current().facet_find.text.is_empty()
    }

    /// The keymap layer of the mode in force.
    pub fn layer(&self) -> Layer {
        match self.mode() {
            Mode::Search => Layer::Search,
            Mode::Note => Layer::Note,
            Mode::Find => Layer::Find,
            Mode::Commands => Layer::Panes,
        }
    }

    /// The current tab's place in `tabs` (and in `fits`).
    pub fn tab_index(&self) -> usize {
        match self.tab {
            Tab::Networks => 0,
            Tab::Learning => 1,
        }
    }

    pub fn current(&self) -> &TabState {
        &self.tabs[self.tab_index()]
    }

    pub(super) fn current_mut(&mut self) -> &mut TabState {
        let i = self.tab_index();
        &mut self.tabs[i]
    }

    pub(super) fn focus_or_overlay(&self) -> Focus {
        match self.overlay {
            Overlay::Facets => Focus::Facets,
            Overlay::Detail => Focus::Detail,
            _ => self.focus,
        }
    }

    pub(super) fn panes(&self) -> Vec<Focus> {
        match self.layout() {
            Layout::Wide => vec![Focus::Facets, Focus::Results, Focus::Detail],
            Layout::Medium => vec![Focus::Results, Focus::Detail],
            _ => vec![Focus::Results],
        }
    }

    pub fn bookmark(&self, id: &str) -> Option<&Bookmark> {
        self.bookmarks.iter().find(|b| b.id == id)
    }

    pub fn is_bookmarked(&self, id: &str) -> bool {
        self.bookmark(id).is_some()
    }

    /// The network a document belongs to.
    pub fn network_of(&self, doc: DocRef) -> Option<&crate::catalogue::Network> {
        match doc {
            DocRef::Network(n) | DocRef::Opportunity(n, _) => {
                self.catalogue.networks.get(n as usize)
            }
        }
    }

    /// The selected document of the current tab.
    pub fn selected_doc(&self) -> Option<DocRef> {
        let t = self.current();
        t.selected
            .and_then(|d| t.index.refs.get(d as usize).copied())
    }

    /// The network that `b`, `s`, `e`, `o` act on.
    pub fn selected_network(&self) -> Option<&crate::catalogue::Network> {
        self.network_of(self.selected_doc()?)
    }

    /// The link `o` and `y` act on, and what kind of page it is: an
    /// opportunity's own page, else its network's link (`Network::link`:
    /// website, join page, or the first source page).
    pub fn link(&self) -> Option<(String, String)> {
        let (net, opp) = match self.selected_doc()? {
            DocRef::Opportunity(n, o) => {
                let net = self.catalogue.networks.get(n as usize)?;
                (net, net.opportunities.get(o as usize))
            }
            DocRef::Network(n) => (self.catalogue.networks.get(n as usize)?, None),
        };
        if let Some(url) = opp.and_then(|o| o.url.as_ref()) {
            return Some((url.clone(), "the opportunity's page".to_string()));
        }
        net.link()
            .map(|l| (l.url.to_string(), l.label().to_string()))
    }

    /// The place filter of the current tab: the chosen scope ids.
    pub fn chosen_places(&self) -> Vec<&str> {
        let t = self.current();
        let Some((f, facet)) = t.index.facet("scope") else {
            return Vec::new();
        };
        facet
            .values
            .iter()
            .enumerate()
            .filter(|(v, _)| t.filters.is_selected(f, *v))
            .map(|(_, v)| v.id.as_str())
            .collect()
    }

    /// When `net` is shown for a chosen place only through a broader scope
    /// (a UK-wide network with Wales chosen): the chosen place and the
    /// broader scope, as labels ("Wales", "UK-wide").
    pub fn place_through(&self, net: &crate::catalogue::Network) -> Option<(String, String)> {
        use crate::catalogue::{PlaceMatch, VocabKind};
        let chosen = self.chosen_places();
        let vocab = &self.catalogue.vocab;
        if vocab.serves_any(&net.scope, &chosen)? == PlaceMatch::Direct {
            return None;
        }
        chosen
            .iter()
            .find_map(|p| match vocab.serves(&net.scope, p) {
                Some(PlaceMatch::Through(x)) => Some((
                    vocab.label(VocabKind::Scope, p).to_string(),
                    vocab.label(VocabKind::Scope, x).to_string(),
                )),
                _ => None,
            })
    }
}
