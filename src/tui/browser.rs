//! Which browser `$BROWSER` names, and whether it runs inside the terminal
//! (w3m, lynx, …). A text-mode browser needs the terminal to itself, so the
//! app hands it over and waits; any other browser is left to the
//! `webbrowser` crate, which starts it in the background.
//!
//! `$BROWSER` is read as the `webbrowser` crate reads it: a `:`-separated
//! list of commands, the first one found on `PATH` wins; in each, `%s` is
//! the link (added at the end when absent), `%c` a colon, `%%` a percent.
//! The command is run directly, never through a shell.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Browsers that draw in the terminal (the `webbrowser` crate's own list,
/// which it runs in the foreground, and a few more).
const TEXT_MODE: &[&str] = &[
    "w3m",
    "lynx",
    "links",
    "links2",
    "elinks",
    "browsh",
    "carbonyl",
    "www-browser",
    "eww",
    "netrik",
    "retawq",
    "curl",
];

/// A text-mode browser to run in the foreground: the program and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextBrowser {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl TextBrowser {
    /// Its name, for the status line.
    pub fn name(&self) -> String {
        self.program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The text-mode browser that `$BROWSER` (`browser`) names for `url`, with
/// `path` as `$PATH`; `None` when the first browser found is not one (or
/// none is found), so the `webbrowser` crate opens the link.
pub fn text_mode(browser: Option<&str>, path: Option<&OsStr>, url: &str) -> Option<TextBrowser> {
    for entry in browser?.split(':').filter(|e| !e.trim().is_empty()) {
        let mut words = entry.split_ascii_whitespace();
        let command = words.next()?;
        let Some(program) = find(command, path) else {
            continue;
        };
        let name = program.file_name().and_then(OsStr::to_str).unwrap_or("");
        if !TEXT_MODE.contains(&name) {
            return None;
        }
        let mut has_url = false;
        let mut args: Vec<String> = words
            .map(|w| {
                let (arg, url_here) = expand(w, url);
                has_url |= url_here;
                arg
            })
            .collect();
        if !has_url {
            args.push(url.to_string());
        }
        return Some(TextBrowser { program, args });
    }
    None
}

/// `%s` → the link, `%c` → `:`, `%%` → `%`; and whether the link went in.
fn expand(word: &str, url: &str) -> (String, bool) {
    let mut out = String::new();
    let mut has_url = false;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => {
                out.push_str(url);
                has_url = true;
            }
            Some('c') => out.push(':'),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    (out, has_url)
}

/// A command as `PATH` finds it (or the path itself, when it has a slash):
/// an executable regular file.
fn find(command: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    if command.contains('/') {
        let p = PathBuf::from(command);
        return executable(&p).then_some(p);
    }
    std::env::split_paths(path?)
        .map(|dir| dir.join(command))
        .find(|p| executable(p))
}

#[cfg(unix)]
fn executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn executable(p: &Path) -> bool {
    p.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.org/a";

    fn bin_with(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for n in names {
            let p = dir.path().join(n);
            std::fs::write(&p, "#!/bin/sh\n").expect("write");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
                    .expect("chmod");
            }
        }
        dir
    }

    #[test]
    fn a_text_browser_on_the_path_is_found_with_the_link_last() {
        let bin = bin_with(&["w3m"]);
        let b = text_mode(Some("w3m"), Some(bin.path().as_os_str()), URL).expect("found");
        assert_eq!(b.program, bin.path().join("w3m"));
        assert_eq!(b.args, vec![URL.to_string()]);
        assert_eq!(b.name(), "w3m");
    }

    #[test]
    fn field_codes_are_expanded() {
        let bin = bin_with(&["lynx"]);
        let b = text_mode(
            Some("lynx -accept_all_cookies --u=%s%%%c"),
            Some(bin.path().as_os_str()),
            URL,
        )
        .expect("found");
        assert_eq!(b.args, vec!["-accept_all_cookies", &format!("--u={URL}%:")]);
    }

    #[test]
    fn the_first_browser_found_decides() {
        let bin = bin_with(&["firefox", "w3m"]);
        let path = bin.path().as_os_str();
        assert_eq!(text_mode(Some("firefox:w3m"), Some(path), URL), None);
        // A browser that is not installed is passed over, as webbrowser does.
        let b = text_mode(Some("chromium:w3m"), Some(path), URL).expect("w3m");
        assert_eq!(b.name(), "w3m");
        assert_eq!(text_mode(None, Some(path), URL), None);
        assert_eq!(text_mode(Some("lynx"), Some(path), URL), None);
    }

    #[test]
    fn a_full_path_is_taken_as_it_is() {
        let bin = bin_with(&["elinks"]);
        let full = bin.path().join("elinks");
        let b = text_mode(full.to_str(), None, URL).expect("found");
        assert_eq!(b.program, full);
    }
}
