//! One table of actions, their keys and their help text, in layers: the
//! commands of the panes, the search box, the note editor, the filter finder,
//! and the line editing that the three text boxes share (as yazi's input
//! layer). It drives key dispatch, the footer, every hint that names a key,
//! and the help overlay; `config.toml` may replace an action's keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Search,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    NextPane,
    PrevPane,
    Toggle,
    Open,
    ClearFilters,
    Bookmark,
    BookmarksOnly,
    CycleStatus,
    EditNote,
    Export,
    Undo,
    Redo,
    Facets,
    OpenLink,
    CopyLink,
    Networks,
    Learning,
    /// The welcome questions again: who you are, for "fits me".
    Profile,
    /// Only what fits the profile, in both tabs (again for all).
    FitsOnly,
    Help,
    Back,
    /// Jump to the next / previous group of filter values.
    NextGroup,
    PrevGroup,
    /// Fold every filter group but the one under the cursor (again: unfold).
    Fold,
    /// Type to narrow the filter values.
    FindFilter,
    /// Enter in a text box that is not the search: save the note, keep the
    /// narrowed filter list.
    Accept,
    // Line editing, shared by the search box, the note and the finder.
    CursorLeft,
    CursorRight,
    WordLeft,
    WordRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWord,
    ClearLine,
}

/// Which keymap layer a binding belongs to. A key is looked up in the layer
/// of the mode in force (and, in a text box, in the shared line-editing
/// layer), so one key may mean different things in different layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Commands, when no text box has the keyboard: single letters.
    Panes,
    /// The search box: typing goes into the query.
    Search,
    /// The note editor.
    Note,
    /// Finding a filter value by typing.
    Find,
    /// Line editing in any of the three text boxes.
    Input,
}

impl Layer {
    /// The sub-table of `[keys]` in config.toml (`None`: `[keys]` itself).
    pub fn table(self) -> Option<&'static str> {
        match self {
            Layer::Panes => None,
            Layer::Search => Some("search_box"),
            Layer::Note => Some("note_editor"),
            Layer::Find => Some("finder"),
            Layer::Input => Some("editing"),
        }
    }

    pub fn from_table(name: &str) -> Option<Layer> {
        [Layer::Search, Layer::Note, Layer::Find, Layer::Input]
            .into_iter()
            .find(|l| l.table() == Some(name))
    }

    /// Whether typing goes into a text box in this layer, so that plain
    /// characters cannot be commands.
    pub fn is_text(self) -> bool {
        self != Layer::Panes
    }

    /// Whether a key may not be bound in both layers: they are looked up
    /// together.
    pub fn overlaps(self, other: Layer) -> bool {
        self == other
            || matches!(
                (self, other),
                (Layer::Input, Layer::Search | Layer::Note | Layer::Find)
                    | (Layer::Search | Layer::Note | Layer::Find, Layer::Input)
            )
    }

    pub fn title(self) -> &'static str {
        match self {
            Layer::Panes => "Commands (after leaving the search box)",
            Layer::Search => "Typing in the search box (where hinet starts)",
            Layer::Input => "Editing text (search box, note, filter finder)",
            Layer::Note => "The note editor",
            Layer::Find => "Finding a filter value",
        }
    }
}

/// Where a command is offered, for the footer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Everywhere,
    Facets,
    Results,
}

/// One row of the table.
#[derive(Clone, Debug)]
pub struct Binding {
    pub command: Command,
    pub layer: Layer,
    /// The name used in config.toml's `[keys]` table (or its layer's sub-table).
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub help: &'static str,
    /// Short label for the footer, or None to leave it out of the footer.
    pub hint: Option<&'static str>,
    pub context: Context,
}

impl Binding {
    /// The name as config.toml spells it: `bookmark`, `search.down`.
    pub fn full_name(&self) -> String {
        match self.layer.table() {
            Some(t) => format!("{t}.{}", self.name),
            None => self.name.to_string(),
        }
    }
}

/// The key that always quits, in every mode; it cannot be rebound.
pub const QUIT_ANYWHERE: Key = Key::ctrl('c');

/// A key with its modifiers, as written in config.toml (`ctrl-c`, `G`, `pgdown`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// A character typed with no modifier: text in a text box.
    pub fn is_printable(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// The key a terminal event stands for. Shift is folded into the character.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let code = match ev.code {
            KeyCode::BackTab => KeyCode::BackTab,
            KeyCode::Char(c) if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parse `q`, `G`, `ctrl-c`, `alt-x`, `enter`, `esc`, `tab`, `shift-tab`,
    /// `space`, `up`, `down`, `left`, `right`, `home`, `end`, `pgup`, `pgdown`, `f1`…
    pub fn parse(s: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-") {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-") {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdown" | "pagedown" | "pgdn" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().ok()?)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl, alt })
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The keymap: every binding, in the order the help shows them.
#[derive(Clone, Debug)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Command as C;
        use Context::*;
        use Layer::*;
        let b = |layer, command, name, keys: &[Key], help, hint, context| Binding {
            command,
            layer,
            name,
            keys: keys.to_vec(),
            help,
            hint,
            context,
        };
        let k = Key::ch;
        let p = Key::plain;
        let ctrl = Key::ctrl;
        let alt = |c| Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: true,
        };
        let alt_bs = Key {
            code: KeyCode::Backspace,
            ctrl: false,
            alt: true,
        };
        Keymap {
            bindings: vec![
                // The search box.
                b(
                    Search,
                    C::Back,
                    "leave",
                    &[p(KeyCode::Esc)],
                    "Leave the search box for the commands (the query is kept)",
                    Some("for commands"),
                    Everywhere,
                ),
                b(
                    Search,
                    C::Down,
                    "down",
                    &[p(KeyCode::Down)],
                    "Move down the results",
                    Some("move"),
                    Everywhere,
                ),
                b(
                    Search,
                    C::Up,
                    "up",
                    &[p(KeyCode::Up)],
                    "Move up the results",
                    None,
                    Everywhere,
                ),
                b(
                    Search,
                    C::PageDown,
                    "page_down",
                    &[p(KeyCode::PageDown)],
                    "Page down the results",
                    None,
                    Everywhere,
                ),
                b(
                    Search,
                    C::PageUp,
                    "page_up",
                    &[p(KeyCode::PageUp)],
                    "Page up the results",
                    None,
                    Everywhere,
                ),
                b(
                    Search,
                    C::Top,
                    "top",
                    &[p(KeyCode::Home)],
                    "First result",
                    None,
                    Everywhere,
                ),
                b(
                    Search,
                    C::Bottom,
                    "bottom",
                    &[p(KeyCode::End)],
                    "Last result",
                    None,
                    Everywhere,
                ),
                b(
                    Search,
                    C::Open,
                    "open",
                    &[p(KeyCode::Enter)],
                    "Open the selected result's detail",
                    Some("detail"),
                    Everywhere,
                ),
                b(
                    Search,
                    C::NextPane,
                    "next_pane",
                    &[p(KeyCode::Tab)],
                    "Next pane",
                    Some("pane"),
                    Everywhere,
                ),
                b(
                    Search,
                    C::PrevPane,
                    "prev_pane",
                    &[p(KeyCode::BackTab)],
                    "Previous pane",
                    None,
                    Everywhere,
                ),
                b(
                    Search,
                    C::Help,
                    "help",
                    &[p(KeyCode::F(1))],
                    "This help",
                    Some("help"),
                    Everywhere,
                ),
                // Line editing in any text box.
                b(
                    Input,
                    C::ClearLine,
                    "clear",
                    &[ctrl('u')],
                    "Clear the text",
                    Some("clear"),
                    Everywhere,
                ),
                b(
                    Input,
                    C::DeleteWord,
                    "delete_word",
                    &[ctrl('w'), alt_bs],
                    "Delete the word before the cursor",
                    None,
                    Everywhere,
                ),
                b(
                    Input,
                    C::DeleteBack,
                    "delete_back",
                    &[p(KeyCode::Backspace)],
                    "Delete the character before the cursor",
                    None,
                    Everywhere,
                ),
                b(
                    Input,
                    C::DeleteForward,
                    "delete_forward",
                    &[p(KeyCode::Delete), ctrl('d')],
                    "Delete the character under the cursor",
                    None,
                    Everywhere,
                ),
                b(
                    Input,
                    C::CursorLeft,
                    "left",
                    &[p(KeyCode::Left), ctrl('b')],
                    "Cursor left",
                    None,
                    Everywhere,
                ),
                b(
                    Input,
                    C::CursorRight,
                    "right",
                    &[p(KeyCode::Right), ctrl('f')],
                    "Cursor right",
                    None,
                    Everywhere,
                ),
                b(
                    Input,
                    C::WordLeft,
                    "word_left",
                    &[alt('b')],
                    "Cursor to the previous word",
                    None,
                    Everywhere,
                ),
                b(
                    Input,
                    C::WordRight,
                    "word_right",
                    &[alt('f')],
                    "Cursor to the next word",
                    None,
                    Everywhere,
                ),
                b(
                    Input,
                    C::LineStart,
                    "start",
                    &[ctrl('a')],
                    "Cursor to the start",
                    None,
                    Everywhere,
                ),
                b(
                    Input,
                    C::LineEnd,
                    "end",
                    &[ctrl('e')],
                    "Cursor to the end",
                    None,
                    Everywhere,
                ),
                // The commands.
                b(
                    Panes,
                    C::Search,
                    "search",
                    &[k('/')],
                    "Back to the search box: type to search",
                    Some("to search"),
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Down,
                    "down",
                    &[k('j'), p(KeyCode::Down)],
                    "Move down (scrolls the detail and the help)",
                    Some("move"),
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Up,
                    "up",
                    &[k('k'), p(KeyCode::Up)],
                    "Move up",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Top,
                    "top",
                    &[k('g'), p(KeyCode::Home)],
                    "Go to the first row",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Bottom,
                    "bottom",
                    &[k('G'), p(KeyCode::End)],
                    "Go to the last row",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::PageDown,
                    "page_down",
                    &[p(KeyCode::PageDown)],
                    "Page down",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::PageUp,
                    "page_up",
                    &[p(KeyCode::PageUp)],
                    "Page up",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::NextPane,
                    "next_pane",
                    &[p(KeyCode::Tab)],
                    "Next pane",
                    Some("pane"),
                    Everywhere,
                ),
                b(
                    Panes,
                    C::PrevPane,
                    "prev_pane",
                    &[p(KeyCode::BackTab)],
                    "Previous pane",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Toggle,
                    "toggle",
                    &[k(' ')],
                    "Toggle the filter value",
                    Some("toggle"),
                    Facets,
                ),
                b(
                    Panes,
                    C::ClearFilters,
                    "clear_filters",
                    &[k('x')],
                    "Clear every filter",
                    Some("clear"),
                    Facets,
                ),
                b(
                    Panes,
                    C::NextGroup,
                    "next_group",
                    &[k(']')],
                    "Next group of filters",
                    Some("group"),
                    Facets,
                ),
                b(
                    Panes,
                    C::PrevGroup,
                    "prev_group",
                    &[k('[')],
                    "Previous group of filters",
                    None,
                    Facets,
                ),
                b(
                    Panes,
                    C::Fold,
                    "fold",
                    &[k('z')],
                    "Fold the other filter groups (again to unfold)",
                    Some("fold"),
                    Facets,
                ),
                b(
                    Panes,
                    C::FindFilter,
                    "find_filter",
                    &[k('n')],
                    "Find a filter value by typing (wal: Wales)",
                    Some("find"),
                    Facets,
                ),
                b(
                    Panes,
                    C::Open,
                    "open",
                    &[p(KeyCode::Enter)],
                    "Open the detail; on the detail of an opportunity, go to its network; on a filter value, toggle it",
                    Some("detail"),
                    Results,
                ),
                b(
                    Panes,
                    C::Bookmark,
                    "bookmark",
                    &[k('b')],
                    "Bookmark the network (again to remove)",
                    Some("bookmark"),
                    Results,
                ),
                b(
                    Panes,
                    C::BookmarksOnly,
                    "bookmarks_only",
                    &[k('B')],
                    "Show bookmarks only (again for all)",
                    Some("bookmarks"),
                    Everywhere,
                ),
                b(
                    Panes,
                    C::CycleStatus,
                    "status",
                    &[k('s')],
                    "Bookmark status: to join / joined",
                    None,
                    Results,
                ),
                b(
                    Panes,
                    C::EditNote,
                    "note",
                    &[k('e')],
                    "Edit the bookmark's note",
                    None,
                    Results,
                ),
                b(
                    Panes,
                    C::Undo,
                    "undo",
                    &[k('u')],
                    "Undo the last bookmark change (again for the one before)",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Redo,
                    "redo",
                    &[k('U'), Key::ctrl('r')],
                    "Redo the bookmark change just undone",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Export,
                    "export",
                    &[k('E')],
                    "Export the joining plan (Markdown)",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Facets,
                    "facets",
                    &[k('f')],
                    "Filters as an overlay (narrow screens)",
                    Some("filters"),
                    Everywhere,
                ),
                b(
                    Panes,
                    C::OpenLink,
                    "open_link",
                    &[k('o')],
                    "Open its website (or join or source page)",
                    Some("open"),
                    Results,
                ),
                b(
                    Panes,
                    C::CopyLink,
                    "copy_link",
                    &[k('y')],
                    "Copy the link (OSC 52)",
                    None,
                    Results,
                ),
                b(
                    Panes,
                    C::Networks,
                    "networks",
                    &[k('1')],
                    "The networks tab",
                    Some("networks"),
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Learning,
                    "learning",
                    &[k('2')],
                    "The learning and training tab",
                    Some("learning"),
                    Everywhere,
                ),
                b(
                    Panes,
                    C::FitsOnly,
                    "fits_only",
                    &[k('F')],
                    "Show only what fits your profile (again for all)",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Profile,
                    "profile",
                    &[k('p')],
                    "Your profile: the welcome questions again",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Help,
                    "help",
                    &[k('?'), p(KeyCode::F(1))],
                    "This help",
                    Some("help"),
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Back,
                    "back",
                    &[p(KeyCode::Esc)],
                    "Close the overlay, dismiss a message, or go back",
                    None,
                    Everywhere,
                ),
                b(
                    Panes,
                    C::Quit,
                    "quit",
                    &[k('q')],
                    "Quit (Ctrl-C quits from anywhere)",
                    Some("quit"),
                    Everywhere,
                ),
                // The note editor.
                b(
                    Note,
                    C::Accept,
                    "save",
                    &[p(KeyCode::Enter)],
                    "Save the note",
                    Some("saves"),
                    Everywhere,
                ),
                b(
                    Note,
                    C::Back,
                    "cancel",
                    &[p(KeyCode::Esc)],
                    "Leave the note as it was",
                    Some("cancels"),
                    Everywhere,
                ),
                b(
                    Note,
                    C::LineStart,
                    "start",
                    &[p(KeyCode::Home)],
                    "Cursor to the start of the note",
                    None,
                    Everywhere,
                ),
                b(
                    Note,
                    C::LineEnd,
                    "end",
                    &[p(KeyCode::End)],
                    "Cursor to the end of the note",
                    None,
                    Everywhere,
                ),
                // The filter finder.
                b(
                    Find,
                    C::Accept,
                    "done",
                    &[p(KeyCode::Enter)],
                    "Keep the narrowed list and go back to the commands",
                    Some("done"),
                    Everywhere,
                ),
                b(
                    Find,
                    C::Back,
                    "cancel",
                    &[p(KeyCode::Esc)],
                    "Show every filter value again",
                    Some("cancel"),
                    Everywhere,
                ),
                b(
                    Find,
                    C::Down,
                    "down",
                    &[p(KeyCode::Down)],
                    "Move down the values found",
                    Some("move"),
                    Everywhere,
                ),
                b(
                    Find,
                    C::Up,
                    "up",
                    &[p(KeyCode::Up)],
                    "Move up the values found",
                    None,
                    Everywhere,
                ),
                b(
                    Find,
                    C::Help,
                    "help",
                    &[p(KeyCode::F(1))],
                    "This help",
                    Some("help"),
                    Everywhere,
                ),
            ],
        }
    }
}

impl Keymap {
    /// The command a key asks for in one layer.
    pub fn lookup(&self, layer: Layer, key: Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.layer == layer && b.keys.contains(&key))
            .map(|b| b.command)
    }

    /// The command a key asks for among the commands of the panes.
    pub fn command_for(&self, key: Key) -> Option<Command> {
        self.lookup(Layer::Panes, key)
    }

    pub fn binding_in(&self, layer: Layer, command: Command) -> Option<&Binding> {
        self.bindings
            .iter()
            .find(|b| b.layer == layer && b.command == command)
    }

    pub fn binding(&self, command: Command) -> Option<&Binding> {
        self.binding_in(Layer::Panes, command)
    }

    /// The first key of a command in a layer, for hints (`Ctrl-U`).
    pub fn label_in(&self, layer: Layer, command: Command) -> String {
        self.binding_in(layer, command)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "-".to_string(), |k| k.to_string())
    }

    /// The first key of a command, for hints ("b").
    pub fn key_label(&self, command: Command) -> String {
        self.label_in(Layer::Panes, command)
    }

    /// The binding named as in config.toml, in a layer.
    pub fn by_name_in(&self, layer: Layer, name: &str) -> Option<usize> {
        self.bindings
            .iter()
            .position(|b| b.layer == layer && b.name == name)
    }

    pub fn by_name(&self, name: &str) -> Option<usize> {
        self.by_name_in(Layer::Panes, name)
    }

    /// The action that already has `key` where binding `index` would also
    /// look it up (`None`: the key is free for it).
    pub fn clash(&self, index: usize, key: Key) -> Option<&Binding> {
        let layer = self.bindings.get(index)?.layer;
        self.bindings
            .iter()
            .enumerate()
            .find(|(i, b)| *i != index && b.layer.overlaps(layer) && b.keys.contains(&key))
            .map(|(_, b)| b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys() {
        assert_eq!(Key::parse("q"), Some(Key::ch('q')));
        assert_eq!(Key::parse("G"), Some(Key::ch('G')));
        assert_eq!(Key::parse("ctrl-c"), Some(Key::ctrl('c')));
        assert_eq!(Key::parse("Ctrl-C"), Some(Key::ctrl('c')));
        assert_eq!(Key::parse("pgdown"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("space"), Some(Key::ch(' ')));
        assert_eq!(Key::parse("f5"), Some(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("nonsense"), None);
        assert_eq!(Key::parse(""), None);
    }

    #[test]
    fn default_keys_are_unique_where_they_are_looked_up_together() {
        let km = Keymap::default();
        for (i, b) in km.bindings.iter().enumerate() {
            for k in &b.keys {
                assert!(
                    km.clash(i, *k).is_none(),
                    "{k} of {} is also bound where it is looked up",
                    b.full_name()
                );
                assert_ne!(*k, QUIT_ANYWHERE, "{} takes the quit key", b.full_name());
                if b.layer.is_text() {
                    assert!(!k.is_printable(), "{} would stop typing {k}", b.full_name());
                }
            }
        }
        assert_eq!(km.command_for(Key::ch('b')), Some(Command::Bookmark));
        assert_eq!(
            km.lookup(Layer::Search, Key::plain(KeyCode::Esc)),
            Some(Command::Back)
        );
        assert_eq!(km.lookup(Layer::Search, Key::ch('b')), None);
    }

    #[test]
    fn names_are_unique_within_a_layer() {
        let km = Keymap::default();
        let mut seen = std::collections::HashSet::new();
        for b in &km.bindings {
            assert!(seen.insert(b.full_name()), "{} twice", b.full_name());
            // `[keys.search_box]` cannot share a name with `[keys] search`.
            assert!(
                Layer::from_table(b.name).is_none(),
                "{} is also a layer's table",
                b.name
            );
        }
    }
}
