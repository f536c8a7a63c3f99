//! A catalogue large enough to be cached (over 1 MiB from about 1,500
//! networks). Shared by the CLI tests (`tests/it/cli.rs`) and the cache's
//! unit tests (`src/cache/tests.rs`, which take this file in with
//! `#[path]`), so it uses nothing but std.

use std::path::{Path, PathBuf};

/// A catalogue of `n` networks named `{tag} network {i}` (ids `net-{i}`),
/// each with a long summary, written to `dir/catalogue.toml`. The same `n`
/// and a tag of the same length give a file of the same size.
pub fn large_catalogue(dir: &Path, n: usize, tag: &str) -> PathBuf {
    let mut text = String::from(
        "[catalogue]\nname = \"Large\"\nformat = 1\n\n\
         [[vocabulary.kind]]\nid = \"network\"\nlabel = \"Network\"\n\n\
         [[vocabulary.sector]]\nid = \"nhs\"\nlabel = \"NHS\"\n\n\
         [[vocabulary.scope]]\nid = \"uk\"\nlabel = \"UK\"\n\n",
    );
    let filler = "Analysts, coders and librarians share informatics practice. ".repeat(10);
    for i in 0..n {
        text.push_str(&format!(
            "[[network]]\nid = \"net-{i}\"\nname = \"{tag} network {i}\"\nkind = \"network\"\n\
             summary = \"{filler}\"\nscope = [\"uk\"]\nsectors = [\"nhs\"]\n\n"
        ));
    }
    let path = dir.join("catalogue.toml");
    std::fs::write(&path, text).expect("write the catalogue");
    path
}
