//! Keys and pastes: where typing goes (the search box, the note editor,
//! the filter finder, or the commands), and the one line editor
//! (`line::Line`) that every text box is edited with.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Command, Effect, Focus, Key, Layer, Layout, Mode, Overlay, keymap, line};
use crate::bookmarks;

/// The longest query the search box takes.
pub const MAX_QUERY_CHARS: usize = 200;

/// The longest text the filter finder takes.
const MAX_FIND_CHARS: usize = 100;

impl App {
    /// A key: Ctrl-C quits from anywhere; else it goes where typing goes now.
    pub(super) fn key(&mut self, ev: &KeyEvent) -> Vec<Effect> {
        let key = Key::from_event(ev);
        if key == keymap::QUIT_ANYWHERE {
            // Ctrl-C quits from anywhere, whatever the keymap says.
            self.quit = true;
            return Vec::new();
        }
        if self.welcome.is_some() {
            return self.welcome_key(ev);
        }
        // A message that stays is dismissed by the back key of the
        // layer in force (except in the note editor, where it cancels).
        let mode = self.mode();
        let back = match mode {
            Mode::Note => None,
            Mode::Search => self.keymap.lookup(Layer::Search, key),
            Mode::Find => self.keymap.lookup(Layer::Find, key),
            Mode::Commands => self.keymap.command_for(key),
        };
        if self.status_sticky && back == Some(Command::Back) {
            self.dismiss();
            return Vec::new();
        }
        if self.layout() == Layout::TooSmall {
            return match self.keymap.command_for(key) {
                Some(Command::Quit) => self.command(Command::Quit),
                _ => Vec::new(),
            };
        }
        match mode {
            Mode::Note => self.note_key(key),
            Mode::Search => self.search_key(key),
            Mode::Find => self.find_key(key),
            Mode::Commands => self.command_key(key),
        }
    }

    /// A key while the user types into the search box.
    pub(super) fn search_key(&mut self, key: Key) -> Vec<Effect> {
        match self.keymap.lookup(Layer::Search, key) {
            Some(Command::Back) => self.focus = Focus::Results,
            Some(c) => return self.command(c),
            None => self.type_key(TextBox::Query, None, key),
        }
        Vec::new()
    }

    /// A key while the user types into the filter finder.
    pub(super) fn find_key(&mut self, key: Key) -> Vec<Effect> {
        match self.keymap.lookup(Layer::Find, key) {
            Some(Command::Accept) => self.finding = false,
            Some(Command::Back) => {
                self.finding = false;
                self.edit_box(TextBox::Find, |l| l.edit(Command::ClearLine));
            }
            Some(c) => return self.command(c),
            None => self.type_key(TextBox::Find, None, key),
        }
        Vec::new()
    }

    /// A key while the note editor is open.
    pub(super) fn note_key(&mut self, key: Key) -> Vec<Effect> {
        let Overlay::Note { id, text, .. } = &self.overlay else {
            return Vec::new();
        };
        let note_command = self.keymap.lookup(Layer::Note, key);
        match note_command {
            Some(Command::Back) => {
                self.overlay = Overlay::None;
                self.status = Some("Note not changed".into());
            }
            Some(Command::Accept) => {
                let id = id.clone();
                let note = text.trim().to_string();
                self.overlay = Overlay::None;
                let note = (!note.is_empty()).then_some(note);
                return self.save_note(id, note);
            }
            // The note's own keys (Home, End), then the shared editing keys.
            _ => self.type_key(TextBox::Note, note_command, key),
        }
        Vec::new()
    }

    /// A key typed into a text box: its own editing command if it has one,
    /// else a shared editing command, else the character it types.
    fn type_key(&mut self, b: TextBox, own: Option<Command>, key: Key) {
        match own.or_else(|| self.keymap.lookup(Layer::Input, key)) {
            Some(c) => self.edit_box(b, |l| l.edit(c)),
            None => {
                if let Some(c) = typed(key) {
                    self.edit_box(b, |l| l.insert(c, b.max_chars()));
                }
            }
        }
    }

    /// Edit a text box with the one line editor. A changed query searches
    /// again; a changed finder keeps the filter cursor on a shown value.
    fn edit_box(&mut self, b: TextBox, edit: impl FnOnce(&mut line::Line) -> bool) {
        match b {
            TextBox::Query => self.set_query(edit),
            TextBox::Find => self.set_find(edit),
            TextBox::Note => {
                if let Overlay::Note { text, cursor, .. } = &mut self.overlay {
                    line::edit_in(text, cursor, edit);
                }
            }
        }
    }

    /// A key among the commands; an overlay takes only its own keys.
    pub(super) fn command_key(&mut self, key: Key) -> Vec<Effect> {
        let Some(c) = self.keymap.command_for(key) else {
            return Vec::new();
        };
        let allowed = match self.overlay {
            Overlay::Help => HELP_COMMANDS.contains(&c),
            Overlay::Facets => HELP_COMMANDS.contains(&c) || FILTER_COMMANDS.contains(&c),
            _ => true,
        };
        if !allowed {
            return Vec::new();
        }
        if self.status.is_some() && !self.status_sticky && c != Command::Back {
            self.status = None;
        }
        self.command(c)
    }

    /// Edit the query; as in every picker, the best match is then selected.
    pub(super) fn set_query(&mut self, edit: impl FnOnce(&mut line::Line) -> bool) {
        let t = self.tab_index();
        let tab = &mut self.tabs[t];
        if tab.edit_query(edit) {
            tab.select_first = true;
            self.refresh_typed(t);
        }
    }

    /// Edit the text that narrows the filter values.
    pub(super) fn set_find(&mut self, edit: impl FnOnce(&mut line::Line) -> bool) {
        let t = self.current_mut();
        if edit(&mut t.facet_find) {
            t.cursor_to_visible();
        }
    }

    /// A paste: cleaned as typed text is (line breaks and tabs become
    /// spaces, anything the sanitiser refuses is dropped), put in at the
    /// cursor of the note being written, of the filter finder, or else of
    /// the search box, cut to its limit: one edit.
    pub(super) fn paste(&mut self, text: &str) {
        let b = match self.mode() {
            Mode::Note => TextBox::Note,
            Mode::Find => TextBox::Find,
            _ if self.layout() == Layout::TooSmall => return,
            _ => {
                self.overlay = Overlay::None;
                self.focus = Focus::Search;
                TextBox::Query
            }
        };
        let max = b.max_chars();
        let mut cut = false;
        self.edit_box(b, |l| {
            let (clean, more) = clean_paste(text, max.saturating_sub(l.text.chars().count()));
            cut = more;
            l.insert_str(&clean, max)
        });
        // A message that stays is not replaced by this one.
        if cut && !self.status_sticky {
            self.status = Some(format!("Pasted text cut to {max} characters"));
        }
    }
}

/// The character a key types, if it types one that may go into a text box.
fn typed(key: Key) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if key.is_printable() && typeable(c) => Some(c),
        _ => None,
    }
}

/// Pasted text as if typed, at most `room` characters: line breaks and
/// tabs become spaces (CR LF one space), anything the sanitiser refuses is
/// dropped. True as well when more did not fit.
fn clean_paste(text: &str, room: usize) -> (String, bool) {
    let mut out = String::new();
    let mut n = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\r' if chars.peek() == Some(&'\n') => continue,
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => ' ',
            c if typeable(c) => c,
            _ => continue,
        };
        if n == room {
            return (out, true);
        }
        out.push(c);
        n += 1;
    }
    (out, false)
}

/// A character that may be typed into the search box or a note: nothing the
/// sanitiser would refuse (controls, bidi overrides, zero-width, tags).
fn typeable(c: char) -> bool {
    !crate::text::sanitize::is_forbidden(c) && !crate::text::sanitize::is_invisible(c)
}

/// The commands the help overlay takes: moving through it, and closing it.
const HELP_COMMANDS: &[Command] = &[
    Command::Down,
    Command::Up,
    Command::PageDown,
    Command::PageUp,
    Command::Top,
    Command::Bottom,
    Command::Help,
    Command::Back,
    Command::Quit,
];

/// What the filters overlay takes besides those: the filter commands.
const FILTER_COMMANDS: &[Command] = &[
    Command::Toggle,
    Command::Open,
    Command::ClearFilters,
    Command::NextGroup,
    Command::PrevGroup,
    Command::Fold,
    Command::FindFilter,
    Command::Facets,
    Command::Search,
];

/// The text boxes, all edited with `line::Line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextBox {
    Query,
    Note,
    Find,
}

impl TextBox {
    /// The most characters the box takes.
    fn max_chars(self) -> usize {
        match self {
            TextBox::Query => MAX_QUERY_CHARS,
            TextBox::Note => bookmarks::MAX_NOTE_CHARS,
            TextBox::Find => MAX_FIND_CHARS,
        }
    }
}

#[cfg(test)]
mod paste_tests {
    use super::clean_paste;

    #[test]
    fn a_paste_is_cleaned_as_typing_is_and_cut_to_the_room_left() {
        let (q, cut) = clean_paste("ana\r\nlyst\tx\u{202e}y\u{200b}z\u{1b}[31m", 200);
        assert!(!cut);
        assert_eq!(q, "ana lyst xyz[31m");
        assert_eq!(clean_paste("cdé\nfg", 3), ("cdé".to_string(), true));
        assert_eq!(clean_paste("y", 0), (String::new(), true));
        assert_eq!(clean_paste("", 0), (String::new(), false));
    }
}
