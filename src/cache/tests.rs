//! Tests of the cache: staleness, damage, the budget, stat signatures.

use super::key::{key_of, key_start};
use super::prune::{STALE, prune, sweep};
use super::*;
use std::path::PathBuf;

// The large catalogue the CLI tests use too.
#[path = "../../tests/it/common/large.rs"]
mod large;
use large::large_catalogue;

fn options() -> LoadOptions {
    LoadOptions {
        additions: None,
        max_file_bytes: 1 << 30,
        skip_additions: Vec::new(),
    }
}

#[test]
fn a_second_load_comes_from_the_cache_and_equals_a_fresh_parse() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let path = large_catalogue(tmp.path(), 1_500, "a");
    let source = Source::Path(path.clone());
    let first = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    assert!(!first.from_cache);
    let second = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    assert!(second.from_cache, "the second load reads the cache");
    assert_eq!(second.catalogue, first.catalogue);
    let fresh = catalogue::load(&source, &options()).expect("loads");
    assert_eq!(second.catalogue, fresh);
    // The cached indexes answer as freshly built ones do.
    let built = Indexes::build(&fresh);
    let (_, cached) = second.into_parts();
    for q in [
        "network 12",
        "analysts",
        "informatcs",
        "^network 1",
        "'coders",
    ] {
        let q = crate::query::Query::parse(q);
        for (a, b) in [
            (&cached.networks, &built.networks),
            (&cached.learning, &built.learning),
        ] {
            let fa = crate::query::Filters::new(a);
            assert_eq!(a.search(&q, &fa, None), b.search(&q, &fa, None));
        }
    }
}

#[test]
fn an_entry_written_beside_the_index_build_is_the_entry_written_after_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = large_catalogue(tmp.path(), 6_000, "a");
    let cat = catalogue::load(&Source::Path(path), &options()).expect("loads");
    assert!(
        cat.networks.len() > 2 * entry::PART_NETWORKS,
        "several parts"
    );
    let key = [7u8; 32];
    let (beside, after) = (tmp.path().join("beside.bin"), tmp.path().join("after.bin"));
    let (built, written) = entry::build_and_write(&beside, &key, &cat);
    written.expect("written");
    let want = Indexes::build(&cat);
    entry::write(&after, &key, &cat, &want).expect("written");
    assert_eq!(
        fs::read(&beside).expect("read"),
        fs::read(&after).expect("read")
    );
    let q = crate::query::Query::parse("network 12");
    for (a, b) in [
        (&built.networks, &want.networks),
        (&built.learning, &want.learning),
    ] {
        let f = crate::query::Filters::new(a);
        assert_eq!(a.search(&q, &f, None), b.search(&q, &f, None));
    }
    // And it reads back.
    let read = entry::read(&beside, &key, Need::BOTH).expect("a good entry");
    assert_eq!(read.catalogue, cat);
}

#[test]
fn the_key_is_of_the_names_and_texts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = large_catalogue(tmp.path(), 20, "a");
    // A BOM, which the text does not keep, and a folder of additions.
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, format!("\u{feff}{text}")).expect("write");
    let adds = tmp.path().join("adds");
    fs::create_dir_all(&adds).expect("mkdir");
    fs::write(adds.join("one.toml"), "[[network]]\nid = \"x\"\n").expect("write");
    let options = LoadOptions {
        additions: Some(adds),
        max_file_bytes: 1 << 30,
        skip_additions: Vec::new(),
    };
    let key = |source: &Source| {
        let (base, additions) = catalogue::read_sources(source, &options).expect("reads");
        key_of(&base, &additions)
    };
    let with_bom = key(&Source::Path(path.clone()));
    // The BOM is not part of the text, so not of the key.
    fs::write(&path, &text).expect("write");
    assert_eq!(key(&Source::Path(path.clone())), with_bom);
    // Another name, the same bytes: another key.
    let moved = tmp.path().join("moved.toml");
    fs::copy(&path, &moved).expect("copy");
    assert_ne!(key(&Source::Path(moved)), with_bom);
    // Another byte: another key.
    fs::write(&path, format!("{text}\n")).expect("write");
    assert_ne!(key(&Source::Path(path)), with_bom);
    assert_ne!(key(&Source::Bundled), with_bom);
}

#[test]
fn only_the_needed_indexes_are_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let source = Source::Path(large_catalogue(tmp.path(), 1_500, "a"));
    load(&source, &options(), Some(&cache), Need::NONE).expect("loads");
    for need in [
        Need::NONE,
        Need::NETWORKS,
        Need::LEARNING,
        Need::BOTH,
        Need::APP,
    ] {
        let l = load(&source, &options(), Some(&cache), need).expect("loads");
        assert!(l.from_cache);
        assert_eq!(l.networks.is_some(), need.networks);
        assert_eq!(l.learning.is_some(), need.learning);
        assert_eq!(l.learning_later.is_some(), need.learning_later);
    }
}

#[test]
fn a_changed_file_is_never_served_stale() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let path = large_catalogue(tmp.path(), 1_500, "a");
    let source = Source::Path(path.clone());
    load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    // Same size, one letter different.
    large_catalogue(tmp.path(), 1_500, "b");
    let again = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    assert!(!again.from_cache);
    assert!(again.catalogue.networks[0].name.starts_with("b "));
    // And an error in the file is reported, not hidden by the cache.
    let text = fs::read_to_string(&path).expect("read");
    fs::write(
        &path,
        text.replacen("kind = \"network\"", "kind = \"netwrok\"", 1),
    )
    .expect("write");
    assert!(load(&source, &options(), Some(&cache), Need::BOTH).is_err());
}

#[test]
fn a_damaged_entry_means_a_fresh_parse() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let path = large_catalogue(tmp.path(), 1_500, "a");
    let source = Source::Path(path);
    let first = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    let entry = fs::read_dir(&cache)
        .expect("cache dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "bin"))
        .expect("an entry");
    let good = fs::read(&entry).expect("read");
    for damage in [
        good[..good.len() / 2].to_vec(),
        {
            let mut b = good.clone();
            let at = b.len() / 3;
            b[at] ^= 1;
            b
        },
        {
            let mut b = good.clone();
            b.extend_from_slice(b"junk");
            b
        },
        Vec::new(),
    ] {
        fs::write(&entry, &damage).expect("write");
        let again = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
        assert!(!again.from_cache);
        assert_eq!(again.catalogue, first.catalogue);
    }
}

#[test]
fn the_sweep_reads_the_names_the_atomic_writer_gives() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let entry = entry_path(tmp.path(), &[7u8; 32]);
    // The name of the temporary file, as the writer makes it.
    let mut name = None;
    crate::files::write_atomic_with(&entry, |_| {
        name = fs::read_dir(tmp.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.contains(".tmp-"));
        Ok(())
    })
    .expect("write");
    let name = name.expect("a temporary file while writing");
    let ours = std::process::id().to_string();
    assert!(name.contains(&ours), "{name}");
    let live = tmp.path().join(&name);
    let dead = tmp.path().join(name.replace(&ours, "999999999"));
    fs::write(&live, b"x").expect("write");
    fs::write(&dead, b"x").expect("write");
    sweep(tmp.path());
    assert!(live.exists(), "a live writer's file is kept");
    assert!(!dead.exists(), "a gone writer's file is removed");
    assert!(entry.exists(), "entries are not swept");
    let old = std::time::SystemTime::now() - 2 * STALE;
    fs::File::options()
        .write(true)
        .open(&live)
        .and_then(|f| f.set_modified(old))
        .expect("age");
    sweep(tmp.path());
    assert!(!live.exists(), "an idle file is removed");
}

#[test]
fn small_catalogues_are_not_cached() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let small = load(&Source::Bundled, &options(), Some(&cache), Need::BOTH).expect("loads");
    // Its indexes come from the program itself (build.rs built them).
    assert!(small.networks.is_some() && small.learning.is_some());
    assert!(!small.from_cache);
    assert!(!cache.exists());
}

#[test]
fn the_bundled_indexes_are_those_a_start_would_build_and_only_those_needed() {
    let cat = catalogue::from_files(catalogue::bundled_files(), Vec::new()).expect("parses");
    let both = load(&Source::Bundled, &options(), None, Need::BOTH).expect("loads");
    let written = |i: Option<&Index>| index::encode(i.expect("an index")).map(|b| b.to_vec());
    assert_eq!(
        written(both.networks.as_ref()),
        written(Some(&Index::networks(&cat))),
        "the networks' index as a start would build it"
    );
    assert_eq!(
        written(both.learning.as_ref()),
        written(Some(&Index::opportunities(&cat))),
        "the opportunities' index as a start would build it"
    );
    let networks = load(&Source::Bundled, &options(), None, Need::NETWORKS).expect("loads");
    assert!(networks.networks.is_some() && networks.learning.is_none());
    let learning = load(&Source::Bundled, &options(), None, Need::LEARNING).expect("loads");
    assert!(learning.networks.is_none() && learning.learning.is_some());
    let none = load(&Source::Bundled, &options(), None, Need::NONE).expect("loads");
    assert!(none.networks.is_none() && none.learning.is_none());
}

#[test]
fn the_bundled_catalogue_is_decoded_alone_and_parsed_with_additions() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let parsed = catalogue::from_files(catalogue::bundled_files(), Vec::new()).expect("parses");
    let alone = load(&Source::Bundled, &options(), None, Need::NONE).expect("loads");
    assert_eq!(alone.catalogue, parsed);
    // With an addition it is parsed, the addition merged over it and
    // checked (this one lacks its required fields).
    let adds = tmp.path().join("adds");
    fs::create_dir_all(&adds).expect("mkdir");
    fs::write(adds.join("one.toml"), "[[network]]\nid = \"mine\"\n").expect("write");
    let with = LoadOptions {
        additions: Some(adds),
        ..options()
    };
    let loaded = load(&Source::Bundled, &with, None, Need::NONE).map(|l| l.catalogue);
    let merged = catalogue::load(&Source::Bundled, &with);
    assert!(merged.is_err());
    assert_eq!(loaded, merged);
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(cache)
        .expect("cache dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    v.sort();
    v
}

/// A big catalogue in a folder of its own under `dir`.
fn catalogue_in(dir: &Path, name: &str, salt: &str) -> Source {
    let d = dir.join(name);
    fs::create_dir_all(&d).expect("mkdir");
    Source::Path(large_catalogue(&d, 1_500, salt))
}

#[test]
fn several_catalogues_are_served_from_the_cache_in_turn() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let sources: Vec<Source> = ["a", "b", "c", "d"]
        .iter()
        .map(|s| catalogue_in(tmp.path(), s, s))
        .collect();
    for source in &sources {
        let l = load(source, &options(), Some(&cache), Need::BOTH).expect("loads");
        assert!(!l.from_cache);
    }
    for round in 0..2 {
        for source in &sources {
            let l = load(source, &options(), Some(&cache), Need::BOTH).expect("loads");
            assert!(l.from_cache, "round {round}: {source:?}");
        }
    }
    assert_eq!(entries(&cache).len(), sources.len());
}

#[test]
fn the_least_recently_used_entries_go_first_past_the_budget() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let now = SystemTime::now();
    let a = catalogue_in(tmp.path(), "a", "a");
    let b = catalogue_in(tmp.path(), "b", "b");
    let c = catalogue_in(tmp.path(), "c", "c");
    for s in [&a, &b, &c] {
        load(s, &options(), Some(&cache), Need::NONE).expect("loads");
    }
    let all = entries(&cache);
    assert_eq!(all.len(), 3);
    // A is read again later than B and C were written.
    let later = now + std::time::Duration::from_secs(60);
    assert!(
        load_at(&a, &options(), Some(&cache), Need::NONE, later)
            .expect("loads")
            .from_cache
    );
    let mtime = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).expect("mtime");
    let a_entry = all
        .iter()
        .find(|p| mtime(p) == later)
        .expect("A's entry was marked used")
        .clone();
    let size = |p: &Path| fs::metadata(p).expect("stat").len();
    let others: Vec<&PathBuf> = all.iter().filter(|p| **p != a_entry).collect();
    // Room for two: keeping one of the others, A (used last) stays and
    // the third goes.
    let keep = others[0];
    prune(&cache, keep, size(keep) + size(&a_entry));
    assert_eq!(entries(&cache), {
        let mut v = vec![keep.clone(), a_entry.clone()];
        v.sort();
        v
    });
    // A budget of nothing keeps only the entry just written.
    prune(&cache, keep, 0);
    assert_eq!(entries(&cache), vec![keep.clone()]);
}

#[test]
fn an_unchanged_catalogue_is_known_by_its_stat_signature() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let path = large_catalogue(tmp.path(), 1_500, "a");
    let source = Source::Path(path);
    let now = SystemTime::now();
    let at = |s: u64| now + std::time::Duration::from_secs(s);
    // Just written: racy, so the bytes are hashed and nothing recorded.
    let first = load_at(&source, &options(), Some(&cache), Need::BOTH, now).expect("loads");
    assert!(!first.from_cache && !first.known_by_stat);
    let racy = load_at(&source, &options(), Some(&cache), Need::BOTH, now).expect("loads");
    assert!(racy.from_cache && !racy.known_by_stat);
    // Later, the signature is recorded (hashing once more) and then trusted.
    let hashed = load_at(&source, &options(), Some(&cache), Need::BOTH, at(10)).expect("loads");
    assert!(hashed.from_cache && !hashed.known_by_stat);
    let known = load_at(&source, &options(), Some(&cache), Need::BOTH, at(20)).expect("loads");
    assert!(known.from_cache && known.known_by_stat);
    assert_eq!(known.catalogue, first.catalogue);
}

#[test]
fn a_first_start_on_settled_files_records_their_signature() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let source = Source::Path(large_catalogue(tmp.path(), 1_500, "s"));
    let now = SystemTime::now();
    let at = |s: u64| now + std::time::Duration::from_secs(s);
    // The signature taken again while the files are parsed agrees with
    // the first: recorded, so the next start reads no file.
    let first = load_at(&source, &options(), Some(&cache), Need::BOTH, at(10)).expect("loads");
    assert!(!first.from_cache && !first.known_by_stat);
    let next = load_at(&source, &options(), Some(&cache), Need::BOTH, at(20)).expect("loads");
    assert!(next.from_cache && next.known_by_stat);
    assert_eq!(next.catalogue, first.catalogue);
}

#[test]
fn a_signature_that_changed_meanwhile_is_not_recorded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    fs::create_dir_all(&cache).expect("cache folder");
    let one = Source::Path(large_catalogue(tmp.path(), 20, "one"));
    let sig = stat::signature(&one, &options(), key_start()).expect("a signature");
    let other_dir = tmp.path().join("other");
    fs::create_dir_all(&other_dir).expect("folder");
    let other = Source::Path(large_catalogue(&other_dir, 20, "two"));
    let changed = stat::signature(&other, &options(), key_start()).expect("a signature");
    assert_ne!(sig, changed);
    let now = SystemTime::now() + std::time::Duration::from_secs(10);
    let key = [7; 32];
    super::record_if_same(&cache, Some(&sig), Some(&changed), &key, now);
    super::record_if_same(&cache, Some(&sig), None, &key, now);
    assert_eq!(stat::lookup(&cache, &sig, now), None);
    super::record_if_same(&cache, Some(&sig), Some(&sig), &key, now);
    assert_eq!(stat::lookup(&cache, &sig, now), Some(key));
}

/// Set a file's modification time.
fn set_mtime(path: &Path, t: SystemTime) {
    let f = fs::File::options().write(true).open(path).expect("open");
    f.set_modified(t).expect("set mtime");
}

#[cfg(unix)]
#[test]
fn a_same_size_edit_with_its_mtime_put_back_is_never_served_stale() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let path = large_catalogue(tmp.path(), 1_500, "a");
    let source = Source::Path(path.clone());
    let mtime = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let now = SystemTime::now();
    let at = |s: u64| now + std::time::Duration::from_secs(s);
    let settle = |t: SystemTime| {
        load_at(&source, &options(), Some(&cache), Need::NONE, t).expect("loads");
        let l = load_at(&source, &options(), Some(&cache), Need::NONE, t).expect("loads");
        assert!(l.known_by_stat, "the signature is trusted before the edit");
    };
    settle(at(10));
    // 1. Replaced by a file of the same size and modification time: the
    // inode (and change time) differ.
    let new = tmp.path().join("new");
    fs::create_dir_all(&new).expect("mkdir");
    let replacement = large_catalogue(&new, 1_500, "b");
    set_mtime(&replacement, mtime);
    assert_eq!(
        fs::metadata(&replacement).expect("stat").len(),
        fs::metadata(&path).expect("stat").len()
    );
    fs::rename(&replacement, &path).expect("rename");
    let l = load_at(&source, &options(), Some(&cache), Need::NONE, at(30)).expect("loads");
    assert!(!l.from_cache && !l.known_by_stat);
    assert!(l.catalogue.networks[0].name.starts_with("b "));
    settle(at(40));
    // 2. Edited in place (same inode, same size), its modification time
    // put back: the change time moved on (written until the clock ticks).
    let sig = stat::signature(&source, &options(), key_start());
    for _ in 0..10_000 {
        large_catalogue(tmp.path(), 1_500, "c");
        set_mtime(&path, mtime);
        if stat::signature(&source, &options(), key_start()) != sig {
            break;
        }
    }
    let l = load_at(&source, &options(), Some(&cache), Need::NONE, at(50)).expect("loads");
    assert!(!l.from_cache && !l.known_by_stat);
    assert!(l.catalogue.networks[0].name.starts_with("c "));
    // 3. The racy rule: edited just after the last load, with its
    // modification time put back. Within one tick of the file system's
    // clock even the change time may be the same; the signature was too
    // recent to trust at that load, so it was not recorded and the
    // bytes are hashed.
    large_catalogue(tmp.path(), 1_500, "d");
    let now = SystemTime::now();
    load_at(&source, &options(), Some(&cache), Need::NONE, now).expect("loads");
    let l = load_at(&source, &options(), Some(&cache), Need::NONE, now).expect("loads");
    assert!(
        l.from_cache && !l.known_by_stat,
        "racy: hashed, not trusted"
    );
    large_catalogue(tmp.path(), 1_500, "e");
    set_mtime(
        &path,
        fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime"),
    );
    let l = load_at(&source, &options(), Some(&cache), Need::NONE, now).expect("loads");
    assert!(!l.from_cache);
    assert!(l.catalogue.networks[0].name.starts_with("e "));
}

fn small() -> Catalogue {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    catalogue::load_path(&dir, 1 << 26).expect("the small fixture catalogue loads")
}

#[test]
fn a_damaged_index_is_refused_when_read_back() {
    use crate::query::{Filters, Query};
    let cat = small();
    let good = Index::networks(&cat);
    let round = |index: &Index| {
        let bytes = index::encode(index).expect("encodes");
        index::decode(&bytes)?.attach(&cat)
    };
    let back = round(&good).expect("a good index reads back");
    let q = Query::parse("data");
    let f = Filters::new(&good);
    assert_eq!(back.search(&q, &f, None), good.search(&q, &f, None));
    // Found by the cache fuzzer: a posting's mask outside the six bits.
    let mut bad = good.clone();
    bad.postings.mask[0] = 101;
    assert!(round(&bad).is_none());
    let mut bad = good.clone();
    bad.postings.doc[0] = u32::MAX;
    assert!(round(&bad).is_none());
    // A word's documents out of order (the search splits lists by document).
    let mut bad = good.clone();
    let w = (0..bad.dictionary.len())
        .find(|&w| bad.postings.start[w + 1] - bad.postings.start[w] >= 2)
        .expect("a word in two documents");
    let at = bad.postings.start[w] as usize;
    bad.postings.doc.swap(at, at + 1);
    assert!(round(&bad).is_none());
    let mut bad = good.clone();
    bad.by_name.swap(0, 1);
    bad.by_name[0] = bad.by_name[1];
    assert!(round(&bad).is_none());
    let mut bad = good.clone();
    if let Some(v) = bad.values.first_mut() {
        *v = 999;
    }
    assert!(round(&bad).is_none());
    // A word the sanitiser would change.
    let mut bad = good.clone();
    bad.dictionary[0] = "bad \u{1b}[2J".into();
    assert!(round(&bad).is_none());
    // An index of another catalogue: documents out of range.
    let mut fewer = cat.clone();
    fewer.networks.truncate(1);
    let bytes = index::encode(&good).expect("encodes");
    assert!(
        index::decode(&bytes)
            .and_then(|u| u.attach(&fewer))
            .is_none()
    );
}

#[test]
fn the_bundled_catalogue_round_trips_and_reads_back_as_built() {
    let cat = catalogue::from_files(catalogue::bundled_files(), Vec::new())
        .expect("the bundled catalogue loads");
    let mut back = format::decode_head(&format::encode_head(&cat).expect("encodes"))
        .expect("the head reads back");
    for part in owned(&cat).chunks(7) {
        let bytes = format::encode_networks(part).expect("encodes");
        back.networks
            .extend(format::decode_networks(&bytes).expect("a part reads back"));
    }
    assert_eq!(back, cat);
    assert_eq!(bundled().as_ref(), Some(&cat), "as build.rs encoded it");
    let empty = Catalogue::default();
    let bytes = format::encode_head(&empty).expect("encodes");
    assert_eq!(format::decode_head(&bytes).as_ref(), Some(&empty));
}

#[test]
fn damaged_archives_never_panic_nor_read_as_the_whole() {
    // A cut archive may still validate as a smaller one (an archive's root
    // is at its end): the entry's section lengths and checksums refuse cuts
    // (`a_truncated_or_bit_flipped_entry_is_refused_and_rewritten`). Here:
    // never a panic, never the whole networks back, every string clean.
    let cat = small();
    let bytes = format::encode_networks(owned(&cat)).expect("encodes");
    for cut in (0..bytes.len()).step_by(7) {
        let mut aligned = rkyv::util::AlignedVec::<16>::new();
        aligned.extend_from_slice(&bytes[..cut]);
        assert_ne!(
            format::decode_networks(&aligned).as_ref(),
            Some(&owned(&cat).to_vec()),
            "cut at {cut}"
        );
        let mut flipped = bytes.clone();
        flipped[cut] ^= 0xA5;
        let _ = format::decode_networks(&flipped);
    }
    let head = format::encode_head(&cat).expect("encodes");
    for cut in (0..head.len()).step_by(5) {
        let mut aligned = rkyv::util::AlignedVec::<16>::new();
        aligned.extend_from_slice(&head[..cut]);
        let back = format::decode_head(&aligned);
        assert!(back.is_none_or(|c| c.vocab != cat.vocab), "cut at {cut}");
    }
}

#[test]
fn text_the_sanitiser_would_change_is_refused() {
    let cat = small();
    for bad in [
        "bad \u{1b}[2J",
        "bidi \u{202e}",
        "tag \u{e0041}",
        "bell \u{7}",
    ] {
        let mut nets = owned(&cat).to_vec();
        nets[0].opportunities.push(crate::catalogue::Opportunity {
            title: "fine".into(),
            when: Some(bad.into()),
            ..Default::default()
        });
        let bytes = format::encode_networks(&nets).expect("encodes");
        assert!(format::decode_networks(&bytes).is_none(), "{bad:?}");
        let mut head = cat.clone();
        head.info.name = bad.into();
        let bytes = format::encode_head(&head).expect("encodes");
        assert!(format::decode_head(&bytes).is_none(), "{bad:?}");
    }
    assert!(format::is_clean("fine\nlines é ü 日本"));
}

/// The one entry file in `cache`.
fn the_entry(cache: &Path) -> PathBuf {
    let all = entries(cache);
    assert_eq!(all.len(), 1);
    all[0].clone()
}

#[test]
fn a_truncated_or_bit_flipped_entry_is_refused_and_rewritten() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let source = Source::Path(large_catalogue(tmp.path(), 3_000, "a"));
    let first = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    let entry = the_entry(&cache);
    let good = fs::read(&entry).expect("read");
    // Flips in the head, in a part, in each index and in the table, and cuts.
    let mut damaged: Vec<Vec<u8>> = [60, good.len() / 4, good.len() / 2, good.len() * 7 / 8]
        .into_iter()
        .chain([good.len() - 20, good.len() - 3])
        .map(|at| {
            let mut b = good.clone();
            b[at] ^= 0x10;
            b
        })
        .collect();
    damaged.extend([good.len() - 1, good.len() / 2, 47, 8].map(|n| good[..n].to_vec()));
    for bad in damaged {
        fs::write(&entry, &bad).expect("write");
        let again = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
        assert!(!again.from_cache);
        assert_eq!(again.catalogue, first.catalogue);
        // A good entry was written over it.
        assert_eq!(fs::read(&entry).expect("read"), good);
    }
}

/// Rebuilds fuzz/seeds/cache/ (run by fuzz/make-seeds.sh): the bundled
/// catalogue's head, a part and both indexes, each after the byte that
/// picks what the fuzz target reads it as.
#[test]
#[ignore = "writes fuzz/seeds/cache/; run by fuzz/make-seeds.sh"]
fn write_fuzz_seeds() {
    let cat = catalogue::from_files(catalogue::bundled_files(), Vec::new()).expect("loads");
    let indexes = Indexes::build(&cat);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/cache");
    fs::create_dir_all(&dir).expect("mkdir");
    let seeds = [
        ("head", 0u8, format::encode_head(&cat)),
        ("part", 1, format::encode_networks(&owned(&cat)[..20])),
        ("networks", 2, index::encode(&indexes.networks)),
        ("learning", 2, index::encode(&indexes.learning)),
    ];
    for (name, which, bytes) in seeds {
        let mut seed = vec![which];
        seed.extend_from_slice(&bytes.expect("encodes"));
        fs::write(dir.join(name), seed).expect("write a seed");
    }
}

/// The networks of a parsed catalogue.
fn owned(cat: &Catalogue) -> &[crate::catalogue::Network] {
    cat.networks
        .as_slice()
        .expect("a parsed catalogue holds its networks")
}

/// `bytes` (an entry) with `edit` made to its table, the table written back
/// (the same length: only numbers change).
fn with_table(bytes: &[u8], edit: impl FnOnce(&mut Vec<entry::Section>)) -> Vec<u8> {
    let mut sections = entry::read_table(bytes).expect("a table");
    edit(&mut sections);
    let len_at = bytes.len() - 8;
    let table_len = u64::from_le_bytes(bytes[len_at..].try_into().expect("8 bytes")) as usize;
    let t = rkyv::to_bytes::<rkyv::rancor::Failure>(&entry::Table { sections }).expect("encodes");
    assert_eq!(t.len(), table_len);
    let mut out = bytes[..len_at - table_len].to_vec();
    out.extend_from_slice(&t);
    out.extend_from_slice(&bytes[len_at..]);
    out
}

#[test]
fn a_part_that_fails_its_check_when_first_read_is_never_trusted() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let source = Source::Path(large_catalogue(tmp.path(), 1_500, "a"));
    let first = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    let entry = the_entry(&cache);
    let good = fs::read(&entry).expect("read");
    // A hostile entry: a bell in network 130's name (part 2), its checksum
    // made to match, so the entry opens and only reading the part finds it.
    let sections = entry::read_table(&good).expect("a table");
    let part = sections
        .iter()
        .filter(|s| s.kind == entry::PART)
        .nth(2)
        .expect("a third part");
    let (a, b) = (part.offset as usize, (part.offset + part.len) as usize);
    let mut bad = good.clone();
    let at = a + memchr::memmem::find(&good[a..b], b"a network 130").expect("the name") + 2;
    bad[at] = 0x07;
    let sum = entry::checksum(&bad[a..b]);
    let bad = with_table(&bad, |s| {
        if let Some(s) = s.iter_mut().find(|s| s.offset == part.offset) {
            s.sum = sum;
        }
    });
    fs::write(&entry, &bad).expect("write");
    let again = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    assert!(
        again.from_cache,
        "the damage is not where the entry is opened"
    );
    let nets = &again.catalogue.networks;
    assert!(nets.is_archived());
    // Other parts read as written.
    assert_eq!(nets.get(5), first.catalogue.networks.get(5));
    assert_eq!(nets.get(300), first.catalogue.networks.get(300));
    assert!(entry.exists(), "nothing found wrong yet");
    // The damaged part: none of its networks is read, never the bell.
    assert!(nets.get(130).is_none());
    assert!(nets.get(128).is_none() && nets.with(191, |_| ()).is_none());
    assert_eq!(again.catalogue.position("net-130"), None);
    assert!(nets.iter().all(|n| !n.name.contains('\u{7}')));
    // And the entry is gone: the next start parses again.
    assert!(!entry.exists());
    let third = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    assert!(!third.from_cache);
    assert_eq!(third.catalogue, first.catalogue);
}

#[test]
fn an_entry_whose_summary_disagrees_with_a_part_reads_that_part_as_missing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let source = Source::Path(large_catalogue(tmp.path(), 1_500, "a"));
    load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    let entry = the_entry(&cache);
    let good = fs::read(&entry).expect("read");
    // Two parts swapped in the table: each is a good part, in the wrong place.
    let bad = with_table(&good, |s| {
        let parts: Vec<usize> = (0..s.len()).filter(|&i| s[i].kind == entry::PART).collect();
        let (x, y) = (parts[0], parts[1]);
        let (a, b) = (
            (s[x].offset, s[x].len, s[x].sum),
            (s[y].offset, s[y].len, s[y].sum),
        );
        (s[x].offset, s[x].len, s[x].sum) = b;
        (s[y].offset, s[y].len, s[y].sum) = a;
    });
    fs::write(&entry, &bad).expect("write");
    let again = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    assert!(again.from_cache);
    assert!(again.catalogue.networks.get(0).is_none());
    assert!(again.catalogue.networks.get(64).is_none());
    assert_eq!(
        again.catalogue.networks.get(200).map(|n| n.id.as_str()),
        Some("net-200")
    );
}

#[test]
fn archived_networks_answer_as_the_owned_ones() {
    let cat = catalogue::from_files(catalogue::bundled_files(), Vec::new())
        .expect("the bundled catalogue loads");
    let owned = &cat.networks;
    let bytes = format::encode_networks(owned.as_slice().expect("owned")).expect("encodes");
    let bytes: &'static [u8] = Box::leak(Box::new(bytes)).as_slice();
    // SAFETY: written by `encode_networks` just now, 16-byte aligned.
    let archived = unsafe { networks::ArchivedNetworks::embedded(bytes) }.expect("reads");
    let archived = Networks::archived(Box::new(archived));
    assert!(archived.is_archived() && !owned.is_archived());
    assert_eq!(&archived, owned);
    assert_eq!(
        archived.shapes().collect::<Vec<_>>(),
        owned.shapes().collect::<Vec<_>>()
    );
    let mut some_successor = false;
    for n in owned.iter() {
        assert_eq!(archived.position(&n.id), owned.position(&n.id));
        assert_eq!(archived.predecessors(&n.id), owned.predecessors(&n.id));
        some_successor |= !owned.predecessors(&n.id).is_empty();
    }
    assert!(some_successor, "the bundled catalogue has merged networks");
    assert_eq!(archived.position("no-such-id"), None);
    assert!(archived.get(archived.len()).is_none());
    // `with` reads for the moment; `get` keeps.
    assert_eq!(
        archived.with(3, |n| n.id.clone()),
        owned.get(3).map(|n| n.id.clone())
    );
    let kept = archived.get(3).map(|n| n as *const _);
    assert_eq!(archived.get(3).map(|n| n as *const _), kept);
    // Changing them makes them the program's own.
    let mut changed = archived.clone();
    changed.truncate(2);
    assert!(!changed.is_archived() && changed.len() == 2);
    assert_eq!(archived.len(), owned.len());
}

/// Whether `a` and `b` answer these queries alike.
fn same_answers(a: &Index, b: &Index) -> bool {
    ["network 12", "analysts", "informatcs", "'coders", ""]
        .iter()
        .all(|q| {
            let q = crate::query::Query::parse(q);
            let f = crate::query::Filters::new(a);
            a.search(&q, &f, None) == b.search(&q, &f, None)
        })
}

#[test]
fn the_app_opens_the_learning_index_only_when_asked_and_checked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let source = Source::Path(large_catalogue(tmp.path(), 1_500, "a"));
    // The first start parses: both indexes are there at once.
    let first = load(&source, &options(), Some(&cache), Need::APP).expect("loads");
    assert!(!first.from_cache);
    assert!(first.learning.is_some() && first.learning_later.is_none());
    let built = Indexes::build(&first.catalogue);
    let l = load(&source, &options(), Some(&cache), Need::APP).expect("loads");
    assert!(l.from_cache);
    assert!(l.networks.is_some() && l.learning.is_none());
    let (cat, networks, learning) = l.into_app_parts();
    assert!(same_answers(&networks, &built.networks));
    let Learning::Later(later) = learning else {
        panic!("the learning index is left for later");
    };
    let opened = later.open(&cat);
    assert_eq!(opened.len(), built.learning.len());
    assert!(same_answers(&opened, &built.learning));
    assert!(index::is_opportunities(&opened));
    assert!(the_entry(&cache).exists(), "a good entry is kept");
}

#[test]
fn a_damaged_learning_index_found_when_first_opened_is_built_afresh() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let source = Source::Path(large_catalogue(tmp.path(), 1_500, "a"));
    load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
    let entry = the_entry(&cache);
    let good = fs::read(&entry).expect("read");
    let sections = entry::read_table(&good).expect("a table");
    let learning = sections
        .iter()
        .find(|s| s.kind == entry::LEARNING)
        .expect("a learning section");
    let (a, len) = (learning.offset as usize, learning.len as usize);
    // A flipped bit (checksum), and hostile bytes with a matching checksum
    // (rkyv's validation or the bounds checks).
    let flipped = {
        let mut b = good.clone();
        b[a + len / 2] ^= 0x10;
        b
    };
    let hostile = {
        let mut b = good.clone();
        for x in &mut b[a + len / 3..a + len / 3 + 64] {
            *x = 0xff;
        }
        let sum = entry::checksum(&b[a..a + len]);
        with_table(&b, |s| {
            if let Some(s) = s.iter_mut().find(|s| s.offset == learning.offset) {
                s.sum = sum;
            }
        })
    };
    for bad in [flipped, hostile] {
        fs::write(&entry, &bad).expect("write");
        // The networks tab needs none of it: the entry opens.
        let l = load(&source, &options(), Some(&cache), Need::APP).expect("loads");
        assert!(l.from_cache, "the damage is not read at the start");
        let (cat, _, learning) = l.into_app_parts();
        let Learning::Later(later) = learning else {
            panic!("the learning index is left for later");
        };
        // Opened, it is refused: built from the catalogue instead, and the
        // entry removed so the next start parses again.
        let opened = later.open(&cat);
        let built = Index::opportunities(&cat);
        assert_eq!(opened.len(), built.len());
        assert!(same_answers(&opened, &built));
        assert!(!entry.exists());
        // Asked for at once, the same damage refuses the entry.
        fs::write(&entry, &bad).expect("write");
        let both = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
        assert!(!both.from_cache);
        assert_eq!(fs::read(&entry).expect("read"), good);
    }
}

proptest::proptest! {
    /// A section's checksum taken as it is written, a piece at a time, is
    /// the checksum of its bytes whatever the pieces; and it changes with a
    /// flipped bit or a byte more.
    #[test]
    fn a_checksum_taken_in_pieces_is_that_of_the_whole(
        bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
        cuts in proptest::collection::vec(0usize..300, 0..6),
        flip in 0usize..2400,
    ) {
        let whole = entry::checksum(&bytes);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
        cuts.sort_unstable();
        let mut sum = entry::Checksum::default();
        let mut at = 0;
        for c in cuts.into_iter().chain([bytes.len()]) {
            sum.update(&bytes[at..c]);
            at = c;
        }
        proptest::prop_assert_eq!(sum.finish(), whole);
        let mut longer = bytes.clone();
        longer.push(0);
        proptest::prop_assert_ne!(entry::checksum(&longer), whole);
        if !bytes.is_empty() {
            let mut flipped = bytes.clone();
            let bit = flip % (bytes.len() * 8);
            flipped[bit / 8] ^= 1 << (bit % 8);
            proptest::prop_assert_ne!(entry::checksum(&flipped), whole);
        }
    }
}

#[test]
fn an_index_written_as_it_is_encoded_is_the_bytes_encode_gives() {
    let cat = catalogue::from_files(catalogue::bundled_files(), Vec::new()).expect("parses");
    for index in [Index::networks(&cat), Index::opportunities(&cat)] {
        let whole = index::encode(&index).expect("encodes");
        let mut streamed = Vec::new();
        index::encode_into(&index, &mut streamed).expect("encodes");
        assert!(whole.len() > 1000);
        assert_eq!(streamed.as_slice(), whole.as_slice());
    }
}
