//! Opens the learning tab's index off the UI thread (`Effect::OpenLearning`)
//! and hands it back as `Action::LearningOpened`: in a large catalogue read
//! from the cache, checking that index takes about as long as the rest of
//! the start, and the first frame only shows the networks tab.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::app::{Action, App, OpenedIndex};
use crate::cache::LaterIndex;
use crate::query::Index;

pub(super) struct Opener {
    /// The index still in the cache entry, until it is asked for.
    later: Option<LaterIndex>,
    /// The thread opening it.
    running: Option<Receiver<Index>>,
}

impl Opener {
    pub(super) fn new(later: Option<LaterIndex>) -> Opener {
        Opener {
            later,
            running: None,
        }
    }

    /// Start opening the index (once), on a thread of its own; or, when
    /// there is none to open, build it from the catalogue now.
    pub(super) fn open(&mut self, app: &App) -> Vec<Action> {
        let Some(later) = self.later.take() else {
            if self.running.is_some() {
                return Vec::new();
            }
            return vec![opened(Index::opportunities(&app.catalogue))];
        };
        // A catalogue read from the cache is cheap to clone: its networks
        // are shared, not copied.
        let catalogue = app.catalogue.clone();
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("hinet-open-learning".into())
            .spawn(move || {
                let _ = tx.send(later.open(&catalogue));
            });
        match spawned {
            Ok(_) => {
                self.running = Some(rx);
                Vec::new()
            }
            Err(_) => vec![opened(Index::opportunities(&app.catalogue))],
        }
    }

    /// Whether the index is being opened.
    pub(super) fn opening(&self) -> bool {
        self.running.is_some()
    }

    /// The index, once it is open; built from the catalogue here if the
    /// thread ended without it.
    pub(super) fn result(&mut self, app: &App) -> Option<Action> {
        let rx = self.running.as_ref()?;
        let index = match rx.try_recv() {
            Ok(index) => index,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Index::opportunities(&app.catalogue),
        };
        self.running = None;
        Some(opened(index))
    }
}

fn opened(index: Index) -> Action {
    Action::LearningOpened(OpenedIndex(Arc::new(index)))
}
