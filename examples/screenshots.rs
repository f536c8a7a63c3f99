//! Regenerate the README's pictures from the real app's rendering:
//! `cargo run --example screenshots` writes docs/main.svg, docs/learning.svg,
//! docs/welcome.svg and docs/fits.svg.

use hinet::app::{Action, App, Command, Keymap, Mode, update};
use hinet::catalogue::{LoadOptions, Source, load};
use hinet::config::ThemeName;
use hinet::ui::{Theme, render, svg::to_svg};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn key(app: &mut App, code: KeyCode) {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Type into the search box (where hinet starts, or back with `/`), then
/// leave it with Esc for the commands.
fn typed(app: &mut App, text: &str) {
    if app.mode() != Mode::Search {
        key(app, KeyCode::Char('/'));
    }
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
    key(app, KeyCode::Esc);
}

/// Move the facet cursor onto a value (by ids) and toggle it.
fn toggle(app: &mut App, facet: &str, value: &str) {
    let target = {
        let t = app.current();
        let Some((f, fac)) = t.index.facet(facet) else {
            return;
        };
        let Some(v) = fac.position(value) else {
            return;
        };
        (f, v)
    };
    app.focus = hinet::app::Focus::Facets;
    update(app, Action::Command(Command::Top));
    for _ in 0..500 {
        if app.current().facet_at_cursor() == Some(target) {
            break;
        }
        update(app, Action::Command(Command::Down));
    }
    update(app, Action::Command(Command::Toggle));
}

fn shot(app: &App, path: &str) -> std::io::Result<()> {
    let area = Rect::new(0, 0, app.width, app.height);
    let mut buf = Buffer::empty(area);
    render(app, &Theme::new(ThemeName::Default), area, &mut buf);
    std::fs::create_dir_all("docs")?;
    std::fs::write(path, to_svg(&buf))?;
    println!("wrote {path}");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cat = load(&Source::Bundled, &LoadOptions::default())?;
    let mut app = App::new(cat, Vec::new(), Keymap::default());
    hinet::ui::install(&mut app);
    update(&mut app, Action::Resize(140, 36));
    typed(&mut app, "data");
    toggle(&mut app, "stage", "entry-student");
    shot(&app, "docs/main.svg")?;

    update(&mut app, Action::Command(Command::Learning));
    toggle(&mut app, "stage", "entry-student");
    toggle(&mut app, "cost", "free");
    shot(&app, "docs/learning.svg")?;

    // "Which networks fit me?": the welcome, then the list by fit.
    let cat = load(&Source::Bundled, &LoadOptions::default())?;
    let mut app = App::new(cat, Vec::new(), Keymap::default());
    update(&mut app, Action::Resize(140, 36));
    app.open_welcome();
    shot(&app, "docs/welcome.svg")?;
    key(&mut app, KeyCode::Esc);
    app.set_profile(hinet::profile::Profile {
        professions: vec!["data-analytics".into()],
        stage: Some("early-career".into()),
        scope: Some("wales".into()),
        sectors: vec!["primary-care".into()],
    });
    app.status = None;
    shot(&app, "docs/fits.svg")?;
    Ok(())
}
