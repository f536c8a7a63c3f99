//! What each kind of document is made of: a network with its names,
//! vocabulary values, opportunities and long text; an opportunity with its
//! title, its network's names and values.

use crate::catalogue::{Catalogue, CostClass, Status, VocabKind};

use super::build::Builder;
use super::facets::{Places, cost_value, network_facets, opportunity_facets, values_of};
use super::index::{DocRef, Index, Tier, mask};

impl Index {
    /// The index of networks, with the facets sector, profession, career
    /// stage, scope, kind, cost and status.
    pub fn networks(cat: &Catalogue) -> Index {
        let facets = network_facets(cat);
        let places = Places::new(cat, &facets[3]);
        let mut b = Builder::new(cat).with_aliases();
        for (i, n) in cat.networks.held().enumerate() {
            b.short(Tier::Name, true, &n.name);
            if let Some(s) = &n.short_name {
                b.short(Tier::Alias, true, s);
            }
            // Tags weigh less than the network's own short name.
            for t in &n.tags {
                b.short(Tier::Label, false, t);
            }
            b.label(VocabKind::Kind, &n.kind);
            for (kind, list) in [
                (VocabKind::Sector, &n.sectors),
                (VocabKind::Profession, &n.professions),
                (VocabKind::CareerStage, &n.career_stages),
                (VocabKind::Scope, &n.scope),
                (VocabKind::Format, &n.formats),
            ] {
                for id in list {
                    b.label(kind, id);
                }
            }
            for o in &n.opportunities {
                b.text(&o.title, mask::LABEL);
                b.label(VocabKind::OpportunityType, &o.kind);
            }
            let cost = CostClass::of(n.cost.as_ref());
            if cost == CostClass::Free {
                b.word("free", mask::LABEL);
            }
            let mut texts: Vec<&str> = vec![&n.name, &n.summary];
            texts.extend(n.short_name.as_deref());
            texts.extend(n.tags.iter().map(String::as_str));
            texts.extend(n.description.as_deref());
            b.phrase_aliases(&texts);
            b.text(&n.summary, mask::LONG);
            for t in [&n.description, &n.how_to_join, &n.policy_engagement]
                .into_iter()
                .flatten()
            {
                b.text(t, mask::LONG);
            }
            for o in &n.opportunities {
                for t in [&o.summary, &o.eligibility].into_iter().flatten() {
                    b.text(t, mask::LONG);
                }
                if CostClass::of(o.cost.as_ref()) == CostClass::Free {
                    b.word("free", mask::LONG);
                }
            }
            let doc_facets = [
                values_of(&facets[0], &n.sectors),
                values_of(&facets[1], &n.professions),
                values_of(&facets[2], &n.career_stages),
                places.values(&facets[3], &n.scope),
                values_of(&facets[4], std::slice::from_ref(&n.kind)),
                vec![cost_value(cost)],
                vec![Status::ALL.iter().position(|s| *s == n.status).unwrap_or(0) as u16],
            ];
            b.finish_doc(&facets, &doc_facets, &n.name, DocRef::Network(i as u32));
        }
        b.build(facets)
    }

    /// The index of every learning and training opportunity, with the facets
    /// type, cost, format, career stage and the sector of its network.
    pub fn opportunities(cat: &Catalogue) -> Index {
        let facets = opportunity_facets(cat);
        let places = Places::new(cat, &facets[5]);
        let mut b = Builder::new(cat).with_aliases();
        for (ni, n) in cat.networks.held().enumerate() {
            let network_places = places.values(&facets[5], &n.scope);
            for (oi, o) in n.opportunities.iter().enumerate() {
                b.short(Tier::Name, true, &o.title);
                if let Some(s) = &n.short_name {
                    b.short(Tier::Alias, false, s);
                }
                b.short(Tier::Alias, false, &n.name);
                b.label(VocabKind::OpportunityType, &o.kind);
                for id in &o.formats {
                    b.label(VocabKind::Format, id);
                }
                let stages = n.stages_of(o).ids;
                for id in stages {
                    b.label(VocabKind::CareerStage, id);
                }
                for t in &n.tags {
                    b.text(t, mask::LABEL);
                }
                // The network's people and places, weakly.
                for (kind, list) in [
                    (VocabKind::Profession, &n.professions),
                    (VocabKind::Scope, &n.scope),
                    (VocabKind::Sector, &n.sectors),
                ] {
                    for id in list {
                        b.value(kind, id, false);
                    }
                }
                let mut texts: Vec<&str> = vec![&o.title];
                texts.extend(o.summary.as_deref());
                b.phrase_aliases(&texts);
                let cost = CostClass::of(o.cost.as_ref());
                if cost == CostClass::Free {
                    b.word("free", mask::LABEL);
                }
                for t in [&o.summary, &o.eligibility, &o.duration, &o.when]
                    .into_iter()
                    .flatten()
                {
                    b.text(t, mask::LONG);
                }
                if let Some(note) = o.cost.as_ref().and_then(|c| c.note.as_ref()) {
                    b.text(note, mask::LONG);
                }
                let doc_facets = [
                    values_of(&facets[0], std::slice::from_ref(&o.kind)),
                    vec![cost_value(cost)],
                    values_of(&facets[2], &o.formats),
                    values_of(&facets[3], stages),
                    values_of(&facets[4], &n.sectors),
                    network_places.clone(),
                ];
                b.finish_doc(
                    &facets,
                    &doc_facets,
                    &o.title,
                    DocRef::Opportunity(ni as u32, oi as u32),
                );
            }
        }
        b.build(facets)
    }
}
