//! The detail pane: a network in full (learning and training first-class), or
//! an opportunity in full with its network in brief.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Theme, pane_block};
use crate::app::App;
use crate::catalogue::{Network, Opportunity};
use crate::query::DocRef;
use crate::report::walk::{self, Entry, Field, Item, Part, Report, link_field};

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer, focused: bool) {
    let doc = app.selected_doc();
    let title = match doc {
        Some(DocRef::Network(_)) => app
            .selected_network()
            .map_or("Detail", |n| n.display_short()),
        Some(DocRef::Opportunity(..)) => "Opportunity",
        None => "Detail",
    };
    let title = super::truncate(title, area.width.saturating_sub(6) as usize);
    let block = pane_block(&title, focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = lines(app, theme);
    // The scroll never leaves the text: at most its last row at the bottom.
    let para = Paragraph::new(lines).wrap(Wrap { trim: false });
    let max = para
        .line_count(inner.width)
        .saturating_sub(usize::from(inner.height));
    let scroll = app
        .current()
        .detail_scroll
        .min(u16::try_from(max).unwrap_or(u16::MAX));
    para.scroll((scroll, 0)).render(inner, buf);
}

/// How many rows the detail of the selected item takes wrapped to `width`
/// cells (what the app scrolls by; see `ui::install`).
pub fn measure(app: &App, width: u16) -> usize {
    let theme = Theme::new(crate::config::ThemeName::Mono);
    Paragraph::new(lines(app, &theme))
        .wrap(Wrap { trim: false })
        .line_count(width)
}

/// The detail of the selected item, line by line, before wrapping.
fn lines<'a>(app: &'a App, theme: &Theme) -> Vec<Line<'a>> {
    let doc = app.selected_doc();
    match doc {
        Some(DocRef::Network(n)) => app
            .catalogue
            .networks
            .get(n as usize)
            .map(|net| network_lines(app, theme, net))
            .unwrap_or_default(),
        Some(DocRef::Opportunity(n, o)) => app
            .catalogue
            .networks
            .get(n as usize)
            .and_then(|net| net.opportunities.get(o as usize).map(|opp| (net, opp)))
            .map(|(net, opp)| opportunity_detail(app, theme, net, opp))
            .unwrap_or_default(),
        None => vec![Line::styled("Nothing selected.", theme.dim)],
    }
}

fn field<'a>(theme: &Theme, label: &str, value: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.dim),
        Span::raw(value),
    ])
}

fn heading<'a>(theme: &Theme, text: &'a str) -> Line<'a> {
    Line::styled(text, theme.heading)
}

/// Free text, a line each (a field of several lines keeps its breaks).
fn text_lines<'a>(text: &'a str, out: &mut Vec<Line<'a>>) {
    out.extend(text.lines().map(Line::raw));
}

/// An item of the walk as the pane shows it; the head's items, which the
/// pane lays out its own way, are not drawn here.
fn item_lines<'a>(theme: &Theme, item: &Item<'a>, out: &mut Vec<Line<'a>>) {
    match item {
        Item::Text(t) => text_lines(t, out),
        Item::Field(f, v) => out.push(field(theme, f.label(), v.clone())),
        Item::Link(l) => {
            let (label, value) = link_field(l);
            out.push(field(theme, label, value));
        }
        Item::Empty(t) => out.push(Line::styled(*t, theme.dim)),
        Item::Opportunity(e) => entry_lines(theme, e, out),
        Item::Source(s) => out.push(Line::styled(format!("  {s}"), theme.dim)),
        Item::Status(s) => out.push(Line::styled(s.clone(), theme.warning)),
        Item::Formerly(s) => out.push(Line::styled(s.clone(), theme.dim)),
        Item::Title { .. } | Item::Id(_) | Item::Kind { .. } | Item::AsOf(_) => {}
    }
}

fn entry_lines<'a>(theme: &Theme, e: &Entry<'a>, out: &mut Vec<Line<'a>>) {
    let mut head = vec![
        Span::raw("• "),
        Span::styled(e.title, theme.title),
        Span::styled(format!("  {}", e.kind), theme.dim),
    ];
    if e.historical {
        head.push(Span::styled("  [historical]", theme.warning));
    }
    out.push(Line::from(head));
    if let Some(s) = e.summary {
        out.extend(s.lines().map(|l| Line::raw(format!("  {l}"))));
    }
    for (f, v) in &e.fields {
        out.push(field(theme, &format!("  {}", f.label()), v.clone()));
    }
    if let Some(u) = e.link {
        out.push(field(theme, "  Link", u.to_string()));
    }
}

/// "Matches Wales through UK-wide", when a place is chosen and the network
/// serves it only through a broader scope.
fn place_line<'a>(app: &App, theme: &Theme, n: &Network, out: &mut Vec<Line<'a>>) {
    if let Some((place, through)) = app.place_through(n) {
        out.push(Line::styled(
            format!("Matches {place} through {through}"),
            theme.dim,
        ));
    }
}

fn bookmark_lines<'a>(app: &'a App, theme: &Theme, net: &Network, out: &mut Vec<Line<'a>>) {
    if let Some(b) = app.bookmark(&net.id) {
        let mut spans = vec![Span::styled(format!("★ {}", b.status.label()), theme.star)];
        if let Some(n) = &b.note {
            spans.push(Span::raw(format!(" — {n}")));
        }
        out.push(Line::from(spans));
    }
}

/// The name; kind, nation or region; where a chosen place is served from;
/// status, the networks it replaced, and the bookmark.
fn head_lines<'a>(
    app: &'a App,
    theme: &Theme,
    n: &Network,
    report: &Report<'a>,
    out: &mut Vec<Line<'a>>,
) {
    for item in report.part(Part::Head) {
        match item {
            Item::Title { name, .. } => out.push(Line::styled(*name, theme.title)),
            Item::Kind { label, local } => {
                let mut kind = label.to_string();
                if let Some(scope) = report.field(Part::Who, Field::Scope) {
                    kind.push_str(" · ");
                    kind.push_str(scope);
                }
                if *local {
                    kind.push_str(" · your own addition");
                }
                out.push(Line::styled(kind, theme.dim));
                place_line(app, theme, n, out);
            }
            other => item_lines(theme, other, out),
        }
    }
    bookmark_lines(app, theme, n, out);
}

fn network_lines<'a>(app: &'a App, theme: &Theme, n: &'a Network) -> Vec<Line<'a>> {
    let report = walk::network(&app.catalogue, n);
    let mut out = Vec::new();
    head_lines(app, theme, n, &report, &mut out);
    out.push(Line::raw(""));
    if let Some(t) = report.text(Part::Summary) {
        text_lines(t, &mut out);
    }
    out.push(Line::raw(""));
    super::fit::lines(app, theme, n, None, &mut out);
    out.push(heading(theme, "Who it is for"));
    for item in report.part(Part::Who) {
        // The nation or region stands beside the kind, at the top.
        if !matches!(item, Item::Field(Field::Scope, _)) {
            item_lines(theme, item, &mut out);
        }
    }
    out.push(Line::raw(""));
    out.push(heading(theme, "Learning and training"));
    for item in report.part(Part::Learning) {
        item_lines(theme, item, &mut out);
    }
    out.push(Line::raw(""));
    out.push(heading(theme, "How to join"));
    for item in report.part(Part::Join) {
        // "Not recorded." is left to `hinet show`: here the cost follows.
        if !matches!(item, Item::Empty(_)) {
            item_lines(theme, item, &mut out);
        }
    }
    for (part, title) in [(Part::About, "About"), (Part::Policy, "Policy engagement")] {
        if let Some(t) = report.text(part) {
            out.push(Line::raw(""));
            out.push(heading(theme, title));
            text_lines(t, &mut out);
        }
    }
    sources_lines(theme, &report, &mut out);
    out
}

/// When the facts date from, what is uncertain, and the pages they come from.
fn sources_lines<'a>(theme: &Theme, report: &Report<'a>, out: &mut Vec<Line<'a>>) {
    let items = report.part(Part::Sources);
    let Some(Item::AsOf(as_of)) = items.first() else {
        return;
    };
    out.push(Line::raw(""));
    out.push(heading(theme, "Sources"));
    let year = as_of.map_or_else(|| "not known".to_string(), |y| y.to_string());
    out.push(field(theme, "Facts as of", year));
    let (sources, fields): (Vec<&Item<'a>>, Vec<&Item<'a>>) =
        items.iter().partition(|i| matches!(i, Item::Source(_)));
    for item in fields.into_iter().chain(sources) {
        item_lines(theme, item, out);
    }
}

fn opportunity_detail<'a>(
    app: &'a App,
    theme: &Theme,
    net: &'a Network,
    o: &'a Opportunity,
) -> Vec<Line<'a>> {
    let cat = &app.catalogue;
    let report = walk::network(cat, net);
    let mut out = Vec::new();
    entry_lines(theme, &walk::opportunity(cat, net, o), &mut out);
    out.push(Line::raw(""));
    super::fit::lines(app, theme, net, Some(o), &mut out);
    out.push(heading(theme, "Offered by"));
    out.push(Line::styled(net.name.as_str(), theme.title));
    place_line(app, theme, net, &mut out);
    for item in report.part(Part::Head) {
        if let Item::Status(_) = item {
            item_lines(theme, item, &mut out);
        }
    }
    bookmark_lines(app, theme, net, &mut out);
    if let Some(t) = report.text(Part::Summary) {
        text_lines(t, &mut out);
    }
    let cost = report.field(Part::Join, Field::Cost).unwrap_or_default();
    out.push(field(theme, "Cost to join", cost.to_string()));
    out.push(Line::raw(""));
    out.push(Line::from(vec![
        Span::styled(app.keymap.key_label(crate::app::Command::Open), theme.key),
        Span::raw(" here: go to this network · "),
        Span::styled(
            app.keymap.key_label(crate::app::Command::Bookmark),
            theme.key,
        ),
        Span::raw(" bookmarks the network"),
    ]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Keymap;
    use crate::report::fixture;

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_field_of_several_lines_keeps_its_line_breaks() {
        let app = App::new(fixture::catalogue(), Vec::new(), Keymap::default());
        let n = app.catalogue.network("many-lines").expect("the network");
        let theme = Theme::new(crate::config::ThemeName::Mono);
        let shown = text(&network_lines(&app, &theme, n));
        for run in [
            &["How to join", "Join one.", "Join two.", "", "Join three."][..],
            &["Policy engagement", "Policy one.", "Policy two."],
            &["About", "Description one.", "Description two."],
        ] {
            assert!(
                shown.windows(run.len()).any(|w| w == run),
                "{run:?} in {shown:#?}"
            );
        }
    }
}
