//! Where the user's data and settings live: the `directories` crate (so XDG
//! variables are honoured on Linux), overridden by `HINET_DATA_DIR`,
//! `HINET_CONFIG_DIR` and `HINET_CACHE_DIR`.

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "hinet")
}

fn from_env(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The folder of `bookmarks.toml`.
pub fn data_dir() -> PathBuf {
    from_env("HINET_DATA_DIR")
        .or_else(|| project().map(|p| p.data_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".hinet"))
}

/// The folder of the cache of parsed catalogues.
pub fn cache_dir() -> PathBuf {
    from_env("HINET_CACHE_DIR")
        .or_else(|| project().map(|p| p.cache_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".hinet").join("cache"))
}

/// The folder of `config.toml` and `catalogue.d/`.
pub fn config_dir() -> PathBuf {
    from_env("HINET_CONFIG_DIR")
        .or_else(|| project().map(|p| p.config_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".hinet"))
}

/// The user's own catalogue additions.
pub fn additions_dir() -> PathBuf {
    config_dir().join("catalogue.d")
}

/// The settings file.
pub fn config_file() -> PathBuf {
    config_dir().join("config.toml")
}
