//! hinet: find UK health and care informatics networks, their learning and
//! training, and keep a list of the ones to join.
//!
//! The core (`catalogue`, `query`, `bookmarks`) knows nothing of the terminal;
//! `app` holds the UI state and its update function, `ui` draws it, and `tui`
//! runs the terminal.

pub mod app;
pub mod bookmarks;
pub mod cache;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod files;
pub mod profile;
pub mod query;
pub mod report;
pub mod saver;
pub mod text;
pub mod tui;
pub mod ui;
