//! Bookmark commands: each sends the state the person asked for (a
//! `Change`), never a toggle, and the screen changes only when the saved
//! result comes back (`saved`), so what is shown is what is on disk. A
//! failure keeps the old state and an error that stays until dismissed.
//! Every saved change can be undone and redone, step by step, through the
//! same store.

use super::{App, Command, Effect, Overlay};
use crate::bookmarks::{Bookmark, Change, Step};

/// Why a change is being saved: a new change, or an undo or redo of a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    Do,
    Undo(Box<Step>),
    Redo(Box<Step>),
}

/// The session's undo and redo stacks (most recent last).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub undo: Vec<Step>,
    pub redo: Vec<Step>,
}

impl History {
    /// The redo stack, or the undo stack.
    fn stack(&mut self, redo: bool) -> &mut Vec<Step> {
        if redo { &mut self.redo } else { &mut self.undo }
    }
}

impl App {
    /// A message that stays until the person dismisses it (an error, or a
    /// path they need to read).
    pub fn sticky(&mut self, message: String) {
        self.status = Some(message);
        self.status_sticky = true;
    }

    /// Replace the status line with a message that the next key clears.
    fn say(&mut self, message: String) {
        self.status = Some(message);
        self.status_sticky = false;
    }

    /// Dismiss the status message, sticky or not.
    pub fn dismiss(&mut self) {
        self.status = None;
        self.status_sticky = false;
    }

    /// What a network is called on the status line.
    fn name_of(&self, id: &str) -> String {
        self.catalogue
            .network(id)
            .map_or_else(|| id.to_string(), |n| n.display_short().to_string())
    }

    /// Send a change to the store, unless the bookmarks are read-only.
    fn send(&mut self, change: Change, why: Why) -> Vec<Effect> {
        if let Some(why) = &self.read_only {
            self.sticky(format!("Not saved: bookmarks are read-only: {why}"));
            return Vec::new();
        }
        vec![Effect::Bookmark(change, why)]
    }

    /// `b`: bookmarked if it is not, not bookmarked if it is, as shown.
    pub(super) fn bookmark_selected(&mut self) -> Vec<Effect> {
        let Some(id) = self.selected_network().map(|n| n.id.clone()) else {
            return Vec::new();
        };
        let change = if self.is_bookmarked(&id) {
            Change::Remove(id)
        } else {
            Change::Add(id)
        };
        self.send(change, Why::Do)
    }

    /// `s`: the next status after the one shown.
    pub(super) fn cycle_status(&mut self) -> Vec<Effect> {
        let found = self
            .selected_network()
            .and_then(|n| self.bookmark(&n.id))
            .map(|b| (b.id.clone(), b.status.next()));
        match found {
            Some((id, next)) => self.send(Change::Status(id, next), Why::Do),
            None => {
                let key = self.keymap.key_label(Command::Bookmark);
                self.say(format!("Bookmark it first ({key}) to give it a status"));
                Vec::new()
            }
        }
    }

    /// `e`: open the note editor, and read the file again so that the note
    /// edited is the one on disk.
    pub(super) fn edit_note(&mut self) -> Vec<Effect> {
        let found = self
            .selected_network()
            .and_then(|n| self.bookmark(&n.id))
            .cloned();
        match found {
            Some(b) => {
                let text = b.note.unwrap_or_default();
                self.overlay = Overlay::Note {
                    id: b.id,
                    cursor: text.len(),
                    text,
                };
                vec![Effect::ReloadBookmarks]
            }
            None => {
                let key = self.keymap.key_label(Command::Bookmark);
                self.say(format!("Bookmark it first ({key}) to add a note"));
                Vec::new()
            }
        }
    }

    /// Enter in the note editor.
    pub(super) fn save_note(&mut self, id: String, note: Option<String>) -> Vec<Effect> {
        self.send(Change::Note(id, note), Why::Do)
    }

    /// `u`: put back the bookmark the last change touched, as it was.
    pub(super) fn undo(&mut self) -> Vec<Effect> {
        self.replay(false)
    }

    /// Redo: make the last undone change again.
    pub(super) fn redo(&mut self) -> Vec<Effect> {
        self.replay(true)
    }

    /// Undo (the bookmark as it was before the last change) or redo (as it
    /// was after the last undone one); the step stays on its list when the
    /// change cannot be sent.
    fn replay(&mut self, redo: bool) -> Vec<Effect> {
        let Some(step) = self.history.stack(redo).pop() else {
            self.say(format!("Nothing to {}", if redo { "redo" } else { "undo" }));
            return Vec::new();
        };
        let (state, why) = if redo {
            (step.after.clone(), Why::Redo(Box::new(step.clone())))
        } else {
            (step.before.clone(), Why::Undo(Box::new(step.clone())))
        };
        let effects = self.send(Change::Restore(step.id.clone(), state), why);
        if effects.is_empty() {
            self.history.stack(redo).push(step);
        }
        effects
    }

    /// The bookmarks as the file now holds them.
    pub(super) fn bookmarks_loaded(&mut self, list: Vec<Bookmark>) {
        // An open note editor that has not been typed in follows the file.
        if let Overlay::Note { id, text, .. } = &self.overlay {
            let shown = self.bookmark(id).and_then(|b| b.note.clone());
            let untouched = *text == shown.unwrap_or_default();
            match list.iter().find(|b| b.id == *id) {
                Some(b) if untouched => {
                    let id = id.clone();
                    let text = b.note.clone().unwrap_or_default();
                    self.overlay = Overlay::Note {
                        id,
                        cursor: text.len(),
                        text,
                    };
                }
                Some(_) => {}
                None => {
                    let name = self.name_of(id);
                    self.overlay = Overlay::None;
                    self.sticky(format!(
                        "{name} is no longer bookmarked (changed in another copy of hinet)"
                    ));
                }
            }
        }
        if self.bookmarks != list {
            self.bookmarks = list;
            self.bookmarks_changed();
        }
    }

    /// A change was saved: show the file's state and say what changed.
    pub(super) fn saved(&mut self, why: Why, steps: Vec<Step>, list: Vec<Bookmark>) {
        self.bookmarks_loaded(list);
        let Some(step) = steps.into_iter().next() else {
            return;
        };
        let undo = self.keymap.key_label(Command::Undo);
        let redo = self.keymap.key_label(Command::Redo);
        match why {
            Why::Do if step.changed() => {
                let what = self.describe(&step);
                self.history.undo.push(step);
                self.history.redo.clear();
                self.say(format!("{what} — {undo} undoes"));
            }
            Why::Do => {
                let name = self.name_of(&step.id);
                self.say(match &step.after {
                    Some(_) => format!("{name} was already saved that way"),
                    None => format!("{name} is not bookmarked"),
                });
            }
            Why::Undo(done) => {
                let what = self.describe(&done);
                self.history.redo.push(*done);
                self.say(format!("Undone: {what} — {redo} redoes"));
            }
            Why::Redo(done) => {
                let what = self.describe(&done);
                self.history.undo.push(*done);
                self.say(format!("Redone: {what} — {undo} undoes"));
            }
        }
    }

    /// A change could not be saved: the old state stays (read again from
    /// the file when it can be) and the error stays until dismissed.
    pub(super) fn not_saved(&mut self, why: Why, error: String, list: Option<Vec<Bookmark>>) {
        if let Some(list) = list {
            self.bookmarks_loaded(list);
        }
        match why {
            Why::Do => {}
            Why::Undo(step) => self.history.undo.push(*step),
            Why::Redo(step) => self.history.redo.push(*step),
        }
        self.sticky(format!("Not saved: {error}"));
    }

    /// One step in words: "Removed AphA (with its note)".
    fn describe(&self, step: &Step) -> String {
        let name = self.name_of(&step.id);
        let (before, after) = (
            step.before.as_ref().map(|s| &s.bookmark),
            step.after.as_ref().map(|s| &s.bookmark),
        );
        match (before, after) {
            (None, Some(_)) => format!("Bookmarked {name}"),
            (Some(b), None) if b.note.is_some() => format!("Removed {name} (with its note)"),
            (Some(_), None) => format!("Removed {name}"),
            (Some(b), Some(a)) if b.status != a.status => {
                format!("{name}: {}", a.status.label())
            }
            (Some(b), Some(a)) if b.note != a.note && a.note.is_none() => {
                format!("Removed the note of {name}")
            }
            (Some(b), Some(a)) if b.note != a.note => format!("Saved the note of {name}"),
            _ => format!("Changed {name}"),
        }
    }
}
