//! Drawing one frame of the 160x50 screen, on the bundled catalogue and on a
//! generated one of 10k networks.
//!
//! * `render/CAT/STATE/testbackend`: `Terminal::draw` on ratatui's
//!   `TestBackend` after `Terminal::clear`, so every cell is drawn, diffed
//!   and sent to the backend (a full first frame).
//! * `render/CAT/STATE/buffer`: `ui::render` into a fresh `Buffer` only (the
//!   widgets, without the diff and the backend).
//!
//! STATE is `start` (empty query, results focused) or `query` ("clinical
//! coding" typed, so the rows carry highlights).

mod support;

use std::hint::black_box;

use criterion::Criterion;
use hinet::app::{self, Action, App, Command, Keymap};
use hinet::catalogue::Catalogue;
use hinet::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const W: u16 = 160;
const H: u16 = 50;

fn app_for(cat: Catalogue, query: Option<&str>) -> App {
    let mut app = App::new(cat, Vec::new(), Keymap::default());
    app::update(&mut app, Action::Resize(W, H));
    if let Some(q) = query {
        app::update(&mut app, Action::Command(Command::Search));
        for c in q.chars() {
            app::update(
                &mut app,
                Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            );
        }
        app::update(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        );
    }
    app
}

fn bench_catalogue(c: &mut Criterion, name: &str, cat: &Catalogue) {
    let theme = Theme::new(hinet::config::ThemeName::Default);
    let mut group = c.benchmark_group(format!("render/{name}"));
    for (state, query) in [("start", None), ("query", Some("clinical coding"))] {
        let app = app_for(cat.clone(), query);
        group.bench_function(format!("{state}/testbackend"), |b| {
            let mut terminal = Terminal::new(TestBackend::new(W, H)).expect("test backend");
            b.iter(|| {
                terminal.clear().expect("clear");
                terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
                black_box(terminal.backend().buffer().area);
            });
        });
        group.bench_function(format!("{state}/buffer"), |b| {
            let area = Rect::new(0, 0, W, H);
            b.iter(|| {
                let mut buf = Buffer::empty(area);
                ui::render(&app, &theme, area, &mut buf);
                black_box(buf);
            });
        });
    }
    group.finish();
}

fn main() {
    let mut c = support::criterion();
    if support::size_selected("bundled") {
        bench_catalogue(&mut c, "bundled", &support::bundled_catalogue());
    }
    let n = if support::bench_mode() { 10_000 } else { 1_000 };
    let label = support::label(n);
    if support::filter().is_none_or(|f| !f.contains("bundled")) && support::size_selected(&label) {
        bench_catalogue(&mut c, &label, &support::generated_catalogue(n));
    }
    c.final_summary();
}
