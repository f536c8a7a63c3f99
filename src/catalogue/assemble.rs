//! The layers read (the catalogue's files, then the user's additions) put
//! together into one catalogue, with the checks that need every file:
//! duplicate ids, references to vocabulary values and successors, and places
//! within themselves.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use super::parse::{Layer, Loc, Reference, Reporter};
use super::{Catalogue, Network, Term, VocabKind, Vocabulary};
use crate::text::suggest::did_you_mean;

pub(super) fn assemble(rep: &mut Reporter<'_>, base: Layer, extra: Layer) -> Option<Catalogue> {
    let mut catalogue = Catalogue::default();
    let incomplete = base.incomplete || extra.incomplete;
    // The [catalogue] table: once in the catalogue; additions may repeat it.
    match base.info {
        Some((info, _)) => catalogue.info = info,
        None if base.info_seen || incomplete => {}
        None => rep.at(
            Loc { file: 0, offset: 0 },
            "catalogue",
            "no [catalogue] table: a catalogue needs one, with name and format",
        ),
    }
    let scope_locs = merge_vocab(rep, &mut catalogue.vocab, base.vocab, extra.vocab);
    // Aliases: the catalogue's, then the additions'.
    catalogue.aliases = base.aliases.into_iter().chain(extra.aliases).collect();
    // Networks: ids unique within a layer (checked on every id read, even of
    // networks with other errors); additions replace by id and are local.
    duplicate_ids(rep, [&base.ids, &extra.ids]);
    let index = merge_networks(
        catalogue.networks.to_mut(),
        base.networks,
        extra.networks,
        [&base.ids, &extra.ids],
    );
    // References to vocabulary values and successors (only when every file
    // could be read: otherwise the missing definitions may be in a broken file).
    let refs = if incomplete {
        Vec::new()
    } else {
        base.refs.into_iter().chain(extra.refs).collect()
    };
    check_refs(rep, &catalogue.vocab, &index, refs);
    if !incomplete {
        check_places(rep, &catalogue.vocab, &scope_locs);
    }
    Some(catalogue)
}

/// Places must not contain themselves: report each loop in `within` once,
/// at the first of its places the catalogue defines.
fn check_places(rep: &mut Reporter<'_>, vocab: &Vocabulary, locs: &HashMap<String, Loc>) {
    let mut reported: HashSet<&str> = HashSet::new();
    for term in vocab.terms(VocabKind::Scope) {
        let mut path: Vec<&str> = vec![term.id.as_str()];
        let mut at = term.id.as_str();
        while let Some(up) = vocab.within(at) {
            if let Some(start) = path.iter().position(|p| *p == up) {
                // `term` leads into a loop; it is in it only when start is 0.
                if start == 0 && path.iter().all(|p| !reported.contains(p)) {
                    reported.extend(path.iter().copied());
                    let mut shown: Vec<&str> = path.clone();
                    shown.push(up);
                    if let Some(loc) = locs.get(&term.id) {
                        rep.at(
                            *loc,
                            &format!("vocabulary.scope[{}].within", term.id),
                            format!(
                                "places cannot be within themselves: {}",
                                shown.join(" within ")
                            ),
                        );
                    }
                }
                break;
            }
            path.push(up);
            at = up;
        }
    }
}

/// Vocabulary: each id once per kind within a layer. An addition may add
/// values, never change one the catalogue defines: that would change what
/// every network using it says. Gives where each place is defined.
fn merge_vocab(
    rep: &mut Reporter<'_>,
    vocab: &mut Vocabulary,
    base: Vec<(VocabKind, Term, Loc)>,
    extra: Vec<(VocabKind, Term, Loc)>,
) -> HashMap<String, Loc> {
    let mut seen: HashMap<(VocabKind, String), Loc> = HashMap::new();
    let mut scope_locs: HashMap<String, Loc> = HashMap::new();
    for (kind, term, loc) in base {
        if let Some(first) = seen.get(&(kind, term.id.clone())) {
            let at = rep.origin(*first);
            rep.at(
                loc,
                &format!("vocabulary.{}.id", kind.key()),
                format!("`{}` is defined twice; first at {at}", term.id),
            );
            continue;
        }
        seen.insert((kind, term.id.clone()), loc);
        if kind == VocabKind::Scope {
            scope_locs.insert(term.id.clone(), loc);
        }
        vocab.insert(kind, term);
    }
    for (kind, term, loc) in extra {
        if kind == VocabKind::Scope && !vocab.contains(kind, &term.id) {
            scope_locs.insert(term.id.clone(), loc);
        }
        if let Some(old) = vocab.get(kind, &term.id) {
            if *old != term {
                let at = seen
                    .get(&(kind, term.id.clone()))
                    .map(|l| format!(" (at {})", rep.origin(*l)))
                    .unwrap_or_default();
                rep.at(
                    loc,
                    &format!("vocabulary.{}.id", kind.key()),
                    format!(
                        "`{}` is already defined by the catalogue{at}; an addition may add new values but not redefine one (use a new id)",
                        term.id
                    ),
                );
            }
            continue;
        }
        vocab.insert(kind, term);
    }
    scope_locs
}

/// Report an id given to two networks of one layer.
fn duplicate_ids(rep: &mut Reporter<'_>, layers: [&Vec<(String, Loc)>; 2]) {
    for ids in layers {
        let mut first: FxHashMap<&str, Loc> = FxHashMap::default();
        first.reserve(ids.len());
        for (id, loc) in ids.iter() {
            match first.get(id.as_str()) {
                Some(at) => {
                    let at = rep.origin(*at);
                    rep.at(
                        *loc,
                        &format!("network[{id}].id"),
                        format!("duplicate id `{id}`; also at {at}"),
                    );
                }
                None => {
                    first.insert(id, *loc);
                }
            }
        }
    }
}

/// The networks: the catalogue's, then the additions' (local, replacing one
/// of the same id). Gives each id's place in the list; every id read, even
/// of a network with errors, is there, as a successor may name it.
fn merge_networks(
    networks: &mut Vec<Network>,
    base: Vec<(Network, Loc)>,
    extra: Vec<(Network, Loc)>,
    ids: [&Vec<(String, Loc)>; 2],
) -> FxHashMap<String, usize> {
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    index.reserve(base.len() + extra.len());
    networks.reserve(base.len() + extra.len());
    for (n, _) in base {
        if index.contains_key(&n.id) {
            continue;
        }
        index.insert(n.id.clone(), networks.len());
        networks.push(n);
    }
    let mut local_seen: HashSet<String> = HashSet::new();
    for (mut n, _) in extra {
        if !local_seen.insert(n.id.clone()) {
            continue;
        }
        n.local = true;
        match index.get(&n.id) {
            Some(i) => networks[*i] = n,
            None => {
                index.insert(n.id.clone(), networks.len());
                networks.push(n);
            }
        }
    }
    // A successor may name a network that has errors of its own.
    for layer in ids {
        for (id, _) in layer.iter() {
            index.entry(id.clone()).or_insert(usize::MAX);
        }
    }
    index
}

/// References to vocabulary values and successors, each checked.
fn check_refs(
    rep: &mut Reporter<'_>,
    vocab: &Vocabulary,
    index: &FxHashMap<String, usize>,
    refs: Vec<Reference>,
) {
    for r in refs {
        match r.kind {
            Some(kind) => {
                if !vocab.contains(kind, &r.value) {
                    let ids = vocab.terms(kind).iter().map(|t| t.id.as_str());
                    let hint = did_you_mean(&r.value, ids)
                        .map(|m| format!("; did you mean `{m}`?"))
                        .unwrap_or_default();
                    rep.at(
                        r.loc,
                        &r.field,
                        format!(
                            "`{}` is not defined in vocabulary.{}{hint}",
                            r.value,
                            kind.key()
                        ),
                    );
                }
            }
            None => {
                if !index.contains_key(&r.value) {
                    let hint = did_you_mean(&r.value, index.keys().map(String::as_str))
                        .map(|m| format!("; did you mean `{m}`?"))
                        .unwrap_or_default();
                    rep.at(
                        r.loc,
                        &r.field,
                        format!("no network has the id `{}`{hint}", r.value),
                    );
                }
            }
        }
    }
}
