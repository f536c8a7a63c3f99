//! The real binary in a pseudo-terminal, its screen read back through a
//! vt100 emulator: one `Session` for every pty test. Every wait has a
//! deadline and fails with the screen; nothing is timed.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

/// How long any one wait may take before the test fails (generous: the
/// machine running the tests may be busy).
pub const DEADLINE: Duration = Duration::from_secs(20);

/// How often the screen is looked at while waiting.
pub const POLL: Duration = Duration::from_millis(20);

/// The query "where is the cursor?" that a terminal program may send.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// The small test catalogue every session runs on.
pub fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small")
}

pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Arc<Mutex<Box<dyn Write + Send>>>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote to the terminal.
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub reader: Option<JoinHandle<()>>,
    pub data: TempDir,
    pub config: TempDir,
}

impl Session {
    /// hinet on the small fixture in a `rows` x `cols` terminal, with
    /// `config` as its settings folder, a new data folder, and `env` set.
    pub fn spawn(rows: u16, cols: u16, config: TempDir, env: &[(&str, &str)]) -> Session {
        let data = TempDir::new().expect("temp data dir");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hinet"));
        cmd.cwd(data.path());
        cmd.env("HINET_DATA_DIR", data.path());
        cmd.env("HINET_CACHE_DIR", data.path().join("cache"));
        cmd.env("HINET_CONFIG_DIR", config.path());
        cmd.env("HINET_CATALOGUE", fixture());
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("BROWSER");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn hinet");
        // Only the child holds the slave side, so reads end when it exits.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let reader = {
            let parser = Arc::clone(&parser);
            let writer = Arc::clone(&writer);
            let raw = Arc::clone(&raw);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let bytes = &buf[..n];
                            raw.lock().expect("raw lock").extend_from_slice(bytes);
                            parser.lock().expect("parser lock").process(bytes);
                            if bytes.windows(CURSOR_QUERY.len()).any(|w| w == CURSOR_QUERY) {
                                let mut w = writer.lock().expect("writer lock");
                                let _ = w.write_all(b"\x1b[1;1R");
                                let _ = w.flush();
                            }
                        }
                    }
                }
            })
        };
        Session {
            child,
            master: pair.master,
            writer,
            parser,
            raw,
            reader: Some(reader),
            data,
            config,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    /// Every byte written to the terminal so far, as text.
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().expect("raw lock")).into_owned()
    }

    pub fn send(&self, bytes: &str) {
        let mut w = self.writer.lock().expect("writer lock");
        w.write_all(bytes.as_bytes()).expect("write to the pty");
        w.flush().expect("flush the pty");
    }

    /// Wait until the screen satisfies `ok`; fail with the screen if it never does.
    pub fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("hinet exited ({status:?}) while waiting for {what}; screen:\n{screen}");
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Wait until the bytes written so far satisfy `ok`.
    pub fn wait_for_raw(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !ok(&self.raw()) {
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; screen:\n{}", self.screen());
            }
            std::thread::sleep(POLL);
        }
    }

    /// The screen once it stops changing (a frame can be read half drawn):
    /// read again until two reads a poll apart are the same.
    pub fn settled(&self, mut screen: String) -> String {
        let start = Instant::now();
        loop {
            std::thread::sleep(POLL);
            let next = self.screen();
            if next == screen || start.elapsed() > DEADLINE {
                return next;
            }
            screen = next;
        }
    }

    /// Wait for the child to exit; its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                if let Some(h) = self.reader.take() {
                    let _ = h.join();
                }
                return status.exit_code();
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "hinet did not exit within {DEADLINE:?}; screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    pub fn resize(&self, rows: u16, cols: u16) {
        // Resize the emulator first, under its lock, so that the redraw that
        // follows the resize is read at the new size.
        let mut parser = self.parser.lock().expect("parser lock");
        parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Never leave a child behind when a test fails.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
