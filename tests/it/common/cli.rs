//! Running the `hinet` binary for a CLI test: in folders of the test's own
//! (so the user's real bookmarks, settings, cache and `catalogue.d/` are
//! never read or touched), and what a finished run left.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The project's folder; runs start in it.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The small fixture catalogue's folder.
pub fn small_dir() -> PathBuf {
    root().join("tests/fixtures/small")
}

/// Where one run keeps its files: its data (bookmarks), cache and settings.
#[derive(Debug, Clone)]
pub struct Folders {
    pub data: PathBuf,
    pub cache: PathBuf,
    pub config: PathBuf,
}

impl Folders {
    /// Data and settings in folders of their own; the cache in `data/cache`.
    pub fn new(data: &Path, config: &Path) -> Folders {
        Folders {
            data: data.to_path_buf(),
            cache: data.join("cache"),
            config: config.to_path_buf(),
        }
    }

    /// Data in `dir`, with `dir/cache` and `dir/config`.
    pub fn in_dir(dir: &Path) -> Folders {
        Folders::new(dir, &dir.join("config"))
    }

    /// `dir/data`, `dir/cache` and `dir/config`, side by side.
    pub fn beside(dir: &Path) -> Folders {
        Folders {
            data: dir.join("data"),
            cache: dir.join("cache"),
            config: dir.join("config"),
        }
    }
}

/// `hinet ARGS` in `folders`, started in the project's folder, with neither
/// a catalogue nor a cache switch from the environment (a test that wants
/// one sets it on the command).
pub fn command(args: &[&str], folders: &Folders) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hinet"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("HINET_CATALOGUE")
        .env_remove("HINET_NO_CACHE")
        .env("HINET_DATA_DIR", &folders.data)
        .env("HINET_CACHE_DIR", &folders.cache)
        .env("HINET_CONFIG_DIR", &folders.config);
    cmd
}

/// Wait for a child, killing it and failing the test if it is still running
/// after `limit` (a hang detector, not a timing assertion). Its piped output
/// is drained as it runs, so a full pipe never blocks it.
pub fn wait_or_fail(mut child: Child, what: &str, limit: Duration) -> Output {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                p.read_to_end(&mut bytes).expect("read the child's output");
            }
            bytes
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        match child.try_wait().expect("poll the child") {
            Some(status) => break status,
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what}: still running after {limit:?}: it hangs; killed");
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// An exit status as the tests compare it: with a number (`r.code, 1`) or,
/// where a run killed by a signal has none, an option (`r.code, Some(1)`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Code(pub Option<i32>);

impl Code {
    /// Whether the process exited (rather than being killed by a signal).
    pub fn is_some(self) -> bool {
        self.0.is_some()
    }
}

impl PartialEq<i32> for Code {
    fn eq(&self, other: &i32) -> bool {
        self.0 == Some(*other)
    }
}

impl PartialEq<Option<i32>> for Code {
    fn eq(&self, other: &Option<i32>) -> bool {
        self.0 == *other
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A finished run: its exit status and its output, as text.
#[derive(Debug)]
pub struct Run {
    pub code: Code,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// From what the process left; its output must be UTF-8.
    pub fn of(status: ExitStatus, stdout: Vec<u8>, stderr: Vec<u8>) -> Run {
        Run {
            code: Code(status.code()),
            stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        }
    }

    pub fn from_output(out: Output) -> Run {
        Run::of(out.status, out.stdout, out.stderr)
    }

    /// Run `cmd` to its end.
    pub fn command(mut cmd: Command) -> Run {
        Run::from_output(cmd.output().expect("the hinet binary runs"))
    }

    /// Fail the test unless the run succeeded.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success; stderr:\n{}\nstdout:\n{}",
            self.stderr, self.stdout
        );
        self
    }

    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The first column (the id) of each tab-separated line.
    pub fn ids(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .map(|l| l.split('\t').next().unwrap_or(""))
            .collect()
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}
