//! Start to first frame, on the bundled catalogue. Three measurements, from
//! the narrowest to the most faithful:
//!
//! 1. `startup/in-process/bundled` (criterion): in one process, parse and
//!    check the embedded catalogue (`catalogue::from_files(bundled_files())`),
//!    `App::new` (both search indexes and the first search of each tab),
//!    `Resize(160, 50)` and one full draw on `TestBackend`. It leaves out
//!    process start, clap, reading bookmarks and settings, and the terminal.
//!    `startup/parts/*` split it into load, app and draw.
//! 2. `startup/process/*` (criterion): run the real binary
//!    (`CARGO_BIN_EXE_hinet`, the release build under `cargo bench`) with
//!    `std::process::Command` and wait for it to exit: `--version` (the floor
//!    of exec and clap), `search zzz` on the bundled catalogue, and
//!    `--catalogue DIR search zzz` on a generated 1k catalogue (one file per
//!    network). Process start + load + index + one search, no UI.
//! 3. `startup/pty-first-frame/*` (bench mode only, printed to stderr): start
//!    `hinet` with no arguments in a 160x50 pseudo-terminal and time from
//!    spawn until the emulated screen (vt100) shows the whole first frame
//!    (the header's "hinet" on the first row and the footer on the last), then
//!    press `q`. This is the user's "start to first frame", including the
//!    terminal output, with the process's peak memory (`VmHWM`) at that
//!    moment. Ten runs on the bundled catalogue; on 10k networks (one file,
//!    and one file per network) the first start, which fills the cache of
//!    parsed catalogues, then later starts; with `HINET_BENCH_BIG_FILES=1`
//!    the same on one file of 100k networks.
//!
//! The child processes get empty temporary `HINET_CONFIG_DIR` and
//! `HINET_DATA_DIR`, so no user settings, additions or bookmarks are read.

mod support;

use std::hint::black_box;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use hinet::app::{self, Action, App, Keymap};
use hinet::catalogue;
use hinet::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const BIN: &str = env!("CARGO_BIN_EXE_hinet");

fn first_frame_in_process() -> usize {
    let cat = catalogue::from_files(catalogue::bundled_files(), Vec::new()).expect("loads");
    let mut app = App::new(cat, Vec::new(), Keymap::default());
    app::update(&mut app, Action::Resize(160, 50));
    let theme = Theme::new(hinet::config::ThemeName::Default);
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("test backend");
    terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
    app.current().outcome.hits.len()
}

fn in_process(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.bench_function("in-process/bundled", |b| {
        b.iter(|| black_box(first_frame_in_process()));
    });
    group.bench_function("parts/load-bundled", |b| {
        b.iter(|| {
            black_box(
                catalogue::from_files(catalogue::bundled_files(), Vec::new())
                    .expect("loads")
                    .networks
                    .len(),
            )
        });
    });
    let cat = support::bundled_catalogue();
    group.bench_function("parts/app-new-bundled", |b| {
        b.iter(|| {
            black_box(
                App::new(cat.clone(), Vec::new(), Keymap::default())
                    .tabs
                    .len(),
            )
        });
    });
    let mut app = App::new(cat.clone(), Vec::new(), Keymap::default());
    app::update(&mut app, Action::Resize(160, 50));
    let theme = Theme::new(hinet::config::ThemeName::Default);
    group.bench_function("parts/draw-bundled", |b| {
        let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("test backend");
        b.iter(|| {
            terminal.clear().expect("clear");
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        });
    });
    group.finish();
}

fn hinet(env_dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("HINET_CONFIG_DIR", env_dir.join("config"))
        .env("HINET_DATA_DIR", env_dir.join("data"))
        .env("HINET_CACHE_DIR", env_dir.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn run_ok(mut cmd: Command) {
    let status = cmd.status().expect("runs hinet");
    // `search zzz` finds nothing, which is still exit status 0.
    assert!(status.success(), "hinet failed: {status}");
}

fn processes(c: &mut Criterion, root: &Path) {
    let mut group = c.benchmark_group("startup/process");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("version", |b| {
        b.iter(|| {
            let mut cmd = hinet(root);
            cmd.arg("--version");
            run_ok(cmd);
        });
    });
    group.bench_function("search-zzz/bundled", |b| {
        b.iter(|| {
            let mut cmd = hinet(root);
            cmd.args(["search", "zzz"]);
            run_ok(cmd);
        });
    });
    group.bench_function("search-zzz/1k", |b| {
        let dir = support::write_generated(root, 1_000, false);
        b.iter(|| {
            let mut cmd = hinet(root);
            cmd.arg("--catalogue").arg(&dir).args(["search", "zzz"]);
            run_ok(cmd);
        });
    });
    group.finish();
}

/// Whether the screen shows a whole frame: the header on the first row and
/// something on the last (the footer is drawn last).
fn frame_complete(screen: &vt100::Screen) -> bool {
    let rows: Vec<String> = screen.rows(0, 160).collect();
    rows.first().is_some_and(|r| r.contains("hinet"))
        && rows.last().is_some_and(|r| !r.trim().is_empty())
}

/// The peak resident memory of a process so far, in MB (Linux: `VmHWM`).
fn peak_mb(pid: Option<u32>) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Spawn `hinet [--catalogue DIR]` in a 160x50 pty; the time to a whole
/// frame, and the process's peak memory then.
fn pty_first_frame(
    root: &Path,
    catalogue: Option<&Path>,
) -> Result<(Duration, Option<f64>), String> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 50,
            cols: 160,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    let mut cmd = CommandBuilder::new(BIN);
    if let Some(dir) = catalogue {
        cmd.arg("--catalogue");
        cmd.arg(dir);
    }
    cmd.env("HINET_CONFIG_DIR", root.join("config"));
    cmd.env("HINET_DATA_DIR", root.join("data"));
    cmd.env("HINET_CACHE_DIR", root.join("cache"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
    let mut writer = pair.master.take_writer().map_err(|e| e.to_string())?;
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
    drop(pair.slave);
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(50, 160, 0);
    let deadline = start + Duration::from_secs(120);
    let result = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(bytes) => {
                parser.process(&bytes);
                if frame_complete(parser.screen()) {
                    break Ok((start.elapsed(), peak_mb(child.process_id())));
                }
            }
            Err(_) => break Err("no whole frame before the deadline or the end".to_string()),
        }
    };
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let quit_by = Instant::now() + Duration::from_secs(5);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < quit_by => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
        }
    }
    drop(pair.master);
    result
}

fn pty_runs(name: &str, root: &Path, catalogue: Option<&Path>, runs: usize) {
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..runs {
        match pty_first_frame(root, catalogue) {
            Ok((d, mb)) => {
                times.push(d);
                peak = peak.max(mb.unwrap_or(0.0));
            }
            Err(e) => {
                eprintln!("{name}: {e}");
                return;
            }
        }
    }
    eprintln!(
        "{name}: spawn to whole first frame in a 160x50 pty: {}; peak memory {peak:.0} MB",
        support::Summary::of(&times)
    );
}

/// The first start on a large catalogue (which fills the cache of parsed
/// catalogues), then later starts.
fn pty_first_and_later(name: &str, root: &Path, catalogue: &Path, runs: usize) {
    let _ = std::fs::remove_dir_all(root.join("cache"));
    pty_runs(&format!("{name}/first-start"), root, Some(catalogue), 1);
    pty_runs(&format!("{name}/later-starts"), root, Some(catalogue), runs);
}

fn main() {
    let tmp = tempfile::Builder::new()
        .prefix("hinet-bench-startup-")
        .tempdir()
        .expect("a temporary directory");
    let root = tmp.path();
    let mut c = support::criterion();
    if support::bench_mode() {
        if support::selected("startup/pty-first-frame/bundled") {
            pty_runs("startup/pty-first-frame/bundled", root, None, 10);
        }
        if support::selected("startup/pty-first-frame/10k") {
            let file = support::write_generated(root, 10_000, true);
            pty_first_and_later("startup/pty-first-frame/10k-file", root, &file, 5);
            let dir = support::write_generated(root, 10_000, false);
            pty_first_and_later("startup/pty-first-frame/10k-dir", root, &dir, 3);
        }
        let big_files = std::env::var_os("HINET_BENCH_BIG_FILES").is_some_and(|v| v == "1");
        if big_files && support::selected("startup/pty-first-frame/100k") {
            let file = support::write_generated(root, 100_000, true);
            pty_first_and_later("startup/pty-first-frame/100k-file", root, &file, 3);
        }
    }
    in_process(&mut c);
    processes(&mut c, root);
    c.final_summary();
}
