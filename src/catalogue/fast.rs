//! The first, fast parse of a catalogue: large files are split at their
//! `[[network]]` headers and the pieces parsed and checked on several
//! threads, counting problems without placing them. Only when that finds a
//! problem (or a file it cannot split safely) is the catalogue parsed again
//! as whole files, with every problem placed at its `FILE:LINE:COL`, so the
//! messages are exactly those of a parse without this step.
//!
//! Why splitting is safe: a piece starts at a line that is exactly
//! `[[network]]` and that the parse of the pieces before it reached as a
//! header. Were that line inside a multi-line string, array or inline
//! table, the piece before it would end inside that string, array or table,
//! which is a syntax error, so the file is parsed again whole. Every piece
//! after a file's first holds networks only (anything else at the top
//! level, such as a `[catalogue]` table after the networks, sends the file
//! to the whole parse), and each network with its `[network.cost]` and
//! `[[network.opportunity]]` tables lies within one piece. The networks of
//! the pieces, in order, are the networks of the file.
//!
//! Memory is the other gain: each piece's syntax tree is dropped once its
//! networks are read, where a whole file's tree is many times its size.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use rustc_hash::FxHashMap;

use super::model::{Catalogue, VocabKind};
use super::parse::{Layer, Loc, Reference, Reporter, parse_piece};
use super::read::SourceFile;

/// The size a piece grows to before it is cut at the next header. Small:
/// the parser's token and event lists and the syntax tree of a piece this
/// size stay in the allocator's reused memory, where those of pieces of
/// megabytes were fresh mappings (page faults) every time; at 10k networks
/// the parse took some 40% less processor time than with 2 MB pieces.
const PIECE_BYTES: usize = 16 << 10;

/// Catalogues smaller than this are parsed on one thread.
const THREADED_BYTES: usize = 4 << 20;

const HEADER: &[u8] = b"[[network]]";

/// The catalogue of `files` (the first `base_count` the catalogue, the rest
/// the user's additions), when it has no problem at all; `None` when it
/// has one, or cannot be parsed in pieces: parse it again in whole files.
pub fn parse(files: &[SourceFile], base_count: usize) -> Option<Catalogue> {
    let total: usize = files.iter().map(|f| f.text.len()).sum();
    let threads = if total < THREADED_BYTES {
        1
    } else {
        std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8))
    };
    parse_in(files, base_count, PIECE_BYTES, threads)
}

/// `parse`, with pieces of `piece_bytes` on `threads` threads.
fn parse_in(
    files: &[SourceFile],
    base_count: usize,
    piece_bytes: usize,
    threads: usize,
) -> Option<Catalogue> {
    let mut jobs: Vec<(usize, Range<usize>, bool)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        for (k, r) in pieces(&f.text, piece_bytes).into_iter().enumerate() {
            jobs.push((i, r, k > 0));
        }
    }
    let threads = threads.min(jobs.len());
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let merged = Mutex::new(Merged::default());
    let work = || loop {
        if failed.load(Ordering::Relaxed) {
            break;
        }
        let j = next.fetch_add(1, Ordering::Relaxed);
        let Some((file, range, rest)) = jobs.get(j) else {
            break;
        };
        let mut rep = Reporter::quiet(files);
        let mut layer = Layer::default();
        parse_piece(&mut rep, *file, range.clone(), *rest, &mut layer);
        if !rep.is_clean() {
            failed.store(true, Ordering::Relaxed);
            break;
        }
        let mut m = merged.lock().unwrap_or_else(PoisonError::into_inner);
        m.waiting.push((j, layer));
        if m.merge_ready(|j| jobs[j].0 >= base_count).is_none() {
            failed.store(true, Ordering::Relaxed);
        }
    };
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|sc| {
            let others: Vec<_> = (1..threads).map(|_| sc.spawn(work)).collect();
            work();
            for o in others {
                if o.join().is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
            }
        });
    }
    let merged = merged.into_inner().unwrap_or_else(PoisonError::into_inner);
    if failed.into_inner() || merged.next != jobs.len() {
        return None;
    }
    let [mut base, mut extra] = merged.layers;
    let [base_refs, extra_refs] = merged.refs;
    base.refs = references(base_refs);
    extra.refs = references(extra_refs);
    let mut rep = Reporter::quiet(files);
    let catalogue = super::assemble::assemble(&mut rep, base, extra)?;
    rep.is_clean().then_some(catalogue)
}

/// One reference per value referred to, with the place of one of them.
type Referred = FxHashMap<(Option<VocabKind>, String), Loc>;

/// The layers (the catalogue's, the additions') of the pieces parsed so
/// far, each piece added as soon as every piece before it is: a piece's
/// layer lives only until then, so its memory is used again for the next
/// pieces rather than all of them held to the end.
///
/// Of the references, one per value is kept: a clean parse needs only to
/// know that each value is defined (a problem sends the catalogue to the
/// whole parse, which keeps every reference with its field and place).
#[derive(Default)]
struct Merged {
    /// The piece to add next.
    next: usize,
    /// Pieces parsed before some piece ahead of them.
    waiting: Vec<(usize, Layer)>,
    layers: [Layer; 2],
    refs: [Referred; 2],
}

impl Merged {
    /// Add every waiting piece that is next; `None` when two `[catalogue]`
    /// tables meet. `extra`: whether a piece is of the additions.
    fn merge_ready(&mut self, extra: impl Fn(usize) -> bool) -> Option<()> {
        while let Some(k) = self.waiting.iter().position(|(j, _)| *j == self.next) {
            let (j, mut piece) = self.waiting.swap_remove(k);
            let side = usize::from(extra(j));
            for r in std::mem::take(&mut piece.refs) {
                self.refs[side].entry((r.kind, r.value)).or_insert(r.loc);
            }
            merge(&mut self.layers[side], piece)?;
            self.next += 1;
        }
        Some(())
    }
}

/// The references kept, in any order (only whether each value is defined
/// matters here).
fn references(referred: Referred) -> Vec<Reference> {
    referred
        .into_iter()
        .map(|((kind, value), loc)| Reference {
            kind,
            value,
            field: String::new(),
            loc,
        })
        .collect()
}

/// Add a piece's layer to a layer; `None` when both have a `[catalogue]`
/// table (the whole parse says where).
fn merge(into: &mut Layer, piece: Layer) -> Option<()> {
    if piece.info_seen && into.info_seen {
        return None;
    }
    into.info_seen |= piece.info_seen;
    if piece.info.is_some() {
        into.info = piece.info;
    }
    into.incomplete |= piece.incomplete;
    into.newer_format |= piece.newer_format;
    into.vocab.extend(piece.vocab);
    into.networks.extend(piece.networks);
    into.ids.extend(piece.ids);
    into.refs.extend(piece.refs);
    into.aliases.extend(piece.aliases);
    Some(())
}

/// The pieces of a file: cut before a line that is exactly `[[network]]`
/// once a piece has grown to `size` bytes, never before the first such
/// line (so the first piece holds everything before the networks).
pub fn pieces(text: &str, size: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let Some(first) = header_at_or_after(bytes, 0) else {
        return std::iter::once(0..text.len()).collect();
    };
    let mut cuts = vec![0];
    let mut last = 0;
    while let Some(cut) = header_at_or_after(bytes, (last + size).max(first + 1)) {
        cuts.push(cut);
        last = cut;
    }
    cuts.push(text.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Where the first line at or after `from` that is exactly `[[network]]`
/// (ending in LF or CRLF) starts.
fn header_at_or_after(bytes: &[u8], from: usize) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(HEADER);
    let mut at = from;
    loop {
        let p = at + finder.find(bytes.get(at..)?)?;
        let line_start = p == 0 || bytes[p - 1] == b'\n';
        let after = &bytes[p + HEADER.len()..];
        let line_end = after.starts_with(b"\n") || after.starts_with(b"\r\n");
        if line_start && line_end {
            return Some(p);
        }
        at = p + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled catalogue as one file.
    fn bundled_as_one() -> SourceFile {
        SourceFile {
            name: "one.toml".into(),
            text: super::super::bundled_texts()
                .map(|(_, t)| format!("{t}\n"))
                .collect(),
        }
    }

    fn placed(files: &[SourceFile]) -> Option<Catalogue> {
        super::super::parse_placed(files, files.len()).ok()
    }

    #[test]
    fn the_pieces_give_the_catalogue_the_whole_files_give() {
        let one = vec![bundled_as_one()];
        let want = placed(&one).expect("the bundled catalogue is valid");
        assert!(want.networks.len() > 20);
        for (size, threads) in [(1, 1), (1, 2), (1, 3), (4096, 2), (1 << 30, 1)] {
            let got = parse_in(&one, 1, size, threads);
            assert_eq!(got.as_ref(), Some(&want), "{size} {threads}");
        }
        // The bundled files as they are, and with the last ones as additions.
        let files = super::super::bundled_files();
        let want = placed(&files).expect("valid");
        assert_eq!(parse_in(&files, files.len(), 1, 2), Some(want));
        let n = files.len();
        let want = super::super::parse_placed(&files, n - 3).expect("valid");
        assert_eq!(parse_in(&files, n - 3, 1, 2), Some(want));
    }

    #[test]
    fn what_cannot_be_split_safely_goes_to_the_whole_parse() {
        let one = bundled_as_one();
        let mut files = vec![one.clone()];
        // A header line inside a multi-line string: the piece before it
        // ends inside the string.
        let ranges = pieces(&one.text, 1);
        let at = ranges
            .iter()
            .skip(1)
            .find(|r| !one.text[(*r).clone()].contains("policy_engagement"))
            .expect("a network without policy_engagement")
            .start
            + "[[network]]\n".len();
        files[0].text = format!(
            "{}policy_engagement = \"\"\"\nsee\n[[network]]\nbelow\"\"\"\n{}",
            &one.text[..at],
            &one.text[at..]
        );
        let whole = placed(&files).expect("still valid");
        assert!(
            whole
                .networks
                .iter()
                .any(|n| n.policy_engagement.as_deref() == Some("see\n[[network]]\nbelow"))
        );
        assert_eq!(parse_in(&files, 1, 1, 2), None);
        assert_eq!(
            super::super::from_files(files.clone(), Vec::new()).ok(),
            Some(whole)
        );
        // The [catalogue] table after the networks.
        let text = &one.text;
        let at = text.find("[catalogue]").expect("a [catalogue] table");
        let end = text[at..].find("\n\n").map_or(text.len(), |e| at + e);
        files[0].text = format!("{}{}\n{}\n", &text[..at], &text[end..], &text[at..end]);
        let whole = placed(&files).expect("still valid");
        assert_eq!(parse_in(&files, 1, 1, 2), None);
        assert_eq!(
            super::super::from_files(files.clone(), Vec::new()).ok(),
            Some(whole)
        );
        // Any problem: none, and the whole parse places it.
        files[0].text = text.replacen("kind = \"", "kind = \"zz", 5);
        assert_eq!(parse_in(&files, 1, 1, 2), None);
        assert!(super::super::from_files(files, Vec::new()).is_err());
    }

    #[test]
    fn pieces_are_cut_only_before_whole_header_lines() {
        let text = "[catalogue]\nname = \"x\"\n\n[[network]]\nid = \"a\"\n\
                    [[network]] # not alone on its line\nid = \"b\"\n\
                    x = \"[[network]]\"\n[[network]]\r\nid = \"c\"\n[[network]]\nid = \"d\"\n";
        let p = pieces(text, 1);
        let starts: Vec<&str> = p.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(starts.concat(), text);
        assert!(starts[0].starts_with("[catalogue]"));
        assert!(starts[0].contains("id = \"a\"") && starts[0].contains("id = \"b\""));
        assert!(starts[1].starts_with("[[network]]\r\nid = \"c\""));
        assert!(starts[2].starts_with("[[network]]\nid = \"d\""));
        assert_eq!(starts.len(), 3);
        // Large pieces: one.
        let whole: Vec<Range<usize>> = std::iter::once(0..text.len()).collect();
        assert_eq!(pieces(text, 1 << 20), whole);
        // No networks: one.
        let whole: Vec<Range<usize>> = std::iter::once(0..6).collect();
        assert_eq!(pieces("a = 1\n", 1), whole);
    }
}
