//! The detail pane: a network in full (learning and training first-class), or
//! an opportunity in full with its network in brief.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Theme, pane_block};
use crate::app::App;
use crate::catalogue::{Catalogue, Cost, Network, Opportunity, OpportunityStatus, VocabKind};
use crate::present::{fallback_link, labels, predecessor_lines, stages_text, status_line};
use crate::query::DocRef;

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

fn field<'a>(theme: &Theme, label: &'a str, value: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.dim),
        Span::raw(value),
    ])
}

fn heading<'a>(theme: &Theme, text: &'a str) -> Line<'a> {
    Line::styled(text, theme.heading)
}

fn opportunity_lines<'a>(
    cat: &Catalogue,
    theme: &Theme,
    net: &Network,
    o: &'a Opportunity,
    out: &mut Vec<Line<'a>>,
) {
    let kind = cat
        .vocab
        .label(VocabKind::OpportunityType, &o.kind)
        .to_string();
    let mut head = vec![
        Span::raw("• "),
        Span::styled(o.title.clone(), theme.title),
        Span::styled(format!("  {kind}"), theme.dim),
    ];
    if o.status == OpportunityStatus::Historical {
        head.push(Span::styled("  [historical]", theme.warning));
    }
    out.push(Line::from(head));
    if let Some(s) = &o.summary {
        for l in s.lines() {
            out.push(Line::raw(format!("  {l}")));
        }
    }
    out.push(field(theme, "  Cost", Cost::describe(o.cost.as_ref())));
    if !o.formats.is_empty() {
        out.push(field(
            theme,
            "  Format",
            labels(cat, VocabKind::Format, &o.formats),
        ));
    }
    if let Some(d) = &o.duration {
        out.push(field(theme, "  Duration", d.clone()));
    }
    if let Some(w) = &o.when {
        out.push(field(theme, "  When", w.clone()));
    }
    if let Some(stages) = stages_text(cat, net, o) {
        out.push(field(theme, "  Career stage", stages));
    }
    if let Some(e) = &o.eligibility {
        out.push(field(theme, "  Eligibility", e.clone()));
    }
    if let Some(u) = &o.url {
        out.push(field(theme, "  Link", u.clone()));
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

fn network_lines<'a>(app: &'a App, theme: &Theme, n: &'a Network) -> Vec<Line<'a>> {
    let cat = &app.catalogue;
    let mut out = Vec::new();
    out.push(Line::styled(n.name.clone(), theme.title));
    let mut kind = cat.vocab.label(VocabKind::Kind, &n.kind).to_string();
    if !n.scope.is_empty() {
        kind.push_str(" · ");
        kind.push_str(&labels(cat, VocabKind::Scope, &n.scope));
    }
    if n.local {
        kind.push_str(" · your own addition");
    }
    out.push(Line::styled(kind, theme.dim));
    place_line(app, theme, n, &mut out);
    if let Some(s) = status_line(cat, n) {
        out.push(Line::styled(s, theme.warning));
    }
    for l in predecessor_lines(cat, n) {
        out.push(Line::styled(l, theme.dim));
    }
    bookmark_lines(app, theme, n, &mut out);
    out.push(Line::raw(""));
    out.push(Line::raw(n.summary.clone()));
    out.push(Line::raw(""));
    super::fit::lines(app, theme, n, None, &mut out);
    out.push(heading(theme, "Who it is for"));
    for (label, kind, ids) in [
        ("Sectors", VocabKind::Sector, &n.sectors),
        ("Professions", VocabKind::Profession, &n.professions),
        ("Career stages", VocabKind::CareerStage, &n.career_stages),
        ("Formats", VocabKind::Format, &n.formats),
    ] {
        if !ids.is_empty() {
            out.push(field(theme, label, labels(cat, kind, ids)));
        }
    }
    out.push(Line::raw(""));
    out.push(heading(theme, "Learning and training"));
    if n.opportunities.is_empty() {
        out.push(Line::styled("None recorded.", theme.dim));
    }
    for o in &n.opportunities {
        opportunity_lines(cat, theme, n, o, &mut out);
    }
    out.push(Line::raw(""));
    out.push(heading(theme, "How to join"));
    if let Some(h) = &n.how_to_join {
        out.push(Line::raw(h.clone()));
    }
    out.push(field(theme, "Cost", Cost::describe(n.cost.as_ref())));
    if let Some(u) = &n.join_url {
        out.push(field(theme, "Join", u.clone()));
    }
    if let Some(u) = &n.website {
        out.push(field(theme, "Website", u.clone()));
    }
    if let Some(l) = fallback_link(n) {
        out.push(field(theme, "Link", l));
    }
    if let Some(d) = &n.description {
        out.push(Line::raw(""));
        out.push(heading(theme, "About"));
        for l in d.lines() {
            out.push(Line::raw(l.to_string()));
        }
    }
    if let Some(p) = &n.policy_engagement {
        out.push(Line::raw(""));
        out.push(heading(theme, "Policy engagement"));
        out.push(Line::raw(p.clone()));
    }
    if let Some(p) = &n.provenance {
        out.push(Line::raw(""));
        out.push(heading(theme, "Sources"));
        out.push(field(
            theme,
            "Facts as of",
            p.as_of
                .map_or_else(|| "not known".to_string(), |y| y.to_string()),
        ));
        if !p.uncertain.is_empty() {
            out.push(field(theme, "Uncertain", p.uncertain.join("; ")));
        }
        for s in &p.sources {
            out.push(Line::styled(format!("  {s}"), theme.dim));
        }
    }
    out
}

fn opportunity_detail<'a>(
    app: &'a App,
    theme: &Theme,
    net: &'a Network,
    o: &'a Opportunity,
) -> Vec<Line<'a>> {
    let cat = &app.catalogue;
    let mut out = Vec::new();
    opportunity_lines(cat, theme, net, o, &mut out);
    out.push(Line::raw(""));
    super::fit::lines(app, theme, net, Some(o), &mut out);
    out.push(heading(theme, "Offered by"));
    out.push(Line::styled(net.name.clone(), theme.title));
    place_line(app, theme, net, &mut out);
    if let Some(s) = status_line(cat, net) {
        out.push(Line::styled(s, theme.warning));
    }
    bookmark_lines(app, theme, net, &mut out);
    out.push(Line::raw(net.summary.clone()));
    out.push(field(
        theme,
        "Cost to join",
        Cost::describe(net.cost.as_ref()),
    ));
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
