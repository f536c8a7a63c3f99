//! The one walk over a network's fields, and one over an opportunity's.
//!
//! [`network`] turns a network into a [`Report`]: its parts in order (head,
//! summary, about, who it is for, learning, how to join, policy, tags,
//! sources), each a list of [`Item`]s that already hold the words (labels
//! looked up, costs described, links classified). A renderer maps items to
//! its output and picks the parts its view shows, in its own order.

use super::{labels, status_line};
use crate::catalogue::{
    Catalogue, Cost, Link, LinkKind, Network, Opportunity, OpportunityStatus, VocabKind,
};

/// The parts of a network's description, in the walk's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Name, id, kind, status and the networks it replaced.
    Head,
    /// The one-line summary.
    Summary,
    /// The longer description.
    About,
    /// Nation or region, sectors, professions, career stages, formats.
    Who,
    /// The learning and training, one [`Item::Opportunity`] each.
    Learning,
    /// How to join, the cost and the links.
    Join,
    Policy,
    Tags,
    /// Where the facts come from and how old they are.
    Sources,
}

/// A labelled value's meaning; [`Field::label`] is its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Scope,
    Sectors,
    Professions,
    CareerStages,
    Formats,
    Cost,
    /// An opportunity's formats.
    Format,
    Duration,
    When,
    /// An opportunity's career stages (perhaps its network's).
    CareerStage,
    Eligibility,
    Tags,
    Uncertain,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Scope => "Nation or region",
            Field::Sectors => "Sectors",
            Field::Professions => "Professions",
            Field::CareerStages => "Career stages",
            Field::Formats => "Formats",
            Field::Cost => "Cost",
            Field::Format => "Format",
            Field::Duration => "Duration",
            Field::When => "When",
            Field::CareerStage => "Career stage",
            Field::Eligibility => "Eligibility",
            Field::Tags => "Tags",
            Field::Uncertain => "Uncertain",
        }
    }
}

/// One thing said about a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Title {
        name: &'a str,
        short: Option<&'a str>,
    },
    Id(&'a str),
    /// The kind's label; `local` for a network from the user's own files.
    Kind {
        label: &'a str,
        local: bool,
    },
    /// "Merged in 2020 — now part of …", for a network no longer active.
    Status(String),
    /// "Formerly: UKCHIP (closed 2019; ukchip)", one per network it replaced.
    Formerly(String),
    /// Free text, perhaps of several lines.
    Text(&'a str),
    Field(Field, String),
    /// A page of the network: its join page, website, or (where it has
    /// neither) the first source page.
    Link(Link<'a>),
    Opportunity(Entry<'a>),
    /// What stands where nothing is recorded: "None recorded.", "Not recorded.".
    Empty(&'static str),
    /// The year the facts are from, if known (first item of [`Part::Sources`]).
    AsOf(Option<i64>),
    /// A page or document the facts were read from.
    Source(&'a str),
}

/// One opportunity: its head line, summary, fields and link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    pub title: &'a str,
    /// The opportunity type's label.
    pub kind: &'a str,
    pub historical: bool,
    pub summary: Option<&'a str>,
    pub fields: Vec<(Field, String)>,
    pub link: Option<&'a str>,
}

/// A part of the report and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section<'a> {
    pub part: Part,
    pub items: Vec<Item<'a>>,
}

/// A network, walked: its parts in order; a part with nothing to say is absent
/// (except `Who`, `Learning` and `Join`, always there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report<'a> {
    pub sections: Vec<Section<'a>>,
}

impl<'a> Report<'a> {
    /// The items of a part; none where the part is absent.
    pub fn part(&self, part: Part) -> &[Item<'a>] {
        self.sections
            .iter()
            .find(|s| s.part == part)
            .map_or(&[], |s| &s.items)
    }

    /// The value of a field of a part, if it has it.
    pub fn field(&self, part: Part, field: Field) -> Option<&str> {
        self.part(part).iter().find_map(|i| match i {
            Item::Field(f, v) if *f == field => Some(v.as_str()),
            _ => None,
        })
    }

    /// The first free text of a part (a summary, how to join).
    pub fn text(&self, part: Part) -> Option<&'a str> {
        self.part(part).iter().find_map(|i| match i {
            Item::Text(t) => Some(*t),
            _ => None,
        })
    }

    /// The opportunities, in the catalogue's order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry<'a>> {
        self.part(Part::Learning).iter().filter_map(|i| match i {
            Item::Opportunity(e) => Some(e),
            _ => None,
        })
    }
}

/// How a link is labelled beside its address, and the value shown: a source
/// page says that it is one.
pub fn link_field(link: &Link<'_>) -> (&'static str, String) {
    match link.kind {
        LinkKind::Join => ("Join", link.url.to_string()),
        LinkKind::Website => ("Website", link.url.to_string()),
        LinkKind::Source => ("Link", format!("{} ({})", link.url, link.kind.label())),
    }
}

/// A network, walked.
pub fn network<'a>(cat: &'a Catalogue, n: &'a Network) -> Report<'a> {
    let mut sections = vec![
        section(Part::Head, head(cat, n)),
        section(Part::Summary, vec![Item::Text(&n.summary)]),
    ];
    if let Some(d) = &n.description {
        sections.push(section(Part::About, vec![Item::Text(d)]));
    }
    sections.push(section(Part::Who, who(cat, n)));
    sections.push(section(Part::Learning, learning(cat, n)));
    sections.push(section(Part::Join, join(n)));
    if let Some(p) = &n.policy_engagement {
        sections.push(section(Part::Policy, vec![Item::Text(p)]));
    }
    if !n.tags.is_empty() {
        let tags = Item::Field(Field::Tags, n.tags.join(", "));
        sections.push(section(Part::Tags, vec![tags]));
    }
    if let Some(p) = &n.provenance {
        let mut items = vec![Item::AsOf(p.as_of)];
        items.extend(p.sources.iter().map(|s| Item::Source(s)));
        if !p.uncertain.is_empty() {
            items.push(Item::Field(Field::Uncertain, p.uncertain.join("; ")));
        }
        sections.push(section(Part::Sources, items));
    }
    Report { sections }
}

fn section(part: Part, items: Vec<Item<'_>>) -> Section<'_> {
    Section { part, items }
}

fn head<'a>(cat: &'a Catalogue, n: &'a Network) -> Vec<Item<'a>> {
    let mut items = vec![
        Item::Title {
            name: &n.name,
            short: n.short_name.as_deref(),
        },
        Item::Id(&n.id),
        Item::Kind {
            label: cat.vocab.label(VocabKind::Kind, &n.kind),
            local: n.local,
        },
    ];
    items.extend(status_line(cat, n).map(Item::Status));
    // Worked out from the catalogue (who names `n` as successor), never
    // written in it.
    items.extend(cat.predecessors(&n.id).map(|p| {
        let ended = p.ended.map(|y| format!(" {y}")).unwrap_or_default();
        Item::Formerly(format!(
            "Formerly: {} ({}{ended}; {})",
            p.display_short(),
            p.status.id(),
            p.id
        ))
    }));
    items
}

fn who(cat: &Catalogue, n: &Network) -> Vec<Item<'static>> {
    [
        (Field::Scope, VocabKind::Scope, &n.scope),
        (Field::Sectors, VocabKind::Sector, &n.sectors),
        (Field::Professions, VocabKind::Profession, &n.professions),
        (
            Field::CareerStages,
            VocabKind::CareerStage,
            &n.career_stages,
        ),
        (Field::Formats, VocabKind::Format, &n.formats),
    ]
    .into_iter()
    .filter(|(_, _, ids)| !ids.is_empty())
    .map(|(field, kind, ids)| Item::Field(field, labels(cat, kind, ids)))
    .collect()
}

fn learning<'a>(cat: &'a Catalogue, n: &'a Network) -> Vec<Item<'a>> {
    if n.opportunities.is_empty() {
        return vec![Item::Empty("None recorded.")];
    }
    n.opportunities
        .iter()
        .map(|o| Item::Opportunity(opportunity(cat, n, o)))
        .collect()
}

fn join(n: &Network) -> Vec<Item<'_>> {
    let mut items = vec![match &n.how_to_join {
        Some(h) => Item::Text(h),
        None => Item::Empty("Not recorded."),
    }];
    items.push(Item::Field(Field::Cost, Cost::describe(n.cost.as_ref())));
    for (url, kind) in [
        (&n.join_url, LinkKind::Join),
        (&n.website, LinkKind::Website),
    ] {
        if let Some(url) = url {
            items.push(Item::Link(Link { url, kind }));
        }
    }
    // Where it has no website or join page: its first source page.
    if let Some(l) = n.link().filter(|l| l.kind == LinkKind::Source) {
        items.push(Item::Link(l));
    }
    items
}

/// One opportunity of network `n`, walked.
pub fn opportunity<'a>(cat: &'a Catalogue, n: &'a Network, o: &'a Opportunity) -> Entry<'a> {
    let mut fields = vec![(Field::Cost, Cost::describe(o.cost.as_ref()))];
    if !o.formats.is_empty() {
        fields.push((Field::Format, labels(cat, VocabKind::Format, &o.formats)));
    }
    fields.extend(o.duration.clone().map(|d| (Field::Duration, d)));
    fields.extend(o.when.clone().map(|w| (Field::When, w)));
    fields.extend(stages_text(cat, n, o).map(|s| (Field::CareerStage, s)));
    fields.extend(o.eligibility.clone().map(|e| (Field::Eligibility, e)));
    Entry {
        title: &o.title,
        kind: cat.vocab.label(VocabKind::OpportunityType, &o.kind),
        historical: o.status == OpportunityStatus::Historical,
        summary: o.summary.as_deref(),
        fields,
        link: o.url.as_deref(),
    }
}

/// The career stages of an opportunity as a line's value, saying when they
/// are its network's (it states none of its own); None when neither has any.
fn stages_text(cat: &Catalogue, n: &Network, o: &Opportunity) -> Option<String> {
    let stages = n.stages_of(o);
    if stages.ids.is_empty() {
        return None;
    }
    let mut s = labels(cat, VocabKind::CareerStage, stages.ids);
    if stages.inherited {
        s.push_str(" (as its network)");
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn the_walk_gives_the_parts_a_network_has_in_order() {
        let cat = fixture::catalogue();
        let parts = |id: &str| -> Vec<Part> {
            let n = cat.network(id).unwrap_or_else(|| panic!("{id}"));
            network(&cat, n).sections.iter().map(|s| s.part).collect()
        };
        use Part::*;
        assert_eq!(
            parts("many-lines"),
            [Head, Summary, About, Who, Learning, Join, Policy, Sources]
        );
        assert_eq!(parts("shut"), [Head, Summary, Who, Learning, Join]);
    }

    #[test]
    fn the_walk_holds_the_words_each_view_shows() {
        let cat = fixture::catalogue();
        let n = cat.network("many-lines").expect("the network");
        let r = network(&cat, n);
        assert_eq!(r.field(Part::Who, Field::Scope), Some("UK-wide"));
        assert_eq!(r.field(Part::Join, Field::Cost), Some("Not known"));
        assert_eq!(r.text(Part::Join), n.how_to_join.as_deref());
        let titles: Vec<&str> = r.entries().map(|e| e.title).collect();
        assert_eq!(titles, ["A course", r"Escaped \- dash"]);
        let links: Vec<_> = r
            .part(Part::Join)
            .iter()
            .filter_map(|i| match i {
                Item::Link(l) => Some(link_field(l)),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            [(
                "Link",
                "https://example.org/source (no website known — source page)".to_string()
            )]
        );
        let shut = cat.network("shut").expect("the network");
        let r = network(&cat, shut);
        assert_eq!(r.part(Part::Join)[0], Item::Empty("Not recorded."));
        assert_eq!(r.part(Part::Learning), [Item::Empty("None recorded.")]);
        assert!(r.part(Part::Head).contains(&Item::Status("Closed".into())));
    }
}
