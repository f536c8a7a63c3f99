//! The I/O half of the app's bookmark commands: changes are made to the
//! store in the order they were asked for, and their outcome goes back to
//! the app as actions. A lock held by another program never freezes the
//! screen: the store is tried without waiting, and while the lock is busy
//! the change waits here (the app says so) and the event loop tries again
//! between keys. Also the joining-plan export (`E`).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::app::{Action, Why};
use crate::bookmarks::{self, Change, Store, StoreError};
use crate::catalogue::Catalogue;
use crate::files;
use crate::report::plan;
use crate::text::sanitize;

/// How long a change waits for a busy lock before it is reported not saved.
const GIVE_UP: Duration = Duration::from_secs(30);

/// How often the event loop tries a waiting change again.
pub const RETRY: Duration = Duration::from_millis(100);

struct Pending {
    change: Change,
    why: Why,
    since: Instant,
    announced: bool,
}

/// The bookmark changes the app asked for, saved in order.
pub struct Saver {
    store: Store,
    queue: VecDeque<Pending>,
}

impl Saver {
    /// A saver over `store`; it never waits on the lock itself.
    pub fn new(store: Store) -> Saver {
        Saver {
            store: store.with_lock_wait(Duration::ZERO),
            queue: VecDeque::new(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Whether changes are waiting for the lock.
    pub fn waiting(&self) -> bool {
        !self.queue.is_empty()
    }

    /// Save a change (after any still waiting); returns what to tell the app.
    pub fn save(&mut self, change: Change, why: Why) -> Vec<Action> {
        self.queue.push_back(Pending {
            change,
            why,
            since: Instant::now(),
            announced: false,
        });
        self.flush()
    }

    /// Try the waiting changes, in order, until one finds the lock busy.
    pub fn flush(&mut self) -> Vec<Action> {
        let mut out = Vec::new();
        while let Some(p) = self.queue.front_mut() {
            let now = bookmarks::now_rfc3339();
            match self.store.apply(std::slice::from_ref(&p.change), &now) {
                Ok((steps, loaded)) => {
                    let p = self.queue.pop_front();
                    if let Some(p) = p {
                        out.push(Action::BookmarkSaved {
                            why: p.why,
                            steps,
                            bookmarks: loaded.bookmarks,
                        });
                    }
                    // A copy kept aside is worth stopping for; notes about
                    // single entries were shown at start.
                    if let Some(n) = loaded.notices.iter().find(|n| n.contains(".corrupt-")) {
                        out.push(Action::Sticky(n.clone()));
                    }
                }
                Err(StoreError::Locked { holder, .. }) if p.since.elapsed() < GIVE_UP => {
                    if !p.announced {
                        p.announced = true;
                        out.push(Action::Sticky(format!(
                            "Waiting for the bookmarks file (held by {})…",
                            holder.as_deref().unwrap_or("another program")
                        )));
                    }
                    break;
                }
                Err(e) => {
                    let p = self.queue.pop_front();
                    let list = self.store.load().ok().map(|l| l.bookmarks);
                    if let Some(p) = p {
                        out.push(Action::BookmarkNotSaved {
                            why: p.why,
                            error: e.to_string(),
                            bookmarks: list,
                        });
                    }
                }
            }
        }
        out
    }

    /// On quit: one last try for what still waits, with the store's usual
    /// wait. Returns an error line for each change that was not saved.
    pub fn finish(&mut self) -> Vec<String> {
        let store = Store::new(self.store.path().to_path_buf());
        let now = bookmarks::now_rfc3339();
        self.queue
            .drain(..)
            .filter_map(|p| {
                store
                    .apply(std::slice::from_ref(&p.change), &now)
                    .err()
                    .map(|e| format!("error: a bookmark change was not saved: {e}"))
            })
            .collect()
    }

    /// The bookmarks as the file holds them now.
    pub fn reload(&self) -> Action {
        match self.store.load() {
            Ok(l) => Action::BookmarksLoaded(l.bookmarks),
            Err(e) => Action::Sticky(format!("Could not read the bookmarks: {e}")),
        }
    }
}

/// Where `E` writes the joining plan: the documents folder, else the
/// current folder; with words saying which.
pub fn plan_folder() -> (PathBuf, &'static str) {
    match files::documents_dir() {
        Some(d) => (d, "your Documents folder"),
        None => (
            std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            "the current folder",
        ),
    }
}

/// `E`: write the joining plan of the bookmarks on disk to a new, dated
/// file in `dir` (`hinet-joining-plan-2026-12-01.md`, then `-2`, `-3`…: an
/// existing file is never overwritten). Returns the message to show (it
/// stays until dismissed, so the whole path can be read).
pub fn export_plan(store: &Store, catalogue: &Catalogue, dir: &Path, which: &str) -> Vec<Action> {
    let loaded = match store.load() {
        Ok(l) => l,
        Err(e) => return vec![Action::Sticky(format!("The plan was not written: {e}"))],
    };
    let text = plan::markdown(catalogue, &loaded.bookmarks);
    let now = bookmarks::now_rfc3339();
    let date = now.get(..10).unwrap_or("undated");
    let path = files::unused_name(dir, &format!("hinet-joining-plan-{date}"), "md");
    let shown = sanitize::line(&path.display().to_string(), 1000);
    let message = match files::write_atomic(&path, text.as_bytes()) {
        Ok(()) => format!("Joining plan written to {which}: {shown}"),
        Err(e) => format!(
            "The plan was not written to {shown}: {}",
            sanitize::line(&e.to_string(), 200)
        ),
    };
    vec![
        Action::BookmarksLoaded(loaded.bookmarks),
        Action::Sticky(message),
    ]
}
