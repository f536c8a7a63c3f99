//! One table of actions, their keys and their help text, in layers: the
//! commands of the panes, the search box, the note editor, the filter finder,
//! and the line editing that the three text boxes share (as yazi's input
//! layer). It drives key dispatch, the footer, every hint that names a key,
//! and the help overlay; `config.toml` may replace an action's keys.

mod defaults;
mod key;

pub use key::Key;

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
    /// Every layer, in the order the help and the settings file show them.
    pub const ALL: [Layer; 5] = [
        Layer::Panes,
        Layer::Search,
        Layer::Input,
        Layer::Note,
        Layer::Find,
    ];

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

/// The keymap: every binding, in the order the help shows them.
#[derive(Clone, Debug)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: defaults::bindings(),
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
    use ratatui::crossterm::event::KeyCode;

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
