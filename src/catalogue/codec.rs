//! A compact binary form of a loaded catalogue, for the cache of parsed
//! catalogues (`crate::cache`): little-endian integers, and the bytes of
//! every string one after another in a pool at the front, so the pool is
//! checked once (UTF-8, and nothing the sanitiser would remove) rather than
//! string by string. Decoding checks every length against what is left, so
//! a damaged cache file gives `None` (and a fresh parse), never a panic or
//! text that was not cleaned.

use super::model::*;
use super::sanitize;

/// Writes values one after another (strings' bytes to the pool).
#[derive(Default)]
pub struct Enc {
    buf: Vec<u8>,
    pool: Vec<u8>,
}

impl Enc {
    /// The encoded bytes: the pool's length, the pool, the values.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.pool.len() + self.buf.len());
        out.extend_from_slice(&(self.pool.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.pool);
        out.extend_from_slice(&self.buf);
        out
    }

    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }

    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.pool.extend_from_slice(s.as_bytes());
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }

    pub fn strs(&mut self, list: &[String]) {
        self.len(list.len());
        for s in list {
            self.str(s);
        }
    }

    pub fn u32s(&mut self, list: &[u32]) {
        self.len(list.len());
        self.buf.reserve(list.len() * 4);
        for v in list {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Sorted lists of numbers, one after another (list k is
    /// `values[starts[k]..starts[k + 1]]`, strictly increasing): each as
    /// the gaps between its numbers, seven bits to a byte.
    pub fn gaps(&mut self, starts: &[u32], values: &[u32]) {
        self.len(values.len());
        for w in starts.windows(2) {
            let mut prev: Option<u32> = None;
            for &v in &values[w[0] as usize..w[1] as usize] {
                let gap = match prev {
                    Some(p) => v.wrapping_sub(p).wrapping_sub(1),
                    None => v,
                };
                prev = Some(v);
                let mut g = gap;
                while g >= 0x80 {
                    self.buf.push((g as u8) | 0x80);
                    g >>= 7;
                }
                self.buf.push(g as u8);
            }
        }
    }

    pub fn u64s(&mut self, list: &[u64]) {
        self.len(list.len());
        self.buf.reserve(list.len() * 8);
        for v in list {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
    }

    pub fn u16s(&mut self, list: &[u16]) {
        self.len(list.len());
        self.buf.reserve(list.len() * 2);
        for v in list {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
    }

    pub fn bytes(&mut self, list: &[u8]) {
        self.len(list.len());
        self.buf.extend_from_slice(list);
    }
}

/// True when `text` holds nothing the sanitiser removes (newlines aside).
/// Runs of plain ASCII are skipped 64 bytes at a time; only the rest is
/// looked at character by character.
fn is_clean(text: &str) -> bool {
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

/// Reads what `Enc` wrote; every method gives `None` past the end.
pub struct Dec<'a> {
    buf: &'a [u8],
    pos: usize,
    pool: &'a str,
    pool_pos: usize,
}

impl<'a> Dec<'a> {
    /// A reader of what `Enc::finish` gave, or `None` when the pool is not
    /// clean text.
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let (len, rest) = bytes.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let (pool, buf) = rest.split_at_checked(len)?;
        let pool = std::str::from_utf8(pool).ok()?;
        if !is_clean(pool) {
            return None;
        }
        Some(Dec {
            buf,
            pos: 0,
            pool,
            pool_pos: 0,
        })
    }

    pub fn is_done(&self) -> bool {
        self.pos == self.buf.len() && self.pool_pos == self.pool.len()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    pub fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self) -> Option<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    }

    /// A count of items at least `item` bytes each: never more than could fit
    /// in what is left, so a damaged count cannot ask for a huge allocation.
    pub fn len(&mut self, item: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        let left = self.buf.len() - self.pos;
        (n.checked_mul(item.max(1))? <= left).then_some(n)
    }

    /// The next string of the pool.
    pub fn str(&mut self) -> Option<String> {
        let n = usize::try_from(self.u64()?).ok()?;
        let end = self.pool_pos.checked_add(n)?;
        let s = self.pool.get(self.pool_pos..end)?;
        self.pool_pos = end;
        Some(s.to_string())
    }

    pub fn opt_str(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => self.str().map(Some),
            _ => None,
        }
    }

    pub fn strs(&mut self) -> Option<Vec<String>> {
        // Each string's length takes 8 bytes, so `len(8)` bounds the count.
        let n = self.len(8)?;
        (0..n).map(|_| self.str()).collect()
    }

    pub fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.len(4)?;
        let b = self.take(n * 4)?;
        Some(
            b.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// What `Enc::gaps` wrote for these `starts` (which must end at the
    /// number of values); every list comes back strictly increasing.
    pub fn gaps(&mut self, starts: &[u32]) -> Option<Vec<u32>> {
        let n = self.len(1)?;
        if starts.last().copied() != Some(u32::try_from(n).ok()?) {
            return None;
        }
        let mut values = Vec::with_capacity(n);
        for w in starts.windows(2) {
            let len = (w[1] as usize).checked_sub(w[0] as usize)?;
            let mut prev: Option<u32> = None;
            for _ in 0..len {
                let mut gap: u32 = 0;
                let mut shift = 0;
                loop {
                    let b = self.u8()?;
                    if shift > 28 {
                        return None;
                    }
                    gap |= u32::from(b & 0x7f).checked_shl(shift)?;
                    if b & 0x80 == 0 {
                        break;
                    }
                    shift += 7;
                }
                let v = match prev {
                    Some(p) => p.checked_add(gap)?.checked_add(1)?,
                    None => gap,
                };
                prev = Some(v);
                values.push(v);
            }
        }
        (values.len() == n).then_some(values)
    }

    pub fn u64s(&mut self) -> Option<Vec<u64>> {
        let n = self.len(8)?;
        let b = self.take(n * 8)?;
        Some(
            b.chunks_exact(8)
                .map(|c| {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(c);
                    u64::from_le_bytes(a)
                })
                .collect(),
        )
    }

    pub fn u16s(&mut self) -> Option<Vec<u16>> {
        let n = self.len(2)?;
        let b = self.take(n * 2)?;
        Some(
            b.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        )
    }

    pub fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.len(1)?;
        self.take(n).map(<[u8]>::to_vec)
    }
}

fn enc_cost(e: &mut Enc, c: Option<&Cost>) {
    let Some(c) = c else {
        e.u8(0);
        return;
    };
    e.u8(1);
    e.u8(match c.free {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    });
    match c.amount_gbp {
        Some(a) => {
            e.u8(1);
            e.u64(a.to_bits());
        }
        None => e.u8(0),
    }
    match c.year {
        Some(y) => {
            e.u8(1);
            e.u64(y as u64);
        }
        None => e.u8(0),
    }
    e.opt_str(c.note.as_deref());
}

fn dec_cost(d: &mut Dec<'_>) -> Option<Option<Cost>> {
    if d.u8()? == 0 {
        return Some(None);
    }
    let free = match d.u8()? {
        0 => None,
        1 => Some(false),
        2 => Some(true),
        _ => return None,
    };
    let amount_gbp = match d.u8()? {
        0 => None,
        _ => Some(f64::from_bits(d.u64()?)),
    };
    let year = match d.u8()? {
        0 => None,
        _ => Some(d.u64()? as i64),
    };
    let note = d.opt_str()?;
    Some(Some(Cost {
        free,
        amount_gbp,
        year,
        note,
    }))
}

fn enc_opportunity(e: &mut Enc, o: &Opportunity) {
    e.str(&o.title);
    e.str(&o.kind);
    e.opt_str(o.summary.as_deref());
    e.opt_str(o.url.as_deref());
    e.strs(&o.formats);
    e.strs(&o.career_stages);
    e.opt_str(o.duration.as_deref());
    e.opt_str(o.eligibility.as_deref());
    e.opt_str(o.when.as_deref());
    e.u8(match o.status {
        OpportunityStatus::Current => 0,
        OpportunityStatus::Historical => 1,
    });
    enc_cost(e, o.cost.as_ref());
}

fn dec_opportunity(d: &mut Dec<'_>) -> Option<Opportunity> {
    Some(Opportunity {
        title: d.str()?,
        kind: d.str()?,
        summary: d.opt_str()?,
        url: d.opt_str()?,
        formats: d.strs()?,
        career_stages: d.strs()?,
        duration: d.opt_str()?,
        eligibility: d.opt_str()?,
        when: d.opt_str()?,
        status: match d.u8()? {
            0 => OpportunityStatus::Current,
            1 => OpportunityStatus::Historical,
            _ => return None,
        },
        cost: dec_cost(d)?,
    })
}

fn enc_network(e: &mut Enc, n: &Network) {
    e.str(&n.id);
    e.str(&n.name);
    e.opt_str(n.short_name.as_deref());
    e.str(&n.kind);
    let status = Status::ALL.iter().position(|s| *s == n.status).unwrap_or(0);
    e.u8(status as u8);
    e.opt_str(n.successor.as_deref());
    match n.ended {
        Some(y) => {
            e.u8(1);
            e.u64(y as u64);
        }
        None => e.u8(0),
    }
    e.str(&n.summary);
    e.opt_str(n.description.as_deref());
    e.opt_str(n.website.as_deref());
    e.opt_str(n.how_to_join.as_deref());
    e.opt_str(n.join_url.as_deref());
    e.strs(&n.scope);
    e.strs(&n.sectors);
    e.strs(&n.professions);
    e.strs(&n.career_stages);
    e.strs(&n.formats);
    e.opt_str(n.policy_engagement.as_deref());
    e.strs(&n.tags);
    enc_cost(e, n.cost.as_ref());
    e.len(n.opportunities.len());
    for o in &n.opportunities {
        enc_opportunity(e, o);
    }
    match &n.provenance {
        Some(p) => {
            e.u8(1);
            e.strs(&p.sources);
            match p.as_of {
                Some(y) => {
                    e.u8(1);
                    e.u64(y as u64);
                }
                None => e.u8(0),
            }
            e.strs(&p.uncertain);
        }
        None => e.u8(0),
    }
    e.u8(u8::from(n.local));
}

fn dec_network(d: &mut Dec<'_>) -> Option<Network> {
    let id = d.str()?;
    let name = d.str()?;
    let short_name = d.opt_str()?;
    let kind = d.str()?;
    let status = *Status::ALL.get(d.u8()? as usize)?;
    let successor = d.opt_str()?;
    let ended = match d.u8()? {
        0 => None,
        1 => Some(d.u64()? as i64),
        _ => return None,
    };
    let summary = d.str()?;
    let description = d.opt_str()?;
    let website = d.opt_str()?;
    let how_to_join = d.opt_str()?;
    let join_url = d.opt_str()?;
    let scope = d.strs()?;
    let sectors = d.strs()?;
    let professions = d.strs()?;
    let career_stages = d.strs()?;
    let formats = d.strs()?;
    let policy_engagement = d.opt_str()?;
    let tags = d.strs()?;
    let cost = dec_cost(d)?;
    let count = d.len(16)?;
    let opportunities = (0..count)
        .map(|_| dec_opportunity(d))
        .collect::<Option<Vec<_>>>()?;
    let provenance = match d.u8()? {
        0 => None,
        1 => {
            let sources = d.strs()?;
            let as_of = match d.u8()? {
                0 => None,
                _ => Some(d.u64()? as i64),
            };
            let uncertain = d.strs()?;
            Some(Provenance {
                sources,
                as_of,
                uncertain,
            })
        }
        _ => return None,
    };
    let local = match d.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    Some(Network {
        id,
        name,
        short_name,
        kind,
        status,
        successor,
        ended,
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
        local,
    })
}

/// The `[catalogue]` table and the vocabularies, in binary form.
pub fn encode_head(cat: &Catalogue) -> Vec<u8> {
    let mut e = Enc::default();
    e.str(&cat.info.name);
    e.u64(cat.info.format as u64);
    e.opt_str(cat.info.updated.as_deref());
    for kind in VocabKind::ALL {
        let terms = cat.vocab.terms(kind);
        e.len(terms.len());
        for t in terms {
            e.str(&t.id);
            e.str(&t.label);
            e.opt_str(t.description.as_deref());
            e.opt_str(t.within.as_deref());
        }
    }
    e.len(cat.aliases.len());
    for a in &cat.aliases {
        e.strs(&a.words);
        e.strs(&a.phrases);
        e.len(a.values.len());
        for (kind, id) in &a.values {
            e.u8(*kind as u8);
            e.str(id);
        }
    }
    e.finish()
}

/// What `encode_head` wrote: a catalogue with no networks yet.
pub fn decode_head(bytes: &[u8]) -> Option<Catalogue> {
    let mut d = Dec::new(bytes)?;
    let info = CatalogueInfo {
        name: d.str()?,
        format: d.u64()? as i64,
        updated: d.opt_str()?,
    };
    let mut vocab = Vocabulary::default();
    for kind in VocabKind::ALL {
        let count = d.len(17)?;
        for _ in 0..count {
            let term = Term {
                id: d.str()?,
                label: d.str()?,
                description: d.opt_str()?,
                within: d.opt_str()?,
            };
            vocab.insert(kind, term);
        }
    }
    let count = d.len(8)?;
    let mut aliases = Vec::new();
    for _ in 0..count {
        let words = d.strs()?;
        let phrases = d.strs()?;
        let n = d.len(2)?;
        let mut values = Vec::new();
        for _ in 0..n {
            let kind = *VocabKind::ALL.get(usize::from(d.u8()?))?;
            let id = d.str()?;
            if !vocab.contains(kind, &id) {
                return None;
            }
            values.push((kind, id));
        }
        aliases.push(Alias {
            words,
            phrases,
            values,
        });
    }
    d.is_done().then_some(Catalogue {
        info,
        vocab,
        networks: Vec::new(),
        aliases,
    })
}

/// Some networks in binary form (a catalogue's networks are written in
/// parts, so they can be read back on several threads).
pub fn encode_networks(networks: &[Network]) -> Vec<u8> {
    let mut e = Enc::default();
    e.len(networks.len());
    for n in networks {
        enc_network(&mut e, n);
    }
    e.finish()
}

/// What `encode_networks` wrote, or `None` when the bytes are not that.
pub fn decode_networks(bytes: &[u8]) -> Option<Vec<Network>> {
    let mut d = Dec::new(bytes)?;
    let count = d.len(64)?;
    let mut networks = Vec::with_capacity(count);
    for _ in 0..count {
        networks.push(dec_network(&mut d)?);
    }
    d.is_done().then_some(networks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_catalogue_round_trips() {
        let cat = crate::catalogue::from_files(crate::catalogue::bundled_files(), Vec::new())
            .expect("the bundled catalogue loads");
        let mut back = decode_head(&encode_head(&cat)).expect("the head decodes");
        for part in cat.networks.chunks(7) {
            back.networks
                .extend(decode_networks(&encode_networks(part)).expect("a part decodes"));
        }
        assert_eq!(back, cat);
        let empty = Catalogue::default();
        assert_eq!(decode_head(&encode_head(&empty)).as_ref(), Some(&empty));
    }

    #[test]
    fn damaged_bytes_give_none_not_a_panic() {
        let cat = crate::catalogue::from_files(crate::catalogue::bundled_files(), Vec::new())
            .expect("the bundled catalogue loads");
        let bytes = encode_networks(&cat.networks);
        let decoded = decode_networks;
        // Every cut, and a flipped byte every so often, decodes to None or
        // to something, never a panic.
        for cut in (0..bytes.len()).step_by(97) {
            assert!(decoded(&bytes[..cut]).is_none());
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0xA5;
            let _ = decoded(&flipped);
        }
        // A huge count is refused before anything is allocated.
        let mut e = Enc::default();
        e.u64(u64::MAX);
        assert!(decode_networks(&e.finish()).is_none());
        let head = encode_head(&cat);
        for cut in (0..head.len()).step_by(13) {
            assert!(decode_head(&head[..cut]).is_none());
        }
    }

    #[test]
    fn a_pool_the_sanitiser_would_change_is_refused() {
        for bad in [
            "bad \u{1b}[2J",
            "bidi \u{202e}",
            "tag \u{e0041}",
            "bell \u{7}",
        ] {
            let mut e = Enc::default();
            e.str("fine");
            e.str(bad);
            assert!(Dec::new(&e.finish()).is_none(), "{bad:?}");
        }
        let mut e = Enc::default();
        e.str("fine\nlines");
        e.str("é ü 日本");
        let bytes = e.finish();
        let mut d = Dec::new(&bytes).expect("clean");
        assert_eq!(d.str().as_deref(), Some("fine\nlines"));
        assert_eq!(d.str().as_deref(), Some("é ü 日本"));
        assert!(d.is_done());
    }

    #[test]
    fn sorted_lists_round_trip_as_gaps() {
        let starts = [0u32, 3, 3, 7];
        let values = [0u32, 5, 300_000, 1, 2, 127, u32::MAX];
        let mut e = Enc::default();
        e.gaps(&starts, &values);
        let bytes = e.finish();
        let mut d = Dec::new(&bytes).expect("clean");
        assert_eq!(d.gaps(&starts).as_deref(), Some(&values[..]));
        assert!(d.is_done());
        // Other list bounds, or too few bytes: None, not a panic.
        assert!(Dec::new(&bytes).and_then(|mut d| d.gaps(&[0, 8])).is_none());
        assert!(
            Dec::new(&bytes)
                .and_then(|mut d| d.gaps(&[0, 5, 2, 7]))
                .is_none()
        );
        assert!(
            Dec::new(&bytes[..bytes.len() - 1])
                .and_then(|mut d| d.gaps(&starts))
                .is_none()
        );
    }

    #[test]
    fn a_string_cannot_end_inside_a_character() {
        let mut e = Enc::default();
        e.len(1);
        e.pool.extend_from_slice("é".as_bytes());
        let bytes = e.finish();
        let mut d = Dec::new(&bytes).expect("the pool itself is clean");
        assert_eq!(d.str(), None);
    }
}
