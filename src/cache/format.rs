//! The binary form of a catalogue: `rkyv` archives of its head (the
//! `[catalogue]` table, the vocabularies, the aliases) and of its networks
//! in parts, so parts can be checked and read on several threads.
//!
//! Reading an archive goes through `rkyv`'s validation (`bytecheck`): every
//! offset and length inside the bytes, every string's UTF-8 and every enum's
//! tag is checked before anything is read, so damaged or hostile bytes give
//! `None`, never a panic. Then every string is checked to hold nothing the
//! sanitiser would remove (text from a file is untrusted, the cache's too).
//!
//! build.rs compiles this file as well (it encodes the bundled catalogue when
//! the program is built), so it needs nothing outside `catalogue` and `rkyv`.

use rkyv::rancor::Failure;
use rkyv::util::AlignedVec;
use rkyv::with::InlineAsBox;

use crate::catalogue::{
    Alias, ArchivedCost, ArchivedNetwork, ArchivedOpportunity, Catalogue, CatalogueInfo, Cost,
    Network, Opportunity, Shape, Vocabulary,
};
use crate::text::sanitize;

/// The head of a catalogue: everything but its networks.
#[derive(rkyv::Archive, rkyv::Serialize)]
pub struct Head<'a> {
    #[rkyv(with = InlineAsBox)]
    info: &'a CatalogueInfo,
    #[rkyv(with = InlineAsBox)]
    vocab: &'a Vocabulary,
    #[rkyv(with = InlineAsBox)]
    aliases: &'a [Alias],
}

/// Some of a catalogue's networks, in order.
#[derive(rkyv::Archive, rkyv::Serialize)]
pub struct Part<'a> {
    #[rkyv(with = InlineAsBox)]
    networks: &'a [Network],
}

/// The head of `cat` in binary form.
pub fn encode_head(cat: &Catalogue) -> Option<AlignedVec> {
    let head = Head {
        info: &cat.info,
        vocab: &cat.vocab,
        aliases: &cat.aliases,
    };
    rkyv::to_bytes::<Failure>(&head).ok()
}

/// Some networks in binary form.
pub fn encode_networks(networks: &[Network]) -> Option<AlignedVec> {
    rkyv::to_bytes::<Failure>(&Part { networks }).ok()
}

/// What `encode_head` wrote: a catalogue with no networks yet; `None` when
/// the bytes are not that, or hold text the sanitiser would change, or an
/// alias means a value the vocabulary does not have.
pub fn decode_head(bytes: &[u8]) -> Option<Catalogue> {
    let head = rkyv::access::<ArchivedHead<'static>, Failure>(bytes).ok()?;
    let catalogue = head_of(head)?;
    let clean = clean_head(&catalogue.info, &catalogue.vocab, &catalogue.aliases)
        && catalogue.aliases.iter().all(|a| {
            a.values
                .iter()
                .all(|(k, id)| catalogue.vocab.contains(*k, id))
        });
    clean.then_some(catalogue)
}

/// `decode_head` without its checks, for bytes this program built and
/// holds in itself (`embedded`).
///
/// # Safety
/// `bytes` must be what `encode_head` wrote, checked by `decode_head`
/// when they were written, and 16-byte aligned.
pub unsafe fn decode_head_embedded(bytes: &[u8]) -> Option<Catalogue> {
    // SAFETY: the caller's promise: a valid archive, checked once already.
    head_of(unsafe { rkyv::access_unchecked::<ArchivedHead<'static>>(bytes) })
}

/// The catalogue (no networks) an archived head holds.
fn head_of(head: &ArchivedHead<'static>) -> Option<Catalogue> {
    let info: CatalogueInfo = rkyv::deserialize::<_, Failure>(&*head.info).ok()?;
    let vocab: Vocabulary = rkyv::deserialize::<_, Failure>(&*head.vocab).ok()?;
    let aliases = head
        .aliases
        .iter()
        .map(|a| rkyv::deserialize::<Alias, Failure>(a).ok())
        .collect::<Option<Vec<_>>>()?;
    Some(Catalogue {
        info,
        vocab,
        networks: Default::default(),
        aliases,
    })
}

/// What `encode_networks` wrote, or `None` when the bytes are not that (or
/// hold text the sanitiser would change).
pub fn decode_networks(bytes: &[u8]) -> Option<Vec<Network>> {
    let part = rkyv::access::<ArchivedPart<'static>, Failure>(bytes).ok()?;
    let mut out = Vec::with_capacity(part.networks.len());
    for n in part.networks.iter() {
        let n: Network = rkyv::deserialize::<_, Failure>(n).ok()?;
        if !clean_network(&n) {
            return None;
        }
        out.push(n);
    }
    Some(out)
}

/// What the program knows of every network of a cache entry without
/// reading it, written in the entry beside the networks (`entry`): each
/// one's shape and the hash of its id, and the successors named.
#[derive(Debug, Default, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Summary {
    pub shapes: Vec<Shape>,
    pub id_hashes: Vec<u64>,
    /// (hash of a successor named, position of the network naming it),
    /// sorted.
    pub successors: Vec<(u64, u32)>,
    /// (hash of an id, position), sorted; worked out when read.
    #[rkyv(with = rkyv::with::Skip)]
    pub ids: Vec<(u64, u32)>,
}

impl Summary {
    /// The summary of `networks`.
    pub fn of(networks: &[Network]) -> Summary {
        let mut successors: Vec<(u64, u32)> = networks
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((id_hash(n.successor.as_deref()?), i as u32)))
            .collect();
        successors.sort_unstable();
        Summary {
            shapes: networks.iter().map(Shape::of).collect(),
            id_hashes: networks.iter().map(|n| id_hash(&n.id)).collect(),
            successors,
            ids: Vec::new(),
        }
        .with_ids()
    }

    /// The summary of some archived networks.
    pub fn of_archived(networks: &[ArchivedNetwork]) -> Summary {
        let part = summarize(networks, false).unwrap_or_default();
        let mut successors = part.successors;
        successors.sort_unstable();
        Summary {
            shapes: part.shapes,
            id_hashes: part.id_hashes,
            successors,
            ids: Vec::new(),
        }
        .with_ids()
    }

    fn with_ids(mut self) -> Summary {
        self.ids = (self.id_hashes.iter().enumerate())
            .map(|(i, h)| (*h, i as u32))
            .collect();
        self.ids.sort_unstable();
        self
    }

    /// The shapes and id hashes of `count` networks from `first`.
    pub fn range(&self, first: usize, count: usize) -> Option<(&[Shape], &[u64])> {
        let end = first.checked_add(count)?;
        Some((
            self.shapes.get(first..end)?,
            self.id_hashes.get(first..end)?,
        ))
    }

    /// The positions listed under the hash of `key` in `sorted`, in order.
    pub fn find<'a>(
        &self,
        sorted: &'a [(u64, u32)],
        key: &str,
    ) -> impl Iterator<Item = usize> + 'a {
        let h = id_hash(key);
        let from = sorted.partition_point(|&(x, _)| x < h);
        sorted[from..]
            .iter()
            .take_while(move |&&(x, _)| x == h)
            .map(|&(_, i)| i as usize)
    }
}

/// The summary of a catalogue in binary form.
pub fn encode_summary(networks: &[Network]) -> Option<AlignedVec> {
    rkyv::to_bytes::<Failure>(&Summary::of(networks)).ok()
}

/// What `encode_summary` wrote, or `None`.
pub fn decode_summary(bytes: &[u8]) -> Option<Summary> {
    let s = rkyv::from_bytes::<Summary, Failure>(bytes).ok()?;
    (s.shapes.len() == s.id_hashes.len()).then(|| s.with_ids())
}

/// What a checked part of networks tells without reading them: each one's
/// shape, the hash of each one's id, and which name a successor.
#[derive(Debug, Default)]
pub struct PartSummary {
    pub shapes: Vec<Shape>,
    pub id_hashes: Vec<u64>,
    /// The hash of each successor named, and the position in the part of
    /// the network that names it.
    pub successors: Vec<(u64, u32)>,
}

/// Check what `encode_networks` wrote where it lies (`rkyv`'s validation,
/// then every string against the sanitiser), without reading it into the
/// program's types; `None` when the bytes are not that.
pub fn check_networks(bytes: &[u8]) -> Option<PartSummary> {
    let part = rkyv::access::<ArchivedPart<'static>, Failure>(bytes).ok()?;
    summarize(&part.networks, true)
}

/// The summary of some archived networks; `None` when `check` and a string
/// is not clean.
fn summarize(networks: &[ArchivedNetwork], check: bool) -> Option<PartSummary> {
    let n = networks.len();
    let mut out = PartSummary {
        shapes: Vec::with_capacity(n),
        id_hashes: Vec::with_capacity(n),
        successors: Vec::new(),
    };
    for (i, net) in networks.iter().enumerate() {
        if check && !clean_archived_network(net) {
            return None;
        }
        out.shapes.push(Shape::of_archived(net));
        out.id_hashes.push(id_hash(&net.id));
        if let Some(s) = net.successor.as_ref() {
            out.successors.push((id_hash(s), i as u32));
        }
    }
    Some(out)
}

/// The networks of a part, where they lie.
///
/// # Safety
/// `bytes` must have passed `check_networks` (or `decode_networks`), be
/// unchanged since, and be 16-byte aligned.
pub unsafe fn networks_unchecked(bytes: &[u8]) -> &[ArchivedNetwork] {
    // SAFETY: the caller's promise: a valid archive, checked already.
    let part = unsafe { rkyv::access_unchecked::<ArchivedPart<'static>>(bytes) };
    &part.networks
}

/// The hash a network's id is looked up by.
pub fn id_hash(id: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(id)
}

/// `decode_networks` without its checks, for bytes this program built and
/// holds in itself (`embedded`).
///
/// # Safety
/// `bytes` must be what `encode_networks` wrote, checked by
/// `decode_networks` when they were written, and 16-byte aligned.
pub unsafe fn decode_networks_embedded(bytes: &[u8]) -> Option<Vec<Network>> {
    // SAFETY: the caller's promise: a valid archive, checked once already.
    let part = unsafe { rkyv::access_unchecked::<ArchivedPart<'static>>(bytes) };
    part.networks
        .iter()
        .map(|n| rkyv::deserialize::<Network, Failure>(n).ok())
        .collect()
}

fn clean_head(info: &CatalogueInfo, vocab: &Vocabulary, aliases: &[Alias]) -> bool {
    let CatalogueInfo {
        name,
        format: _,
        updated,
    } = info;
    let terms = crate::catalogue::VocabKind::ALL
        .iter()
        .flat_map(|k| vocab.terms(*k))
        .all(|t| {
            is_clean(&t.id)
                && is_clean(&t.label)
                && all_clean(t.description.iter())
                && all_clean(t.within.iter())
        });
    let aliases = aliases.iter().all(|a| {
        let Alias {
            words,
            values,
            phrases,
        } = a;
        all_clean(words) && all_clean(phrases) && all_clean(values.iter().map(|v| &v.1))
    });
    is_clean(name) && all_clean(updated.iter()) && terms && aliases
}

/// Every string of a network holds nothing the sanitiser would remove. The
/// fields are named one by one (no `..`), so a new field cannot be missed.
fn clean_network(n: &Network) -> bool {
    let Network {
        id,
        name,
        short_name,
        kind,
        status: _,
        successor,
        ended: _,
        summary,
        description,
        website,
        how_to_join,
        join_url,
        scope,
        sectors,
        professions,
        career_stages,
        formats,
        policy_engagement,
        tags,
        cost,
        opportunities,
        provenance,
        local: _,
    } = n;
    let strings = [id, name, kind, summary];
    let options = [
        short_name,
        successor,
        description,
        website,
        how_to_join,
        join_url,
        policy_engagement,
    ];
    let lists = [scope, sectors, professions, career_stages, formats, tags];
    all_clean(strings)
        && all_clean(options.into_iter().flatten())
        && lists.into_iter().all(all_clean)
        && clean_cost(cost.as_ref())
        && opportunities.iter().all(clean_opportunity)
        && provenance
            .as_ref()
            .is_none_or(|p| all_clean(&p.sources) && all_clean(&p.uncertain))
}

/// `clean_network` of the archived form, field by field the same.
fn clean_archived_network(n: &ArchivedNetwork) -> bool {
    let ArchivedNetwork {
        id,
        name,
        short_name,
        kind,
        status: _,
        successor,
        ended: _,
        summary,
        description,
        website,
        how_to_join,
        join_url,
        scope,
        sectors,
        professions,
        career_stages,
        formats,
        policy_engagement,
        tags,
        cost,
        opportunities,
        provenance,
        local: _,
    } = n;
    let strings = [id, name, kind, summary];
    let options = [
        short_name,
        successor,
        description,
        website,
        how_to_join,
        join_url,
        policy_engagement,
    ];
    let lists = [scope, sectors, professions, career_stages, formats, tags];
    all_clean(strings)
        && all_clean(options.into_iter().flatten())
        && lists.into_iter().all(|l| all_clean(l.iter()))
        && clean_archived_cost(cost.as_ref())
        && opportunities.iter().all(clean_archived_opportunity)
        && provenance
            .as_ref()
            .is_none_or(|p| all_clean(p.sources.iter()) && all_clean(p.uncertain.iter()))
}

fn clean_archived_opportunity(o: &ArchivedOpportunity) -> bool {
    let ArchivedOpportunity {
        title,
        kind,
        summary,
        url,
        formats,
        career_stages,
        duration,
        eligibility,
        when,
        status: _,
        cost,
    } = o;
    let options = [summary, url, duration, eligibility, when];
    is_clean(title)
        && is_clean(kind)
        && all_clean(options.into_iter().flatten())
        && all_clean(formats.iter())
        && all_clean(career_stages.iter())
        && clean_archived_cost(cost.as_ref())
}

fn clean_archived_cost(cost: Option<&ArchivedCost>) -> bool {
    cost.is_none_or(|c| all_clean(c.note.iter()))
}

fn clean_opportunity(o: &Opportunity) -> bool {
    let Opportunity {
        title,
        kind,
        summary,
        url,
        formats,
        career_stages,
        duration,
        eligibility,
        when,
        status: _,
        cost,
    } = o;
    let options = [summary, url, duration, eligibility, when];
    is_clean(title)
        && is_clean(kind)
        && all_clean(options.into_iter().flatten())
        && all_clean(formats)
        && all_clean(career_stages)
        && clean_cost(cost.as_ref())
}

fn clean_cost(cost: Option<&Cost>) -> bool {
    cost.is_none_or(|c| all_clean(c.note.iter()))
}

fn all_clean<S: AsRef<str>>(strings: impl IntoIterator<Item = S>) -> bool {
    strings.into_iter().all(|s| is_clean(s.as_ref()))
}

/// True when `text` holds nothing the sanitiser removes (newlines aside).
/// Runs of plain ASCII are skipped 64 bytes at a time; only the rest is
/// looked at character by character.
pub fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    let plain = |b: &u8| (0x20..0x7f).contains(b) || *b == b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + 64).min(bytes.len());
        // No early exit, so the loop is vectorised.
        if bytes[i..end].iter().fold(true, |ok, b| ok & plain(b)) {
            i = end;
            continue;
        }
        // `i` is on a character (what came before was ASCII); go on past
        // `end` to the next character boundary.
        let mut j = i;
        for c in text[i..].chars() {
            let bad = if c.is_ascii() {
                !plain(&(c as u8))
            } else {
                sanitize::is_forbidden(c)
            };
            if bad {
                return false;
            }
            j += c.len_utf8();
            if j >= end {
                break;
            }
        }
        i = j;
    }
    true
}
