//! Render a buffer as an SVG picture with its colours, for the README's
//! screenshots (`cargo run --example screenshots`).

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const BG: &str = "#1e1e2e";
const FG: &str = "#d9dce6";

fn rgb(c: Color, default: &str) -> String {
    let named = |s: &str| s.to_string();
    match c {
        Color::Reset => named(default),
        Color::Black => named("#1e1e2e"),
        Color::Red => named("#e06c75"),
        Color::Green => named("#98c379"),
        Color::Yellow => named("#e5c07b"),
        Color::Blue => named("#61afef"),
        Color::Magenta => named("#c678dd"),
        Color::Cyan => named("#56b6c2"),
        Color::Gray => named("#abb2bf"),
        Color::DarkGray => named("#5c6370"),
        Color::LightRed => named("#ff7b86"),
        Color::LightGreen => named("#b5e890"),
        Color::LightYellow => named("#ffd68a"),
        Color::LightBlue => named("#82c4ff"),
        Color::LightMagenta => named("#e09cff"),
        Color::LightCyan => named("#7fd6e0"),
        Color::White => named("#ffffff"),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(208) => named("#ff8700"),
        Color::Indexed(_) => named(default),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The buffer as a standalone SVG document.
pub fn to_svg(buf: &Buffer) -> String {
    let w = buf.area.width as f32 * CELL_W;
    let h = buf.area.height as f32 * CELL_H;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\">\n<rect width=\"100%\" height=\"100%\" fill=\"{BG}\"/>\n"
    );
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (rgb(cell.fg, FG), rgb(cell.bg, BG));
            if reversed {
                std::mem::swap(&mut fg, &mut bg);
            }
            let px = x as f32 * CELL_W;
            let py = y as f32 * CELL_H;
            if bg != BG {
                out.push_str(&format!(
                    "<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{CELL_W:.1}\" height=\"{CELL_H:.1}\" fill=\"{bg}\"/>\n"
                ));
            }
            let sym = cell.symbol();
            if sym.trim().is_empty() {
                continue;
            }
            let mut attrs = String::new();
            if cell.modifier.contains(Modifier::BOLD) {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if cell.modifier.contains(Modifier::DIM) {
                attrs.push_str(" opacity=\"0.6\"");
            }
            if cell.modifier.contains(Modifier::UNDERLINED) {
                attrs.push_str(" text-decoration=\"underline\"");
            }
            out.push_str(&format!(
                "<text x=\"{px:.1}\" y=\"{:.1}\" fill=\"{fg}\"{attrs}>{}</text>\n",
                py + CELL_H * 0.78,
                escape(sym)
            ));
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn draws_text_and_colour() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(
            0,
            0,
            "a<b",
            Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::REVERSED),
        );
        let svg = to_svg(&buf);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("&lt;"));
        assert!(
            svg.contains("fill=\"#e5c07b\""),
            "reverse video paints the background"
        );
        assert_eq!(svg.matches("<text").count(), 3);
    }
}
