//! The bookmarks as data: a status, one bookmark, and the pure edits of a
//! list (add, remove, toggle, status, note), each string cleaned as the file
//! would give it back.

use std::collections::HashSet;

use serde::Serialize;

use super::{MAX_ADDED_CHARS, MAX_ID_CHARS, MAX_NOTE_CHARS};
use crate::text::sanitize;

/// Where the user is with a network they bookmarked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BookmarkStatus {
    /// They mean to join it.
    #[default]
    ToJoin,
    /// They have joined it.
    Joined,
}

impl BookmarkStatus {
    /// Every status, in the order `next` cycles through them.
    pub(super) const ALL: [BookmarkStatus; 2] = [BookmarkStatus::ToJoin, BookmarkStatus::Joined];

    /// The id used in the file and on the command line: `to-join` or `joined`.
    pub fn id(self) -> &'static str {
        match self {
            BookmarkStatus::ToJoin => "to-join",
            BookmarkStatus::Joined => "joined",
        }
    }

    /// The label shown to the user: `To join` or `Joined`.
    pub fn label(self) -> &'static str {
        match self {
            BookmarkStatus::ToJoin => "To join",
            BookmarkStatus::Joined => "Joined",
        }
    }

    /// The status with this id, if any.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The next status, cycling back to the first.
    pub fn next(self) -> Self {
        match self {
            BookmarkStatus::ToJoin => BookmarkStatus::Joined,
            BookmarkStatus::Joined => BookmarkStatus::ToJoin,
        }
    }
}

/// One saved network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bookmark {
    /// The network's id in the catalogue (kept even when the catalogue no
    /// longer has it).
    pub id: String,
    pub status: BookmarkStatus,
    /// A short note, as shown: sanitised to one line of at most
    /// `MAX_NOTE_CHARS` (the file may hold a longer one, kept as written).
    pub note: Option<String>,
    /// When it was added, RFC 3339 UTC (`2026-11-24T10:00:00Z`); empty when
    /// the file did not say.
    pub added: String,
}

/// An id as it is kept: sanitised, one line, trimmed.
pub(super) fn clean_id(id: &str) -> String {
    sanitize::line(id.trim(), MAX_ID_CHARS).trim().to_string()
}

/// A note as it is kept: sanitised, one line, trimmed, capped; empty is none.
pub(super) fn clean_note(note: &str) -> Option<String> {
    let s = sanitize::line(note.trim(), MAX_NOTE_CHARS);
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// An `added` time as it is kept: sanitised, one line, trimmed.
pub(super) fn clean_added(added: &str) -> String {
    sanitize::line(added.trim(), MAX_ADDED_CHARS)
        .trim()
        .to_string()
}

pub(super) fn find(list: &[Bookmark], id: &str) -> Option<usize> {
    let id = clean_id(id);
    list.iter().position(|b| b.id == id)
}

/// Bookmark `id` (status to-join, no note, added `now`). Returns false when it
/// is already bookmarked, or when the id is empty once sanitised.
pub fn add(list: &mut Vec<Bookmark>, id: &str, now: &str) -> bool {
    let id = clean_id(id);
    if id.is_empty() || list.iter().any(|b| b.id == id) {
        return false;
    }
    list.push(Bookmark {
        id,
        status: BookmarkStatus::default(),
        note: None,
        added: clean_added(now),
    });
    true
}

/// Remove the bookmark of `id`. Returns false when there was none.
pub fn remove(list: &mut Vec<Bookmark>, id: &str) -> bool {
    match find(list, id) {
        Some(i) => {
            list.remove(i);
            true
        }
        None => false,
    }
}

/// Remove the bookmark of `id` if there is one, otherwise add it. Returns true
/// when `id` is bookmarked afterwards.
pub fn toggle(list: &mut Vec<Bookmark>, id: &str, now: &str) -> bool {
    if remove(list, id) {
        false
    } else {
        add(list, id, now)
    }
}

/// Set the status of the bookmark of `id`. Returns true when it changed.
#[expect(clippy::ptr_arg, reason = "the edit functions share one signature")]
pub fn set_status(list: &mut Vec<Bookmark>, id: &str, s: BookmarkStatus) -> bool {
    match find(list, id) {
        Some(i) if list[i].status != s => {
            list[i].status = s;
            true
        }
        _ => false,
    }
}

/// Set (or with `None` or blank text, clear) the note of the bookmark of `id`.
/// The note is sanitised to one line and capped at `MAX_NOTE_CHARS`. Returns
/// true when it changed.
#[expect(clippy::ptr_arg, reason = "the edit functions share one signature")]
pub fn set_note(list: &mut Vec<Bookmark>, id: &str, note: Option<&str>) -> bool {
    let note = note.and_then(clean_note);
    match find(list, id) {
        Some(i) if list[i].note != note => {
            list[i].note = note;
            true
        }
        _ => false,
    }
}

/// Make a list exactly what reading it back from the file would give: every
/// string cleaned, entries with an empty id dropped, duplicates after the
/// first dropped.
pub(super) fn normalise(list: &mut Vec<Bookmark>) {
    let mut seen = HashSet::new();
    list.retain_mut(|b| {
        b.id = clean_id(&b.id);
        b.note = b.note.as_deref().and_then(clean_note);
        b.added = clean_added(&b.added);
        !b.id.is_empty() && seen.insert(b.id.clone())
    });
}
