//! Reading catalogue files from disk safely: only regular files, never more
//! than a cap, never blocking on a pipe or device, UTF-8 only (a BOM is fine).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::diag::Diagnostic;
use crate::text::sanitize;

/// The default cap on one catalogue file: room for a 100,000-network catalogue.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// How deep a catalogue directory may nest.
pub const MAX_DEPTH: usize = 16;

/// One catalogue file's text and the name used for it in messages.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A path as it may appear in a message: sanitised, one line.
pub fn display_path(path: &Path) -> String {
    sanitize::line(&path.to_string_lossy(), 240)
}

/// Read a catalogue path: one file, or every `*.toml` below a directory in
/// sorted path order.
pub fn read_path(path: &Path, max_bytes: u64) -> Result<Vec<SourceFile>, Vec<Diagnostic>> {
    read_path_except(path, max_bytes, &[])
}

/// `read_path`, leaving out the files of a directory named (as in
/// messages) in `skip`.
pub fn read_path_except(
    path: &Path,
    max_bytes: u64,
    skip: &[String],
) -> Result<Vec<SourceFile>, Vec<Diagnostic>> {
    let meta = metadata(path).map_err(|d| vec![d])?;
    if meta.is_dir() {
        let mut files = Vec::new();
        collect_toml(path, 0, &mut files).map_err(|d| vec![d])?;
        files.retain(|f| !skip.contains(&display_path(f)));
        sort_paths(path, &mut files);
        let mut out = Vec::new();
        let mut diags = Vec::new();
        for read in read_files(&files, max_bytes) {
            match read {
                Ok(s) => out.push(s),
                Err(d) => diags.push(d),
            }
        }
        if diags.is_empty() {
            Ok(out)
        } else {
            Err(diags)
        }
    } else {
        read_file(path, max_bytes)
            .map(|f| vec![f])
            .map_err(|d| vec![d])
    }
}

fn metadata(path: &Path) -> Result<fs::Metadata, Diagnostic> {
    let name = display_path(path);
    match fs::metadata(path) {
        Ok(m) => Ok(m),
        Err(e) => {
            let dangling = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            let msg = if e.raw_os_error() == Some(40) {
                "too many levels of symbolic links (a link loop?)".to_string()
            } else if dangling && e.kind() == std::io::ErrorKind::NotFound {
                "a symbolic link to something that does not exist".to_string()
            } else {
                match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                    _ => format!("cannot read: {e}"),
                }
            };
            Err(Diagnostic::file(&name, msg))
        }
    }
}

fn collect_toml(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), Diagnostic> {
    if depth > MAX_DEPTH {
        return Err(Diagnostic::file(
            &display_path(dir),
            format!("folders nest more than {MAX_DEPTH} deep (a link loop?)"),
        ));
    }
    let entries = fs::read_dir(dir).map_err(|e| {
        Diagnostic::file(&display_path(dir), format!("cannot list the folder: {e}"))
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| {
            Diagnostic::file(&display_path(dir), format!("cannot list the folder: {e}"))
        })?;
        let path = entry.path();
        if path
            .file_name()
            .is_some_and(|name| is_dropping(&name.to_string_lossy()))
        {
            continue;
        }
        // The listing says what each entry is; only a link is followed
        // (stat) to learn whether it leads to a folder.
        let is_dir = match entry.file_type() {
            Ok(t) if t.is_symlink() => fs::metadata(&path).is_ok_and(|m| m.is_dir()),
            Ok(t) => t.is_dir(),
            Err(_) => fs::metadata(&path).is_ok_and(|m| m.is_dir()),
        };
        if is_dir {
            collect_toml(&path, depth + 1, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// What editors and other tools leave beside the files people edit, never
/// a catalogue: hidden files and folders (`.#name.toml` Emacs locks,
/// `._name.toml` macOS resource forks, `.name.toml.swp` Vim swap files,
/// `.git`) and backups (`name.toml~`).
fn is_dropping(name: &str) -> bool {
    is_dropping_bytes(name.as_bytes())
}

/// `is_dropping`, of a name's bytes.
pub fn is_dropping_bytes(name: &[u8]) -> bool {
    name.starts_with(b".") || name.ends_with(b"~")
}

/// The files `read_path` would read, in its order, before its checks: the
/// file itself, or a folder's `*.toml` files sorted. `None` when the path
/// or the folder cannot be read.
pub fn file_list(path: &Path) -> Option<Vec<PathBuf>> {
    if !fs::metadata(path).ok()?.is_dir() {
        return Some(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    collect_toml(path, 0, &mut files).ok()?;
    sort_paths(path, &mut files);
    Some(files)
}

/// Sort the paths found below `root` in `Path`'s order (component by
/// component). Below `root` (which they all start with, so it cannot change
/// their order) each is made once into a key, its bytes with every
/// separator a NUL, which no name can hold: comparing keys byte by byte is
/// comparing names one after the other, a name before any longer one it
/// begins. Otherwise each is split into its components once.
fn sort_paths(root: &Path, files: &mut Vec<PathBuf>) {
    let order = match keys_below(root, files) {
        Some(keys) => {
            let mut order: Vec<usize> = (0..files.len()).collect();
            order.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
            order
        }
        None => {
            let all_below = files.iter().all(|p| p.starts_with(root));
            let parts: Vec<Vec<std::path::Component<'_>>> = files
                .iter()
                .map(|p| match p.strip_prefix(root) {
                    Ok(rest) if all_below => rest.components().collect(),
                    _ => p.components().collect(),
                })
                .collect();
            let mut order: Vec<usize> = (0..files.len()).collect();
            order.sort_by(|&a, &b| parts[a].cmp(&parts[b]));
            order
        }
    };
    let mut taken: Vec<Option<PathBuf>> = files.drain(..).map(Some).collect();
    files.extend(order.into_iter().filter_map(|i| taken[i].take()));
}

/// The sort keys of `sort_paths`: each path below `root`, separators made
/// NUL; `None` when one is not below it or holds a component that is not a
/// plain name (`.`, `..`, a doubled separator), or off Unix.
#[cfg(unix)]
fn keys_below(root: &Path, files: &[PathBuf]) -> Option<Vec<Vec<u8>>> {
    use std::os::unix::ffi::OsStrExt;
    files
        .iter()
        .map(|p| {
            let rest = p.strip_prefix(root).ok()?.as_os_str().as_bytes();
            let plain = !rest.is_empty()
                && rest
                    .split(|&b| b == b'/')
                    .all(|name| !name.is_empty() && name != b"." && name != b"..");
            plain.then(|| {
                rest.iter()
                    .map(|&b| if b == b'/' { 0 } else { b })
                    .collect()
            })
        })
        .collect()
}

#[cfg(not(unix))]
fn keys_below(_root: &Path, _files: &[PathBuf]) -> Option<Vec<Vec<u8>>> {
    None
}

/// Visit the files `read_path` would read, in the same order and after the
/// same checks, each opened but not read: for hashing a catalogue without
/// holding it in memory. `visit` gets the name used in messages, the file
/// and its length. `None` when a check fails (`read_path` says why).
pub fn visit_files(
    path: &Path,
    max_bytes: u64,
    mut visit: impl FnMut(&str, fs::File, u64) -> Option<()>,
) -> Option<()> {
    let files = file_list(path)?;
    for f in files {
        let name = display_path(&f);
        check_kind(&name, &fs::metadata(&f).ok()?, max_bytes).ok()?;
        let file = open_nonblocking(&f).ok()?;
        let meta = file.metadata().ok()?;
        check_kind(&name, &meta, max_bytes).ok()?;
        visit(&name, file, meta.len())?;
    }
    Some(())
}

/// `read_file` of each of `files`, in their order: a large folder's on two
/// threads, each reading one half in order (at 100,000 files, opening and
/// reading them one after the other took about 1.6 s here).
///
/// Every file's buffer is allocated here, on the calling thread, at the
/// length the first look (`stat`) gives, and only filled on the other: the
/// texts then sit in the calling thread's memory, as when it reads them
/// all, and what the parse frees of them is reused by what comes after
/// (texts allocated on the other thread left a first start at 100k files
/// about 100 MB higher).
fn read_files(files: &[PathBuf], max_bytes: u64) -> Vec<Result<SourceFile, Diagnostic>> {
    if files.len() < 4_096 {
        return files.iter().map(|f| read_file(f, max_bytes)).collect();
    }
    let (a, b) = files.split_at(files.len() / 2);
    let look = |files: &[PathBuf]| files.iter().map(|f| first_look(f, max_bytes)).collect();
    let looks = in_two(|| look(a), || look(b));
    let mut buffers: Vec<Vec<u8>> = looks
        .iter()
        .map(|l| {
            let len = l.as_ref().map_or(0, |(_, len)| *len);
            Vec::with_capacity(usize::try_from(len).unwrap_or(0))
        })
        .collect();
    let mut looks_a = looks;
    let looks_b = looks_a.split_off(a.len());
    let (buffers_a, buffers_b) = buffers.split_at_mut(a.len());
    let read = |files: &[PathBuf], looks: Vec<Look>, buffers: &mut [Vec<u8>]| {
        files
            .iter()
            .zip(looks)
            .zip(buffers)
            .map(|((f, look), buffer)| {
                let (name, _) = look?;
                read_looked(f, name, max_bytes, std::mem::take(buffer))
            })
            .collect()
    };
    in_two(
        || read(a, looks_a, buffers_a),
        || read(b, looks_b, buffers_b),
    )
}

/// `first` here and `second` on a thread of its own, their results one
/// after the other.
fn in_two<T: Send>(
    first: impl FnOnce() -> Vec<T>,
    second: impl FnOnce() -> Vec<T> + Send,
) -> Vec<T> {
    std::thread::scope(|s| {
        let second = s.spawn(second);
        let mut out = first();
        match second.join() {
            Ok(rest) => out.extend(rest),
            // A bug, not a file: as if it had happened on this thread.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        out
    })
}

/// Read one file: refuse what is not a regular file or is too large, then
/// decode it as UTF-8.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<SourceFile, Diagnostic> {
    let (name, len) = first_look(path, max_bytes)?;
    let buffer = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    read_looked(path, name, max_bytes, buffer)
}

/// A file's name for messages and its length, when it is one `read_file`
/// may read (a regular file, not too large).
type Look = Result<(String, u64), Diagnostic>;

/// The first look `read_file` takes at a file (`stat`): its `Look`.
fn first_look(path: &Path, max_bytes: u64) -> Look {
    let name = display_path(path);
    let meta = metadata(path)?;
    check_kind(&name, &meta, max_bytes)?;
    Ok((name, meta.len()))
}

/// The rest of `read_file`, after `first_look`: open, look again, read into
/// `bytes` (empty, with room made for the file), decode.
fn read_looked(
    path: &Path,
    name: String,
    max_bytes: u64,
    mut bytes: Vec<u8>,
) -> Result<SourceFile, Diagnostic> {
    let file = open_nonblocking(path).map_err(|e| {
        let msg = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => format!("cannot open: {e}"),
        };
        Diagnostic::file(&name, msg)
    })?;
    // Check the handle too: the path may have been swapped since the first look.
    let meta = file
        .metadata()
        .map_err(|e| Diagnostic::file(&name, format!("cannot read: {e}")))?;
    check_kind(&name, &meta, max_bytes)?;
    bytes.clear();
    bytes.reserve(usize::try_from(meta.len().min(max_bytes)).unwrap_or(0));
    // One byte over the cap tells a file that is too large; a cap of
    // u64::MAX must not wrap around to 0.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::file(&name, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(&name, max_bytes));
    }
    let text = decode(&name, bytes)?;
    Ok(SourceFile { name, text })
}

fn check_kind(name: &str, meta: &fs::Metadata, max_bytes: u64) -> Result<(), Diagnostic> {
    if !meta.is_file() {
        return Err(Diagnostic::file(
            name,
            format!("not a regular file ({})", kind_of(meta)),
        ));
    }
    if meta.len() > max_bytes {
        return Err(too_large(name, max_bytes));
    }
    Ok(())
}

fn too_large(name: &str, max_bytes: u64) -> Diagnostic {
    Diagnostic::file(
        name,
        format!(
            "the file is larger than {} MB; raise the limit with --max-file-size if it really is a catalogue",
            max_bytes / (1024 * 1024)
        ),
    )
}

#[cfg(unix)]
fn kind_of(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a plain file"
    }
}

#[cfg(not(unix))]
fn kind_of(meta: &fs::Metadata) -> &'static str {
    if meta.is_dir() {
        "a folder"
    } else {
        "not a plain file"
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO that appeared after the first check must not hang.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

/// Decode file bytes as UTF-8, dropping a BOM; say where the first bad byte is.
pub fn decode(name: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::file(
            name,
            "the file is UTF-16; save it as UTF-8 and try again",
        ));
    }
    if bytes.len() >= 4
        && bytes.iter().take(64).filter(|&&b| b == 0).count() * 4 >= bytes.len().min(64)
    {
        return Err(Diagnostic::file(
            name,
            "the file looks like UTF-16 or binary data; save it as UTF-8 text",
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let before = String::from_utf8_lossy(&bytes[..at]);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic {
            file: name.to_string(),
            line: Some(line),
            col: Some(col),
            field: None,
            message: "invalid UTF-8 here; save the file as UTF-8".into(),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_sort_in_path_order() {
        use std::path::PathBuf;
        let paths: Vec<PathBuf> = [
            "d/a-b.toml",
            "d/a/b.toml",
            "d/a.toml",
            "d/B.toml",
            "d/!x.toml",
            "d/a/a/z.toml",
            "d/ab.toml",
            "/r/x.toml",
            "./d/c.toml",
            "d/a/b.toml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut want = paths.clone();
        want.sort();
        let mut sorted = paths.clone();
        super::sort_paths(std::path::Path::new("/nowhere"), &mut sorted);
        assert_eq!(sorted, want);
        // Below a root they all share.
        let mut below: Vec<PathBuf> = paths
            .iter()
            .map(|p| PathBuf::from("./x/").join(p))
            .collect();
        let mut want: Vec<PathBuf> = below.clone();
        want.sort();
        below.reverse();
        super::sort_paths(std::path::Path::new("./x"), &mut below);
        assert_eq!(below, want);
    }

    proptest::proptest! {
        /// Paths below one folder, sorted by their keys, are in `Path`'s
        /// order, whatever their names.
        #[test]
        fn paths_below_a_folder_sort_in_path_order(
            names in proptest::collection::vec("[a-cB!_.~-]{1,3}(/[a-cB!_.~-]{1,3}){0,2}(\\.toml)?", 0..40),
        ) {
            use std::path::PathBuf;
            let root = std::path::Path::new("/r/x");
            let mut paths: Vec<PathBuf> = names.iter().map(|n| root.join(n)).collect();
            let mut want = paths.clone();
            want.sort();
            paths.reverse();
            super::sort_paths(root, &mut paths);
            proptest::prop_assert_eq!(paths, want);
        }
    }

    use super::*;

    #[test]
    fn bom_is_dropped_and_utf16_refused() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFa = 1".to_vec()).unwrap(), "a = 1");
        let e = decode("f", b"\xFF\xFEa\0=\0".to_vec()).unwrap_err();
        assert!(e.message.contains("UTF-16"));
    }

    #[test]
    fn the_largest_cap_does_not_wrap_around() {
        // `--max-file-size 18446744073709551615` gives a cap of u64::MAX bytes.
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "a = 1\n").expect("write the file");
        let f = read_file(&path, u64::MAX).expect("a small file is under any cap");
        assert_eq!(f.text, "a = 1\n");
    }

    #[test]
    fn a_large_folder_is_read_in_order_with_its_problems_in_order() {
        // Enough files for two threads, in two folders, with bad files in
        // both halves.
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        for sub in ["a", "b"] {
            std::fs::create_dir(dir.path().join(sub)).expect("a folder");
        }
        let n = 4_200;
        for i in 0..n {
            let sub = if i % 3 == 0 { "a" } else { "b" };
            let path = dir.path().join(sub).join(format!("f{i:05}.toml"));
            let text: &[u8] = if i == 7 || i == n - 2 {
                b"x = \"\xFF\""
            } else {
                b"i = 1"
            };
            std::fs::write(path, text).expect("write a file");
        }
        let listed = file_list(dir.path()).expect("the folder's files");
        assert_eq!(listed.len(), n);
        let problems = read_path(dir.path(), u64::MAX).expect_err("two bad files");
        let bad: Vec<&str> = problems.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(bad.len(), 2, "{bad:?}");
        // In path order: all of `a/` (every third file), then `b/`; the
        // first bad file is in the first thread's half, the second in the
        // second's.
        assert!(bad[0].ends_with("b/f00007.toml"), "{bad:?}");
        assert!(bad[1].ends_with("b/f04198.toml"), "{bad:?}");
        // Without the bad files: every file, in `file_list`'s order.
        let want: Vec<String> = listed
            .iter()
            .filter(|p| !bad.contains(&display_path(p).as_str()))
            .map(|p| display_path(p))
            .collect();
        for name in &bad {
            std::fs::write(name, "i = 2").expect("mend a file");
        }
        let read = read_path(dir.path(), u64::MAX).expect("every file reads");
        let names: Vec<String> = read.iter().map(|f| f.name.clone()).collect();
        assert_eq!(names.len(), n);
        let mut mended = names.clone();
        mended.retain(|name| !bad.contains(&name.as_str()));
        assert_eq!(mended, want);
        assert_eq!(
            names,
            listed.iter().map(|p| display_path(p)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn bad_utf8_is_located() {
        let e = decode("f", b"a = 1\nb = \"x\xC3\x28\"".to_vec()).unwrap_err();
        assert_eq!((e.line, e.col), (Some(2), Some(7)));
    }
}
