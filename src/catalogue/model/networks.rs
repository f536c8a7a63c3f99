//! The networks of a catalogue: either the program's own values (a catalogue
//! just parsed) or read where they lie, in archives already checked (a
//! cache entry's memory map, or the bundled catalogue built into the
//! program). A network read from an archive becomes a `Network` only when it
//! is asked for by position (`get`, for what is shown, and then kept), or for
//! the moment it is looked at (`with`, `iter`, which keep nothing), so a start
//! on a large cached catalogue copies only the networks it shows.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use rkyv::rancor::Failure;
use rustc_hash::FxHashMap;

use super::{ArchivedNetwork, Network};

/// A network's `Shape`, from its owned or its archived form (the fields
/// have the same names and answer `len`, `is_empty` and `iter` alike).
macro_rules! shape_of {
    ($n:expr) => {{
        let n = $n;
        let flag = |on: bool, f: u8| if on { f } else { 0 };
        Shape {
            opportunities: n.opportunities.len() as u32,
            flags: flag(n.sectors.is_empty(), Shape::NO_SECTORS)
                | flag(n.professions.is_empty(), Shape::NO_PROFESSIONS)
                | flag(n.career_stages.is_empty(), Shape::NO_STAGES)
                | flag(n.scope.is_empty(), Shape::NO_SCOPE)
                | flag(
                    n.opportunities.iter().any(|o| o.formats.is_empty()),
                    Shape::OPPORTUNITY_NO_FORMATS,
                )
                | flag(
                    n.opportunities
                        .iter()
                        .any(|o| o.career_stages.is_empty() && n.career_stages.is_empty()),
                    Shape::OPPORTUNITY_NO_STAGES,
                ),
        }
    }};
}

/// What a search or a facet needs to know about a network without reading
/// it: how many opportunities it has, and which lists it leaves empty.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct Shape {
    pub opportunities: u32,
    flags: u8,
}

impl Shape {
    pub const NO_SECTORS: u8 = 1;
    pub const NO_PROFESSIONS: u8 = 2;
    pub const NO_STAGES: u8 = 4;
    pub const NO_SCOPE: u8 = 8;
    /// Some opportunity states no format.
    pub const OPPORTUNITY_NO_FORMATS: u8 = 16;
    /// Some opportunity has no career stage, its own or its network's.
    pub const OPPORTUNITY_NO_STAGES: u8 = 32;

    pub fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    pub fn of(n: &Network) -> Shape {
        shape_of!(n)
    }

    /// `of`, read from the archived form (the same answers: one body for both).
    pub fn of_archived(n: &ArchivedNetwork) -> Shape {
        shape_of!(n)
    }
}

/// Networks in archives that were checked when they were opened (the cache
/// implements this over its memory map, the bundled catalogue over bytes in
/// the program).
pub trait Archive: Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Network `i`, archived.
    fn network(&self, i: usize) -> Option<&ArchivedNetwork>;
    /// Network `i`'s shape.
    fn shape(&self, i: usize) -> Shape;
    /// The position of the network with this id.
    fn position(&self, id: &str) -> Option<usize>;
    /// The positions of the networks that may name `id` as their
    /// successor (at least every one that does), in order.
    fn may_succeed_to(&self, id: &str) -> Vec<usize>;
}

struct Mapped {
    archive: Box<dyn Archive>,
    /// The networks read so far by `get`.
    read: Box<[OnceLock<Option<Box<Network>>>]>,
}

#[derive(Clone)]
enum Store {
    Owned(Vec<Network>),
    Mapped(Arc<Mapped>),
}

/// The networks of a catalogue, in catalogue order.
#[derive(Clone)]
pub struct Networks {
    store: Store,
    /// The position of each id among the program's own networks (the first
    /// of an id), made when first asked for and forgotten on any change: a
    /// command listing thousands of merged networks looks up each one's
    /// successor.
    positions: OnceLock<FxHashMap<Box<str>, u32>>,
}

impl Default for Networks {
    fn default() -> Self {
        Networks::from(Vec::new())
    }
}

impl From<Vec<Network>> for Networks {
    fn from(v: Vec<Network>) -> Self {
        Networks {
            store: Store::Owned(v),
            positions: OnceLock::new(),
        }
    }
}

impl FromIterator<Network> for Networks {
    fn from_iter<I: IntoIterator<Item = Network>>(iter: I) -> Self {
        Networks::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl fmt::Debug for Networks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Networks {
    fn eq(&self, other: &Networks) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| *a == *b)
    }
}

fn read(n: &ArchivedNetwork) -> Option<Network> {
    rkyv::deserialize::<Network, Failure>(n).ok()
}

/// A network while it is looked at: borrowed when it is held, else read
/// from its archive for the moment.
pub enum NetRef<'a> {
    Held(&'a Network),
    Read(Box<Network>),
}

impl Deref for NetRef<'_> {
    type Target = Network;
    fn deref(&self) -> &Network {
        match self {
            NetRef::Held(n) => n,
            NetRef::Read(n) => n,
        }
    }
}

impl serde::Serialize for NetRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl fmt::Debug for NetRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Networks {
    /// Networks read from `archive` (checked already).
    pub fn archived(archive: Box<dyn Archive>) -> Networks {
        let read = (0..archive.len()).map(|_| OnceLock::new()).collect();
        Networks {
            store: Store::Mapped(Arc::new(Mapped { archive, read })),
            positions: OnceLock::new(),
        }
    }

    /// Whether these networks are read from an archive.
    pub fn is_archived(&self) -> bool {
        matches!(self.store, Store::Mapped(_))
    }

    pub fn len(&self) -> usize {
        match &self.store {
            Store::Owned(v) => v.len(),
            Store::Mapped(m) => m.read.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Network `i`, kept once read (for what is shown: a row, the detail).
    pub fn get(&self, i: usize) -> Option<&Network> {
        match &self.store {
            Store::Owned(v) => v.get(i),
            Store::Mapped(m) => m
                .read
                .get(i)?
                .get_or_init(|| m.archive.network(i).and_then(read).map(Box::new))
                .as_deref(),
        }
    }

    /// Network `i` for the moment (not kept when it was not already).
    pub fn at(&self, i: usize) -> Option<NetRef<'_>> {
        match &self.store {
            Store::Owned(v) => v.get(i).map(NetRef::Held),
            Store::Mapped(m) => match m.read.get(i)?.get() {
                Some(held) => held.as_deref().map(NetRef::Held),
                None => m
                    .archive
                    .network(i)
                    .and_then(read)
                    .map(|n| NetRef::Read(Box::new(n))),
            },
        }
    }

    /// `f` of network `i`, keeping nothing.
    pub fn with<R>(&self, i: usize, f: impl FnOnce(&Network) -> R) -> Option<R> {
        self.at(i).map(|n| f(&n))
    }

    /// Every network in order, each read for the moment only.
    pub fn iter(&self) -> impl Iterator<Item = NetRef<'_>> + '_ {
        (0..self.len()).filter_map(move |i| self.at(i))
    }

    /// Every network in order, each read and kept (for what reads them all
    /// and holds on to them, as a report over the whole catalogue does).
    pub fn held(&self) -> impl Iterator<Item = &Network> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }

    /// The shape of network `i` (`Shape::default()` past the end).
    pub fn shape(&self, i: usize) -> Shape {
        match &self.store {
            Store::Owned(v) => v.get(i).map(Shape::of).unwrap_or_default(),
            Store::Mapped(m) => m.archive.shape(i),
        }
    }

    /// Every network's shape, in order.
    pub fn shapes(&self) -> impl Iterator<Item = Shape> + '_ {
        (0..self.len()).map(move |i| self.shape(i))
    }

    /// The position of the network with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        match &self.store {
            Store::Owned(v) => {
                let positions = self.positions.get_or_init(|| {
                    let mut map = FxHashMap::default();
                    map.reserve(v.len());
                    for (i, n) in v.iter().enumerate() {
                        map.entry(n.id.as_str().into()).or_insert(i as u32);
                    }
                    map
                });
                positions.get(id).map(|&i| i as usize)
            }
            Store::Mapped(m) => m.archive.position(id),
        }
    }

    /// The network with this id (kept once read).
    pub fn by_id(&self, id: &str) -> Option<&Network> {
        self.get(self.position(id)?)
    }

    /// The networks whose `successor` is `id` (other than itself), in order.
    pub fn predecessors<'a>(&'a self, id: &'a str) -> Vec<&'a Network> {
        let named = |n: &&Network| n.successor.as_deref() == Some(id) && n.id != id;
        match &self.store {
            Store::Owned(v) => v.iter().filter(named).collect(),
            Store::Mapped(m) => {
                let hits: Vec<usize> = m
                    .archive
                    .may_succeed_to(id)
                    .into_iter()
                    .filter(|&i| {
                        m.archive.network(i).is_some_and(|n| {
                            n.successor.as_ref().is_some_and(|s| s.as_str() == id)
                                && n.id.as_str() != id
                        })
                    })
                    .collect();
                hits.into_iter().filter_map(|i| self.get(i)).collect()
            }
        }
    }

    /// The networks as the program's own values, to change them (every
    /// network is read from its archive first, if they are archived).
    pub fn to_mut(&mut self) -> &mut Vec<Network> {
        self.positions = OnceLock::new();
        if let Store::Mapped(_) = self.store {
            let owned: Vec<Network> = self.iter().map(|n| (*n).clone()).collect();
            self.store = Store::Owned(owned);
        }
        match &mut self.store {
            Store::Owned(v) => v,
            Store::Mapped(_) => unreachable!("made owned above"),
        }
    }

    /// The networks as the program's own values.
    pub fn into_vec(self) -> Vec<Network> {
        if self.is_archived() {
            return self.iter().map(|n| (*n).clone()).collect();
        }
        match self.store {
            Store::Owned(v) => v,
            Store::Mapped(_) => Vec::new(),
        }
    }

    pub fn push(&mut self, n: Network) {
        self.to_mut().push(n);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Network>) {
        self.to_mut().extend(more);
    }

    pub fn truncate(&mut self, len: usize) {
        self.to_mut().truncate(len);
    }

    /// The networks held as the program's own values, when they are.
    pub fn as_slice(&self) -> Option<&[Network]> {
        match &self.store {
            Store::Owned(v) => Some(v),
            Store::Mapped(_) => None,
        }
    }
}

impl std::ops::Index<usize> for Networks {
    type Output = Network;
    fn index(&self, i: usize) -> &Network {
        match self.get(i) {
            Some(n) => n,
            None => panic!("network {i} of {}", self.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(id: &str, name: &str) -> Network {
        Network {
            id: id.into(),
            name: name.into(),
            ..Network::default()
        }
    }

    #[test]
    fn an_id_is_found_at_its_first_place_and_again_after_a_change() {
        let mut list = Networks::from(vec![net("a", "A"), net("b", "B"), net("a", "A again")]);
        assert_eq!(list.position("a"), Some(0));
        assert_eq!(list.position("b"), Some(1));
        assert_eq!(list.position("c"), None);
        assert_eq!(list.by_id("a").map(|n| n.name.as_str()), Some("A"));
        // A change forgets the positions worked out before it.
        list.to_mut().remove(0);
        list.push(net("c", "C"));
        assert_eq!(list.position("a"), Some(1));
        assert_eq!(list.position("b"), Some(0));
        assert_eq!(list.position("c"), Some(2));
        list.truncate(1);
        assert_eq!(list.position("c"), None);
        assert_eq!(list.clone().position("b"), Some(0));
    }
}
