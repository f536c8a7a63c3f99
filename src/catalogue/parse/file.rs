//! A whole file into a layer: syntax errors, `[catalogue]`, `[vocabulary]`,
//! `[[alias]]` and `[[network]]`.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::fields::{Tbl, wrong_type};
use super::network::parse_network;
use super::{
    ALIAS_FIELDS, CATALOGUE_FIELDS, FORMAT_VERSION, Layer, Loc, Reference, Reporter,
    SCOPE_TERM_FIELDS, TERM_FIELDS, limits,
};
use crate::catalogue::model::{Alias, CatalogueInfo, Term, VocabKind};
use crate::text::sanitize::Lines;

/// Parse every file of a layer.
pub fn parse_layer(rep: &mut Reporter<'_>, first_file: usize, count: usize) -> Layer {
    let mut layer = Layer::default();
    for file in first_file..first_file + count {
        parse_file(rep, file, &mut layer);
    }
    layer
}

fn parse_file(rep: &mut Reporter<'_>, file: usize, layer: &mut Layer) {
    let text = rep.files[file].text.as_str();
    parse_text(rep, file, text, false, layer);
}

/// Parse a piece of a file (for the fast parse, which splits large files at
/// `[[network]]` headers and parses the pieces on several threads): its
/// places are counted from the start of the piece, not of the file, so the
/// reporter must be quiet. `rest`: not the first piece of its file, so it
/// must hold networks only (anything else is reported, so that the whole
/// file is parsed again as one).
pub fn parse_piece(
    rep: &mut Reporter<'_>,
    file: usize,
    piece: Range<usize>,
    rest: bool,
    layer: &mut Layer,
) {
    debug_assert!(rep.quiet);
    match rep.files[file].text.get(piece) {
        Some(text) => parse_text(rep, file, text, rest, layer),
        None => rep.at(Loc { file, offset: 0 }, "", "not a piece of the file"),
    }
}

fn parse_text(rep: &mut Reporter<'_>, file: usize, text: &str, rest: bool, layer: &mut Layer) {
    if text.trim().is_empty() {
        rep.at(Loc { file, offset: 0 }, "", "the file is empty");
        return;
    }
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        syntax_errors(rep, file, text, &errors);
        layer.incomplete = true;
        return;
    }
    let root = Tbl::root(rep, &doc, file);
    root.check_keys(
        rep,
        if rest {
            &["network"]
        } else {
            &["catalogue", "vocabulary", "network", "alias"]
        },
    );
    if let Some(t) = root.table(rep, "catalogue") {
        catalogue_table(rep, &t, layer);
    }
    if let Some(v) = root.table(rep, "vocabulary") {
        vocabulary(rep, &v, layer);
    }
    for t in root.array_of_tables(rep, "alias") {
        if let Some(a) = parse_alias(rep, &t, &mut layer.refs) {
            layer.aliases.push(a);
        }
    }
    for t in root.array_of_tables(rep, "network") {
        let (id, network) = parse_network(rep, &t, &mut layer.refs);
        if let Some(id) = id {
            layer.ids.push((id, t.loc()));
        }
        if let Some(n) = network {
            layer.networks.push((n, t.loc()));
        }
    }
}

/// Say a file's TOML syntax errors, each once (the parser may give one error
/// many times at the same place: an unclosed array per level of a deep
/// nest), the first 20.
fn syntax_errors(rep: &mut Reporter<'_>, file: usize, text: &str, errors: &[toml::de::Error]) {
    let mut said: Vec<(usize, String)> = Vec::new();
    for e in errors {
        if said.len() == 20 {
            break;
        }
        let offset = char_floor(text, e.span().map_or(0, |s| s.start));
        let message = format!("TOML syntax: {}", e.message().trim());
        if said.iter().any(|(o, m)| *o == offset && *m == message) {
            continue;
        }
        rep.at(Loc { file, offset }, "", message.clone());
        said.push((offset, message));
    }
}

/// The `[catalogue]` table: kept when it is the first and valid.
fn catalogue_table(rep: &mut Reporter<'_>, t: &Tbl<'_, '_>, layer: &mut Layer) {
    layer.info_seen = true;
    let info = parse_info(rep, t, &mut layer.newer_format);
    if let Some((_, first)) = &layer.info {
        let at = rep.origin(*first);
        rep.at(
            t.loc(),
            "catalogue",
            format!("a second [catalogue] table; the first is at {at}"),
        );
    } else if let Some(info) = info {
        layer.info = Some((info, t.loc()));
    }
}

/// The `[vocabulary]` table: a list of terms per kind.
fn vocabulary(rep: &mut Reporter<'_>, v: &Tbl<'_, '_>, layer: &mut Layer) {
    let keys: Vec<&str> = VocabKind::ALL.iter().map(|k| k.key()).collect();
    v.check_keys(rep, &keys);
    for kind in VocabKind::ALL {
        for t in v.array_of_tables(rep, kind.key()) {
            let scope = kind == VocabKind::Scope;
            t.check_keys(
                rep,
                if scope {
                    SCOPE_TERM_FIELDS
                } else {
                    TERM_FIELDS
                },
            );
            let id = t.vocab_id(rep, "id");
            let label = t.req_str(rep, "label", limits::LABEL);
            let description = t.opt_str(rep, "description", limits::SUMMARY, Lines::One);
            let within = if let (true, Some((id, _))) = (scope, &id) {
                t.renamed(|| format!("vocabulary.scope[{id}]"))
                    .vocab_ref(rep, "within", VocabKind::Scope, false, &mut layer.refs)
                    .filter(|w| !w.is_empty())
            } else {
                None
            };
            if let (Some((id, _)), Some(label)) = (id, label) {
                layer.vocab.push((
                    kind,
                    Term {
                        id,
                        label,
                        description,
                        within,
                    },
                    t.loc(),
                ));
            }
        }
    }
}

/// `offset` within `text`, moved back to a character boundary: the place a
/// diagnostic shows for it.
fn char_floor(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn parse_info(rep: &mut Reporter<'_>, t: &Tbl<'_, '_>, newer: &mut bool) -> Option<CatalogueInfo> {
    t.check_keys(rep, CATALOGUE_FIELDS);
    let name = t.req_str(rep, "name", limits::NAME);
    let format = match t.get("format") {
        None => {
            t.missing(rep, "format");
            None
        }
        Some(v) => match v.get_ref() {
            DeValue::Integer(_) => {
                let f = t.opt_int(rep, "format")?;
                if f > FORMAT_VERSION {
                    *newer = true;
                    rep.at(
                        t.loc_of(v),
                        &t.field("format"),
                        format!(
                            "catalogue format {f} is newer than this hinet reads (format {FORMAT_VERSION}); update hinet"
                        ),
                    );
                    None
                } else if f < 1 {
                    rep.at(
                        t.loc_of(v),
                        &t.field("format"),
                        "the format version starts at 1",
                    );
                    None
                } else {
                    Some(f)
                }
            }
            other => {
                rep.at(
                    t.loc_of(v),
                    &t.field("format"),
                    wrong_type("an integer", other),
                );
                None
            }
        },
    };
    let updated = t.opt_date(rep, "updated");
    Some(CatalogueInfo {
        name: name?,
        format: format?,
        updated,
    })
}

/// One `[[alias]]`: words people type, and the vocabulary values or phrases
/// they mean (at least one).
fn parse_alias(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
) -> Option<Alias> {
    t.check_keys(rep, ALIAS_FIELDS);
    let words = t.strings(rep, "words", limits::LABEL);
    let phrases = t.strings(rep, "phrases", limits::LABEL);
    let mut values = Vec::new();
    let mut ok = true;
    for kind in VocabKind::ALL {
        match t.vocab_list(rep, kind.key(), kind, refs) {
            Some(ids) => values.extend(ids.into_iter().map(|id| (kind, id))),
            None => ok = false,
        }
    }
    if words.is_empty() {
        t.missing(rep, "words");
        return None;
    }
    if ok && values.is_empty() && phrases.is_empty() {
        rep.at(
            t.loc(),
            &t.field("words"),
            "an alias needs what its words mean: phrases, or vocabulary values such as scope = [\"wales\"]",
        );
        return None;
    }
    ok.then_some(Alias {
        words,
        values,
        phrases,
    })
}
