//! The default keymap: one row an action, in the order the help shows them.
//! `config.toml` may replace an action's keys (`super::Keymap` looks keys up).

use ratatui::crossterm::event::KeyCode::{self, *};

use super::Context::{self, *};
use super::Layer::{self, *};
use super::{Binding, Command as C, Key};

const fn k(c: char) -> Key {
    Key::ch(c)
}
const fn p(code: KeyCode) -> Key {
    Key::plain(code)
}
const fn ctrl(c: char) -> Key {
    Key::ctrl(c)
}
const fn alt(code: KeyCode) -> Key {
    Key::alt(code)
}

/// One action: its layer, command, name in config.toml, keys, help text,
/// footer hint (none: not in the footer) and where the footer offers it.
type Row = (
    Layer,
    C,
    &'static str,
    &'static [Key],
    &'static str,
    Option<&'static str>,
    Context,
);

/// Every default binding.
#[rustfmt::skip]
const DEFAULTS: &[Row] = &[
    // The search box.
    (Search, C::Back, "leave", &[p(Esc)], "Leave the search box for the commands (the query is kept)", Some("for commands"), Everywhere),
    (Search, C::Down, "down", &[p(Down)], "Move down the results", Some("move"), Everywhere),
    (Search, C::Up, "up", &[p(Up)], "Move up the results", None, Everywhere),
    (Search, C::PageDown, "page_down", &[p(PageDown)], "Page down the results", None, Everywhere),
    (Search, C::PageUp, "page_up", &[p(PageUp)], "Page up the results", None, Everywhere),
    (Search, C::Top, "top", &[p(Home)], "First result", None, Everywhere),
    (Search, C::Bottom, "bottom", &[p(End)], "Last result", None, Everywhere),
    (Search, C::Open, "open", &[p(Enter)], "Open the selected result's detail", Some("detail"), Everywhere),
    (Search, C::NextPane, "next_pane", &[p(Tab)], "Next pane", Some("pane"), Everywhere),
    (Search, C::PrevPane, "prev_pane", &[p(BackTab)], "Previous pane", None, Everywhere),
    (Search, C::Help, "help", &[p(F(1))], "This help", Some("help"), Everywhere),
    // Line editing in any text box.
    (Input, C::ClearLine, "clear", &[ctrl('u')], "Clear the text", Some("clear"), Everywhere),
    (Input, C::DeleteWord, "delete_word", &[ctrl('w'), alt(Backspace)], "Delete the word before the cursor", None, Everywhere),
    (Input, C::DeleteBack, "delete_back", &[p(Backspace)], "Delete the character before the cursor", None, Everywhere),
    (Input, C::DeleteForward, "delete_forward", &[p(Delete), ctrl('d')], "Delete the character under the cursor", None, Everywhere),
    (Input, C::CursorLeft, "left", &[p(Left), ctrl('b')], "Cursor left", None, Everywhere),
    (Input, C::CursorRight, "right", &[p(Right), ctrl('f')], "Cursor right", None, Everywhere),
    (Input, C::WordLeft, "word_left", &[alt(Char('b'))], "Cursor to the previous word", None, Everywhere),
    (Input, C::WordRight, "word_right", &[alt(Char('f'))], "Cursor to the next word", None, Everywhere),
    (Input, C::LineStart, "start", &[ctrl('a')], "Cursor to the start", None, Everywhere),
    (Input, C::LineEnd, "end", &[ctrl('e')], "Cursor to the end", None, Everywhere),
    // The commands.
    (Panes, C::Search, "search", &[k('/')], "Back to the search box: type to search", Some("to search"), Everywhere),
    (Panes, C::Down, "down", &[k('j'), p(Down)], "Move down (scrolls the detail and the help)", Some("move"), Everywhere),
    (Panes, C::Up, "up", &[k('k'), p(Up)], "Move up", None, Everywhere),
    (Panes, C::Top, "top", &[k('g'), p(Home)], "Go to the first row", None, Everywhere),
    (Panes, C::Bottom, "bottom", &[k('G'), p(End)], "Go to the last row", None, Everywhere),
    (Panes, C::PageDown, "page_down", &[p(PageDown)], "Page down", None, Everywhere),
    (Panes, C::PageUp, "page_up", &[p(PageUp)], "Page up", None, Everywhere),
    (Panes, C::NextPane, "next_pane", &[p(Tab)], "Next pane", Some("pane"), Everywhere),
    (Panes, C::PrevPane, "prev_pane", &[p(BackTab)], "Previous pane", None, Everywhere),
    (Panes, C::Toggle, "toggle", &[k(' ')], "Toggle the filter value", Some("toggle"), Facets),
    (Panes, C::ClearFilters, "clear_filters", &[k('x')], "Clear every filter", Some("clear"), Facets),
    (Panes, C::NextGroup, "next_group", &[k(']')], "Next group of filters", Some("group"), Facets),
    (Panes, C::PrevGroup, "prev_group", &[k('[')], "Previous group of filters", None, Facets),
    (Panes, C::Fold, "fold", &[k('z')], "Fold the other filter groups (again to unfold)", Some("fold"), Facets),
    (Panes, C::FindFilter, "find_filter", &[k('n')], "Find a filter value by typing (wal: Wales)", Some("find"), Facets),
    (Panes, C::Open, "open", &[p(Enter)], "Open the detail; on the detail of an opportunity, go to its network; on a filter value, toggle it", Some("detail"), Results),
    (Panes, C::Bookmark, "bookmark", &[k('b')], "Bookmark the network (again to remove)", Some("bookmark"), Results),
    (Panes, C::BookmarksOnly, "bookmarks_only", &[k('B')], "Show bookmarks only (again for all)", Some("bookmarks"), Everywhere),
    (Panes, C::CycleStatus, "status", &[k('s')], "Bookmark status: to join / joined", None, Results),
    (Panes, C::EditNote, "note", &[k('e')], "Edit the bookmark's note", None, Results),
    (Panes, C::Undo, "undo", &[k('u')], "Undo the last bookmark change (again for the one before)", None, Everywhere),
    (Panes, C::Redo, "redo", &[k('U'), ctrl('r')], "Redo the bookmark change just undone", None, Everywhere),
    (Panes, C::Export, "export", &[k('E')], "Export the joining plan (Markdown)", None, Everywhere),
    (Panes, C::Facets, "facets", &[k('f')], "Filters as an overlay (narrow screens)", Some("filters"), Everywhere),
    (Panes, C::OpenLink, "open_link", &[k('o')], "Open its website (or join or source page)", Some("open"), Results),
    (Panes, C::CopyLink, "copy_link", &[k('y')], "Copy the link (OSC 52)", None, Results),
    (Panes, C::Networks, "networks", &[k('1')], "The networks tab", Some("networks"), Everywhere),
    (Panes, C::Learning, "learning", &[k('2')], "The learning and training tab", Some("learning"), Everywhere),
    (Panes, C::FitsOnly, "fits_only", &[k('F')], "Show only what fits your profile (again for all)", None, Everywhere),
    (Panes, C::Profile, "profile", &[k('p')], "Your profile: the welcome questions again", None, Everywhere),
    (Panes, C::Help, "help", &[k('?'), p(F(1))], "This help", Some("help"), Everywhere),
    (Panes, C::Back, "back", &[p(Esc)], "Close the overlay, dismiss a message, or go back", None, Everywhere),
    (Panes, C::Quit, "quit", &[k('q')], "Quit (Ctrl-C quits from anywhere)", Some("quit"), Everywhere),
    // The note editor.
    (Note, C::Accept, "save", &[p(Enter)], "Save the note", Some("saves"), Everywhere),
    (Note, C::Back, "cancel", &[p(Esc)], "Leave the note as it was", Some("cancels"), Everywhere),
    (Note, C::LineStart, "start", &[p(Home)], "Cursor to the start of the note", None, Everywhere),
    (Note, C::LineEnd, "end", &[p(End)], "Cursor to the end of the note", None, Everywhere),
    // The filter finder.
    (Find, C::Accept, "done", &[p(Enter)], "Keep the narrowed list and go back to the commands", Some("done"), Everywhere),
    (Find, C::Back, "cancel", &[p(Esc)], "Show every filter value again", Some("cancel"), Everywhere),
    (Find, C::Down, "down", &[p(Down)], "Move down the values found", Some("move"), Everywhere),
    (Find, C::Up, "up", &[p(Up)], "Move up the values found", None, Everywhere),
    (Find, C::Help, "help", &[p(F(1))], "This help", Some("help"), Everywhere),
];

/// The default bindings, in the order of the table.
pub fn bindings() -> Vec<Binding> {
    DEFAULTS
        .iter()
        .map(
            |&(layer, command, name, keys, help, hint, context)| Binding {
                command,
                layer,
                name,
                keys: keys.to_vec(),
                help,
                hint,
                context,
            },
        )
        .collect()
}
