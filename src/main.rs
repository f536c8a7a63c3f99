//! The `hinet` binary: parse the command line, then run a subcommand or the UI.

use std::io::Write;

use clap::Parser;

fn main() {
    tune_allocator();
    let cli = hinet::cli::Cli::parse();
    let code = match &cli.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let result = hinet::cli::run(&cli, command, &mut out);
            let flushed = out.flush();
            match result {
                Ok(()) => match flushed {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        report(format_args!("error: {e}"));
                        1
                    }
                    _ => 0,
                },
                Err(f) => {
                    if let Some(message) = f.report() {
                        report(message);
                    }
                    f.code()
                }
            }
        }
        None => match run_ui(&cli) {
            Ok(()) => 0,
            Err(e) => {
                report(format_args!("{e:#}"));
                1
            }
        },
    };
    std::process::exit(code);
}

/// Write one line to stderr, ignoring a failure: a stderr that is closed (a
/// pipe whose reader has gone) must not make a panic (exit status 101) of
/// what was a normal exit.
fn report(message: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

fn run_ui(cli: &hinet::cli::Cli) -> anyhow::Result<()> {
    let (loaded, left_out) =
        hinet::cli::load_leaving_out_broken_additions(cli, hinet::cache::Need::APP)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    if !hinet::tui::available() {
        if let Some(left) = left_out {
            anyhow::bail!("{}", left.error);
        }
        anyhow::bail!(
            "error: the app needs a terminal; for plain text use `hinet search`, `hinet show` or `hinet --help`"
        );
    }
    if let Some(left) = &left_out {
        offer_to_start_without(left)?;
    }
    let store = hinet::bookmarks::Store::in_dir(&hinet::files::data_dir());
    let marks = store.load().map_err(|e| anyhow::anyhow!("error: {e}"))?;
    let settings = hinet::config::load(&hinet::cli::config_path(cli));
    for w in &settings.warnings {
        report(format_args!("warning: {w}"));
    }
    let no_color = std::env::var_os("NO_COLOR").is_some();
    let requested = cli.theme.or(settings.theme).unwrap_or_default();
    let theme = hinet::ui::Theme::choose(requested, no_color);
    let settings_file = hinet::cli::config_path(cli);
    let (profile, profile_warnings) = settings.checked_profile(
        &hinet::catalogue::read::display_path(&settings_file),
        &loaded.catalogue.vocab,
    );
    for w in &profile_warnings {
        report(format_args!("warning: {w}"));
    }
    // From a cache entry, the learning tab's index is opened after the
    // first frame (`tui::run`).
    let (catalogue, networks, learning) = loaded.into_app_parts();
    let keymap = settings.keymap.clone();
    let (mut app, later) = match learning {
        hinet::cache::Learning::Ready(learning) => {
            let learning = *learning;
            let indexes = hinet::query::Indexes { networks, learning };
            let app = hinet::app::App::with_indexes(catalogue, indexes, marks.bookmarks, keymap);
            (app, None)
        }
        hinet::cache::Learning::Later(later) => {
            let app =
                hinet::app::App::with_learning_later(catalogue, networks, marks.bookmarks, keymap);
            (app, Some(later))
        }
    };
    hinet::ui::install(&mut app);
    app.read_only = marks.read_only;
    app.settings_file = Some(settings_file);
    // For tests: search typed queries off the UI thread from this many
    // documents (0: always), as a large catalogue does.
    if let Some(n) = std::env::var("HINET_BACKGROUND_FROM")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        app.background_from = n;
    }
    if !profile.is_empty() {
        app.set_profile(profile);
    }
    // Asked once: answered or skipped, the welcome does not come back by
    // itself (the profile key opens it again).
    if !settings.profile_asked {
        app.open_welcome();
    }
    // A problem with the bookmarks file, or an addition left out, stays on
    // screen until dismissed.
    match (marks.notices.first(), &left_out) {
        (Some(n), _) => app.sticky(n.clone()),
        (None, Some(left)) => app.sticky(left.status()),
        (None, None) => {
            app.status = settings
                .warnings
                .iter()
                .chain(&profile_warnings)
                .next()
                .map(|w| format!("settings: {w}"))
        }
    }
    hinet::tui::run(app, theme, store, later)
}

/// The user's own additions have errors: show them, and ask whether to
/// start without those files (the default) or stop to fix them.
fn offer_to_start_without(left: &hinet::cli::LeftOut) -> anyhow::Result<()> {
    report(&left.error);
    let _ = write!(
        std::io::stderr(),
        "Your own catalogue addition has the errors above. Start without {}? [Y/n] ",
        left.files.join(", ")
    );
    let mut answer = String::new();
    // The end of input (Ctrl-D) declines, as `n` does.
    let read = std::io::stdin().read_line(&mut answer)?;
    if read == 0 || answer.trim().to_lowercase().starts_with('n') {
        anyhow::bail!(
            "error: not started; fix the file and try again (`hinet check` lists every error)"
        );
    }
    Ok(())
}

/// glibc's allocator raises its threshold for giving large blocks their own
/// mapping each time such a block is freed; after the cache reader frees
/// its section buffers, later large buffers then stay in the heap and the
/// peak memory of a 100k-network start grows by some 60 MB. A fixed
/// threshold (glibc's usual starting value) keeps big buffers returned to
/// the system as soon as they are freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets an allocator parameter; it is called once,
    // before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
