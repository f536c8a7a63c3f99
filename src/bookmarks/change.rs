//! The edits a person asks for, each the state they want ("bookmarked", "not
//! bookmarked", a status, a note — never "toggle"), and how one is made to
//! the file's own text. The file is edited in place with `toml_edit`, so
//! everything else in it stays as written: comments, layout, keys this
//! version does not know, and notes of any length or number of lines.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::{Bookmark, BookmarkStatus, Parsed, clean_added, clean_id, clean_note, parse_entries};

/// One bookmark as it stood in the file: what is shown of it, and its
/// `[[bookmark]]` table as written (comments, unknown keys, the full note),
/// so that undo puts back exactly what was there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub bookmark: Bookmark,
    /// The TOML text of a file holding only this entry.
    pub table: String,
}

impl Saved {
    /// A bookmark that was never in a file, as a new entry would be written.
    pub fn from_bookmark(b: &Bookmark) -> Saved {
        Saved {
            bookmark: b.clone(),
            table: table_text(&new_table(b)),
        }
    }
}

/// A change to one bookmark, as the state the person asked for. Applied
/// under the lock to the file as it is now, so that a change made meanwhile
/// by another copy of hinet is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Bookmarked: added (to join, no note, added now) unless it already is.
    Add(String),
    /// Not bookmarked: removed if it is.
    Remove(String),
    /// This status, if it is bookmarked.
    Status(String, BookmarkStatus),
    /// This note (`None`: no note), if it is bookmarked.
    Note(String, Option<String>),
    /// Exactly this: not bookmarked (`None`), or the entry as it was
    /// written. Undo and redo send this.
    Restore(String, Option<Saved>),
}

impl Change {
    /// The id of the network the change is about.
    pub fn id(&self) -> &str {
        match self {
            Change::Add(id)
            | Change::Remove(id)
            | Change::Status(id, _)
            | Change::Note(id, _)
            | Change::Restore(id, _) => id,
        }
    }

    /// Apply the change to a list in memory (the same intent as on the file).
    /// Returns true when the list changed.
    pub fn apply_to_list(&self, list: &mut Vec<Bookmark>, now: &str) -> bool {
        match self {
            Change::Add(id) => super::add(list, id, now),
            Change::Remove(id) => super::remove(list, id),
            Change::Status(id, s) => super::set_status(list, id, *s),
            Change::Note(id, n) => super::set_note(list, id, n.as_deref()),
            Change::Restore(id, None) => super::remove(list, id),
            Change::Restore(id, Some(saved)) => {
                let id = clean_id(id);
                match list.iter().position(|b| b.id == id) {
                    Some(i) if list[i] == saved.bookmark => false,
                    Some(i) => {
                        list[i] = saved.bookmark.clone();
                        true
                    }
                    None => {
                        list.push(saved.bookmark.clone());
                        true
                    }
                }
            }
        }
    }
}

/// What one change did to one bookmark: the entry before and after (`None`
/// when not bookmarked). Undo restores `before`; redo restores `after`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: String,
    pub before: Option<Saved>,
    pub after: Option<Saved>,
}

impl Step {
    /// Whether the change changed anything.
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

// ---------------------------------------------------------------------------
// Editing the document
// ---------------------------------------------------------------------------

/// A document holding no bookmarks: `format = 1`.
pub(super) fn empty_document() -> DocumentMut {
    let mut doc = DocumentMut::new();
    doc.insert("format", toml_edit::value(super::FORMAT));
    doc
}

/// A document holding `list`, written afresh.
pub(super) fn fresh_document(list: &[Bookmark]) -> DocumentMut {
    let mut doc = empty_document();
    if !list.is_empty() {
        let mut aot = ArrayOfTables::new();
        for b in list {
            aot.push(new_table(b));
        }
        doc.insert("bookmark", Item::ArrayOfTables(aot));
    }
    doc
}

/// Whether changes can be made to `doc` in place: its `bookmark` item is
/// absent or a list of tables (an inline array of inline tables is
/// turned into one). Otherwise the caller writes the file afresh.
pub(super) fn editable(doc: &mut DocumentMut) -> bool {
    if doc.get("format").is_none() {
        doc.insert("format", toml_edit::value(super::FORMAT));
    }
    match doc.get("bookmark") {
        None => true,
        Some(Item::ArrayOfTables(_)) => true,
        Some(_) => {
            let Some(item) = doc.remove("bookmark") else {
                return false;
            };
            match item.into_array_of_tables() {
                Ok(aot) => {
                    doc.insert("bookmark", Item::ArrayOfTables(aot));
                    true
                }
                Err(item) => {
                    doc.insert("bookmark", item);
                    false
                }
            }
        }
    }
}

/// Make one change to `doc` (which must be `editable`), returning what it did.
pub(super) fn apply(doc: &mut DocumentMut, change: &Change, now: &str) -> Step {
    let id = clean_id(change.id());
    let before = snapshot(doc, &id);
    match change {
        Change::Add(_) => {
            if before.is_none() && !id.is_empty() {
                push(
                    doc,
                    new_table(&Bookmark {
                        id: id.clone(),
                        status: BookmarkStatus::default(),
                        note: None,
                        added: clean_added(now),
                    }),
                );
            }
        }
        Change::Remove(_) | Change::Restore(_, None) => remove_all(doc, &id),
        Change::Status(_, s) => {
            if let Some(b) = before.as_ref().filter(|b| b.bookmark.status != *s)
                && let Some(t) = first_mut(doc, &b.bookmark.id)
            {
                set_value(t, "status", Value::from(s.id()));
            }
        }
        Change::Note(_, note) => {
            let note = note.as_deref().and_then(clean_note);
            if let Some(b) = before.as_ref().filter(|b| b.bookmark.note != note)
                && let Some(t) = first_mut(doc, &b.bookmark.id)
            {
                match note {
                    Some(n) => set_value(t, "note", Value::from(n)),
                    None => {
                        t.remove("note");
                    }
                }
            }
        }
        Change::Restore(_, Some(saved)) => {
            if before.as_ref() != Some(saved) {
                let mut table =
                    table_from_text(&saved.table).unwrap_or_else(|| new_table(&saved.bookmark));
                match first_mut(doc, &id) {
                    Some(t) => {
                        table.set_position(t.position());
                        *t = table;
                    }
                    None => push(doc, table),
                }
            }
        }
    }
    let after = snapshot(doc, &id);
    Step { id, before, after }
}

/// The list of tables under `bookmark`, if there is one.
fn entries(doc: &DocumentMut) -> Option<&ArrayOfTables> {
    doc.get("bookmark").and_then(Item::as_array_of_tables)
}

/// Whether a table is the entry of `id` (compared as reading would clean it).
fn is_entry(t: &Table, id: &str) -> bool {
    t.get("id")
        .and_then(Item::as_str)
        .is_some_and(|s| clean_id(s) == id)
}

fn first_mut<'d>(doc: &'d mut DocumentMut, id: &str) -> Option<&'d mut Table> {
    doc.get_mut("bookmark")
        .and_then(Item::as_array_of_tables_mut)?
        .iter_mut()
        .find(|t| is_entry(t, id))
}

/// The first entry of `id` as it stands in `doc`.
fn snapshot(doc: &DocumentMut, id: &str) -> Option<Saved> {
    let t = entries(doc)?.iter().find(|t| is_entry(t, id))?;
    let table = table_text(t);
    let parsed: toml::Table = toml::from_str(&table).ok()?;
    let items = parsed.get("bookmark")?.as_array()?;
    let bookmark = parse_entries(items).bookmarks.into_iter().next()?;
    Some(Saved { bookmark, table })
}

/// Add a table at the end of the list (creating the list if needed).
fn push(doc: &mut DocumentMut, mut table: Table) {
    table.set_position(None);
    match doc
        .get_mut("bookmark")
        .and_then(Item::as_array_of_tables_mut)
    {
        Some(aot) => aot.push(table),
        None => {
            let mut aot = ArrayOfTables::new();
            aot.push(table);
            doc.insert("bookmark", Item::ArrayOfTables(aot));
        }
    }
}

/// Remove every entry of `id` (a hand-edited file may repeat one), and the
/// list itself when it is left empty.
fn remove_all(doc: &mut DocumentMut, id: &str) {
    let Some(aot) = doc
        .get_mut("bookmark")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return;
    };
    aot.retain(|t| !is_entry(t, id));
    if aot.is_empty() {
        doc.remove("bookmark");
    }
}

/// Set a key's value, keeping the spacing and comment around the old one.
fn set_value(t: &mut Table, key: &str, mut v: Value) {
    match t.get_mut(key) {
        Some(Item::Value(old)) => {
            *v.decor_mut() = old.decor().clone();
            *old = v;
        }
        _ => {
            t.insert(key, Item::Value(v));
        }
    }
}

/// A new entry's table: id, status, note, added.
fn new_table(b: &Bookmark) -> Table {
    let mut t = Table::new();
    t.insert("id", toml_edit::value(b.id.as_str()));
    t.insert("status", toml_edit::value(b.status.id()));
    if let Some(n) = &b.note {
        t.insert("note", toml_edit::value(n.as_str()));
    }
    if !b.added.is_empty() {
        let v = match b.added.parse::<toml_edit::Datetime>() {
            Ok(d) => toml_edit::value(d),
            Err(_) => toml_edit::value(b.added.as_str()),
        };
        t.insert("added", v);
    }
    t.decor_mut().set_prefix("\n");
    t
}

/// The text of a file that holds only this table.
fn table_text(t: &Table) -> String {
    let mut t = t.clone();
    t.set_position(None);
    let mut aot = ArrayOfTables::new();
    aot.push(t);
    let mut doc = DocumentMut::new();
    doc.insert("bookmark", Item::ArrayOfTables(aot));
    doc.to_string()
}

/// The table of a file written by `table_text`.
fn table_from_text(text: &str) -> Option<Table> {
    let doc: DocumentMut = text.parse().ok()?;
    let mut t = doc.get("bookmark")?.as_array_of_tables()?.get(0)?.clone();
    t.set_position(None);
    Some(t)
}

/// The document to edit: the file as written, or (when it cannot be read,
/// or its list cannot be edited in place) a fresh one; and whether a copy of
/// the old file must be kept first.
pub(super) fn document_to_edit(bytes: Option<&[u8]>, parsed: &Parsed) -> (DocumentMut, bool) {
    let mut doc: Option<DocumentMut> = match (bytes, &parsed.damaged) {
        (Some(b), None) => std::str::from_utf8(b)
            .ok()
            .map(|t| t.strip_prefix('\u{FEFF}').unwrap_or(t))
            .and_then(|t| t.parse::<DocumentMut>().ok()),
        (None, _) => Some(empty_document()),
        (Some(_), Some(_)) => None,
    };
    if let Some(d) = &mut doc
        && !editable(d)
    {
        doc = None;
    }
    let copy_first = doc.is_none() && bytes.is_some();
    let doc = doc.unwrap_or_else(|| {
        if parsed.damaged.is_some() {
            empty_document()
        } else {
            fresh_document(&parsed.bookmarks)
        }
    });
    (doc, copy_first)
}
