//! Key-echo latency of the app in a real pseudo-terminal: how long from a
//! key written to the terminal until the search line shows it.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example gen -- 100000 --dir /tmp/g100k --per-file 1000
//! cargo run --example echo -- /tmp/g100k [target/release/hinet]
//! ```
//!
//! Set `HINET_BACKGROUND_FROM` to a huge number to measure searching on
//! the UI thread (as before the search worker) for comparison. The
//! catalogue cache goes to `HINET_CACHE_DIR` when set (keep it between runs
//! to skip the first parse).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const QUERIES: [&str; 8] = [
    "data",
    "nursing",
    "analyst",
    "wales",
    "knwldge",
    "clinical safety",
    "topl",
    "digital",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let catalogue = args.next().ok_or("usage: echo CATALOGUE [HINET_BINARY]")?;
    let binary = args
        .next()
        .unwrap_or_else(|| "target/release/hinet".to_string());
    let binary = std::fs::canonicalize(&binary)?;
    let data = tempfile::TempDir::new()?;
    let config = tempfile::TempDir::new()?;
    std::fs::write(
        config.path().join("config.toml"),
        "[profile]\nasked = true\n",
    )?;
    let pair = native_pty_system().openpty(PtySize {
        rows: 50,
        cols: 160,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = CommandBuilder::new(&binary);
    cmd.env("HINET_DATA_DIR", data.path());
    cmd.env("HINET_CONFIG_DIR", config.path());
    cmd.env("HINET_CATALOGUE", &catalogue);
    let cache = std::env::var_os("HINET_CACHE_DIR")
        .map_or_else(|| data.path().join("cache"), std::path::PathBuf::from);
    cmd.env("HINET_CACHE_DIR", cache);
    if let Some(v) = std::env::var_os("HINET_BACKGROUND_FROM") {
        cmd.env("HINET_BACKGROUND_FROM", v);
    }
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd)?;
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(50, 160, 0)));
    let writer: Arc<Mutex<Box<dyn Write + Send>>> =
        Arc::new(Mutex::new(pair.master.take_writer()?));
    let mut reader = pair.master.try_clone_reader()?;
    {
        let parser = Arc::clone(&parser);
        let writer = Arc::clone(&writer);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let bytes = &buf[..n];
                if let Ok(mut p) = parser.lock() {
                    p.process(bytes);
                }
                if bytes.windows(4).any(|w| w == b"\x1b[6n")
                    && let Ok(mut w) = writer.lock()
                {
                    let _ = w.write_all(b"\x1b[1;1R");
                    let _ = w.flush();
                }
            }
        });
    }
    let screen = || {
        parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    };
    let send = |s: &str| -> std::io::Result<()> {
        let mut w = writer.lock().map_err(|_| std::io::Error::other("lock"))?;
        w.write_all(s.as_bytes())?;
        w.flush()
    };
    let wait = |ok: &dyn Fn(&str) -> bool, limit: Duration| -> Option<Duration> {
        let t = Instant::now();
        loop {
            if ok(&screen()) {
                return Some(t.elapsed());
            }
            if t.elapsed() > limit {
                return None;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    };
    let started = Instant::now();
    wait(
        &|s| s.contains("bookmarked") && s.contains('▏'),
        Duration::from_secs(600),
    )
    .ok_or("the app did not start")?;
    eprintln!("first frame after {:.1} s", started.elapsed().as_secs_f64());
    let mut echo = Vec::new();
    for round in 0..3 {
        for q in QUERIES {
            let mut typed = String::new();
            for c in q.chars() {
                typed.push(c);
                let want = format!("/ {typed}▏");
                let t = Instant::now();
                send(&c.to_string())?;
                wait(&|s| s.contains(&want), Duration::from_secs(30))
                    .ok_or_else(|| format!("{want:?} never shown"))?;
                echo.push(t.elapsed());
            }
            // Let the last results arrive before clearing (not timed as echo).
            std::thread::sleep(Duration::from_millis(300));
            send("\x15")?;
            wait(&|s| s.contains("/ ▏"), Duration::from_secs(30)).ok_or("Ctrl-U not shown")?;
            std::thread::sleep(Duration::from_millis(300));
        }
        eprintln!("round {} done", round + 1);
    }
    send("\x03")?;
    let _ = child.wait();
    echo.sort();
    let pct = |p: f64| {
        let i = ((echo.len() as f64 * p).ceil() as usize).clamp(1, echo.len()) - 1;
        echo[i].as_secs_f64() * 1000.0
    };
    println!(
        "key echo through a pty ({} keys): p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        echo.len(),
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(1.0)
    );
    Ok(())
}
