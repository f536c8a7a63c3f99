//! Settings from `config.toml`: the theme, a `[keys]` table that replaces
//! an action's default keys, and the `[profile]` of "Which networks fit me?".
//! Problems become warnings that name the line; the app then starts with the
//! defaults for whatever was wrong. `save_profile` is the one writer of the
//! file: it keeps the user's comments, other keys and order.

mod keys;
mod profile;
mod read;
#[cfg(test)]
mod tests;

use std::path::Path;

use crate::app::keymap::Keymap;
use crate::catalogue::Vocabulary;
use crate::profile::{Field, Profile};
use crate::text::sanitize;

pub use keys::default_file;
pub use profile::save_profile;
pub use read::parse;

/// The colour themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ThemeName {
    #[default]
    Default,
    Mono,
    #[value(name = "colour-blind", alias = "color-blind")]
    ColourBlind,
}

/// Settings as read, with any warnings.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub theme: Option<ThemeName>,
    pub keymap: Keymap,
    /// The `[profile]` as written (values not yet checked against a catalogue).
    pub profile: Profile,
    /// The welcome questions were answered or skipped (`[profile] asked = true`).
    pub profile_asked: bool,
    /// Where each profile value was written: field, value, line.
    pub profile_lines: Vec<(Field, String, usize)>,
    pub warnings: Vec<String>,
}

impl Settings {
    /// The profile with values this catalogue does not define left out, and
    /// a warning (with "did you mean") for each of them.
    pub fn checked_profile(&self, name: &str, vocab: &Vocabulary) -> (Profile, Vec<String>) {
        let mut warnings = Vec::new();
        for (field, value, line) in &self.profile_lines {
            if let Err(e) = crate::profile::check_value(vocab, *field, value) {
                warnings.push(sanitize::line(
                    &format!("{name}:{line}: profile: {e}; ignored"),
                    300,
                ));
            }
        }
        (self.profile.known_only(vocab), warnings)
    }
}

/// The largest settings file read: a complete one is a few kilobytes.
const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// Read the settings file; a missing file gives the defaults.
pub fn load(path: &Path) -> Settings {
    let name = crate::catalogue::read::display_path(path);
    let warn = |msg: String| Settings {
        warnings: vec![sanitize::line(
            &format!("{name}: {msg}; using the default settings"),
            300,
        )],
        ..Settings::default()
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Settings::default(),
        Err(e) => {
            return warn(match e.kind() {
                std::io::ErrorKind::PermissionDenied => {
                    "cannot be read: permission denied (on the file or its folder)".into()
                }
                std::io::ErrorKind::NotADirectory => {
                    "cannot be read: the settings folder is not a folder".into()
                }
                _ => format!("cannot be read: {e}"),
            });
        }
        Ok(m) if m.is_file() && m.len() > MAX_SETTINGS_BYTES => {
            return warn(format!(
                "the settings file is larger than {} KB, far more than settings need; \
                 `hinet config default` prints a complete one to start from",
                MAX_SETTINGS_BYTES / 1024
            ));
        }
        Ok(_) => {}
    }
    match crate::catalogue::read::read_file(path, MAX_SETTINGS_BYTES) {
        Ok(f) => parse(&name, &f.text),
        Err(d) => Settings {
            warnings: vec![format!("{d}; using the default settings")],
            ..Settings::default()
        },
    }
}
