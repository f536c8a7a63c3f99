//! The detail's "Why it fits you" and "What may not fit" sections, drawn
//! from the fit's reasons (`profile::fit`).

use ratatui::text::{Line, Span};

use super::Theme;
use crate::app::App;
use crate::catalogue::{Network, Opportunity};
use crate::profile::fit;

/// The two sections for a network, or an opportunity of it; nothing without
/// a profile.
pub fn lines<'a>(
    app: &App,
    theme: &Theme,
    net: &Network,
    opp: Option<&Opportunity>,
    out: &mut Vec<Line<'a>>,
) {
    if app.profile.is_empty() {
        return;
    }
    let vocab = &app.catalogue.vocab;
    let report = match opp {
        Some(o) => fit::explain_opportunity(vocab, &app.profile, net, o),
        None => fit::explain_network(vocab, &app.profile, net),
    };
    out.push(Line::from(vec![
        Span::styled("Why it fits you ", theme.heading),
        Span::styled(report.marks.clone(), theme.star),
    ]));
    if report.reasons.fits.is_empty() {
        out.push(Line::styled("Nothing in your profile matches.", theme.dim));
    } else {
        out.push(Line::raw(report.reasons.fits.join(" · ")));
    }
    if !report.reasons.may_not_fit.is_empty() {
        out.push(Line::styled("What may not fit", theme.heading));
        out.push(Line::styled(
            report.reasons.may_not_fit.join(" · "),
            theme.dim,
        ));
    }
    out.push(Line::raw(""));
}
