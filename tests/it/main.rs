//! The integration tests, as one test binary: each file below is a module, and
//! `common/` holds the helpers they share (the pty session, the fixture
//! loader, the CLI and bookmark-effect runners). One binary links the crate
//! once, where one binary per file linked it once per file.

mod common;

mod bad_files;
mod bookmarks_cli;
mod bookmarks_safety;
mod bookmarks_stress;
mod cli;
mod cli_ecosystem;
mod cli_profile;
mod ecosystem_ui;
mod hostile_cli;
mod keys;
mod layers;
mod profile_ui;
mod pty;
mod relevance;
mod screen_props;
mod terminal;
mod ui;
mod undo;
mod user_files;
