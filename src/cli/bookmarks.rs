//! `hinet bookmarks`: list, add, remove, set and export the saved list, and
//! the ids of the saved list for `search --bookmarked`.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{BookmarkCommand, Failure, PlanFormat, find_network, write_json};
use crate::bookmarks::{self, BookmarkStatus, Change, Store};
use crate::catalogue::{self, Catalogue};
use crate::report::plan;

/// Carry out one bookmark subcommand against the store.
pub(super) fn command(
    cat: &Catalogue,
    store: &Store,
    action: &BookmarkCommand,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let now = bookmarks::now_rfc3339();
    match action {
        BookmarkCommand::List { json } => list(cat, store, *json, out),
        BookmarkCommand::Add { id, status, note } => {
            let edit = Edit::new(id, *status, note.as_deref());
            add(cat, store, &edit, &now, out)
        }
        BookmarkCommand::Remove { id } => remove(store, id, &now, out),
        BookmarkCommand::Set { id, status, note } => {
            set(store, &Edit::new(id, *status, note.as_deref()), &now, out)
        }
        BookmarkCommand::Export { format, output } => {
            export(cat, store, *format, output.as_deref(), out)
        }
    }
}

fn store_failure(e: bookmarks::StoreError) -> Failure {
    Failure::input(format!("error: {e}"))
}

fn list(cat: &Catalogue, store: &Store, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let loaded = store.load().map_err(store_failure)?;
    report_notices(&loaded.notices);
    if json {
        return write_json(out, &export_entries(cat, &loaded.bookmarks));
    }
    let mut list: Vec<_> = loaded.bookmarks.iter().collect();
    list.sort_by_key(|b| b.status == BookmarkStatus::Joined);
    for b in list {
        let name = cat.network(&b.id).map_or_else(
            || "(missing from the catalogue)".to_string(),
            |n| n.name.clone(),
        );
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            b.id,
            b.status.id(),
            name,
            b.note.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

/// What `add` and `set` say of one bookmark: its id, and `--status` and
/// `--note` where given.
struct Edit<'a> {
    id: &'a str,
    status: Option<BookmarkStatus>,
    note: Option<&'a str>,
}

impl<'a> Edit<'a> {
    fn new(id: &'a str, status: Option<BookmarkStatus>, note: Option<&'a str>) -> Self {
        Edit { id, status, note }
    }

    /// The changes `--status` and `--note` ask of the bookmark `id`.
    fn changes(&self, id: &str) -> Vec<Change> {
        let status = self.status.map(|s| Change::Status(id.to_string(), s));
        let note = self
            .note
            .map(|n| Change::Note(id.to_string(), Some(n.to_string())));
        status.into_iter().chain(note).collect()
    }
}

fn add(
    cat: &Catalogue,
    store: &Store,
    edit: &Edit,
    now: &str,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    check_note(edit.note)?;
    let n = find_network(cat, edit.id)?;
    let id = n.id.clone();
    let mut changes = vec![Change::Add(id.clone())];
    changes.extend(edit.changes(&id));
    let (_, loaded) = store.apply(&changes, now).map_err(store_failure)?;
    report_notices(&loaded.notices);
    let status = loaded
        .bookmarks
        .iter()
        .find(|b| b.id == id)
        .map_or("to-join", |b| b.status.id());
    writeln!(out, "bookmarked {id} ({status})")?;
    Ok(())
}

fn remove(store: &Store, id: &str, now: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let changes = [Change::Remove(id.to_string())];
    change_bookmarked(
        store,
        id,
        &changes,
        now,
        " (`hinet bookmarks list` shows them)",
    )?;
    writeln!(out, "removed {id}")?;
    Ok(())
}

fn set(store: &Store, edit: &Edit, now: &str, out: &mut dyn Write) -> Result<(), Failure> {
    if edit.status.is_none() && edit.note.is_none() {
        return Err(Failure::usage("error: give --status, --note or both"));
    }
    check_note(edit.note)?;
    let id = edit.id;
    let changes = edit.changes(id);
    let hint = "; add it first with `hinet bookmarks add`";
    change_bookmarked(store, id, &changes, now, hint)?;
    writeln!(out, "updated {id}")?;
    Ok(())
}

/// Save `changes` to the bookmark `id`, which must be there already (an
/// error ending with `hint` when it is not).
fn change_bookmarked(
    store: &Store,
    id: &str,
    changes: &[Change],
    now: &str,
    hint: &str,
) -> Result<(), Failure> {
    let (steps, loaded) = store.apply(changes, now).map_err(store_failure)?;
    report_notices(&loaded.notices);
    if !steps.iter().any(|s| s.before.is_some()) {
        return Err(Failure::input(format!(
            "error: `{}` is not bookmarked{hint}",
            crate::text::sanitize::line(id, 80)
        )));
    }
    Ok(())
}

fn export(
    cat: &Catalogue,
    store: &Store,
    format: PlanFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = store.load().map_err(store_failure)?;
    report_notices(&loaded.notices);
    let text = plan::render(format.into(), cat, &loaded.bookmarks);
    match output {
        Some(path) => {
            let shown = catalogue::read::display_path(path);
            crate::files::write_atomic(path, text.as_bytes())
                .map_err(|e| Failure::input(format!("error: {shown}: {e}")))?;
            let _ = writeln!(std::io::stderr(), "wrote {shown}");
        }
        None => write!(out, "{text}")?,
    }
    Ok(())
}

/// A note over the limit is refused, never cut: the person decides what to keep.
fn check_note(note: Option<&str>) -> Result<(), Failure> {
    let n = note.map_or(0, |n| n.trim().chars().count());
    if n > bookmarks::MAX_NOTE_CHARS {
        return Err(Failure::input(format!(
            "error: the note is {n} characters; a note may have at most {} (nothing was saved)",
            bookmarks::MAX_NOTE_CHARS
        )));
    }
    Ok(())
}

fn report_notices(notices: &[String]) {
    for n in notices {
        let _ = writeln!(std::io::stderr(), "warning: {n}");
    }
}

#[derive(Serialize)]
struct BookmarkEntry<'a> {
    #[serde(flatten)]
    bookmark: &'a bookmarks::Bookmark,
    name: Option<&'a str>,
    missing: bool,
}

fn export_entries<'a>(
    cat: &'a Catalogue,
    list: &'a [bookmarks::Bookmark],
) -> Vec<BookmarkEntry<'a>> {
    list.iter()
        .map(|b| {
            let n = cat.network(&b.id);
            BookmarkEntry {
                bookmark: b,
                name: n.map(|n| n.name.as_str()),
                missing: n.is_none(),
            }
        })
        .collect()
}

/// The ids of the user's bookmarks (for `search --bookmarked`).
pub fn bookmarks_ids() -> Result<HashSet<String>, Failure> {
    let store = Store::in_dir(&crate::files::data_dir());
    let loaded = store.load().map_err(store_failure)?;
    Ok(loaded.bookmarks.into_iter().map(|b| b.id).collect())
}
