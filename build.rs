//! Embeds the bundled catalogue (every *.toml under catalogue/) in the
//! binary: its text, and, when it loads without errors, the catalogue
//! parsed, checked and encoded in the cache's binary form (`rkyv`
//! archives, src/cache/format.rs), so that a start on it reads that rather
//! than parses (`cache::bundled`), with its two search indexes built and
//! encoded as the cache writes them (src/cache/index.rs), so that a start
//! on it builds none.
//!
//! The catalogue modules, the text utilities they use, the search
//! (src/query/) and the cache's format and index form are compiled into
//! this script as they are into the crate (they need nothing outside
//! src/catalogue/, src/text/, src/query/ and those files but their crates).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[allow(dead_code, unused_imports, clippy::all)]
#[path = "src/catalogue/mod.rs"]
mod catalogue;

// The text utilities the catalogue uses (`crate::text::…`), at the root as
// in the crate.
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "src/text/mod.rs"]
mod text;

#[allow(dead_code)]
#[path = "src/cache/format.rs"]
mod format;

// The search indexes of the bundled catalogue are built here too, and
// written in the cache's form (src/cache/index.rs), so that a start on it
// builds none (`cache::bundled`).
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "src/query/mod.rs"]
mod query;

#[allow(dead_code, unused_imports, clippy::all)]
#[path = "src/cache/index.rs"]
mod index;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let root = manifest.join("catalogue");
    println!("cargo:rerun-if-changed=catalogue");
    println!("cargo:rustc-cfg=hinet_bundled");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The bundled catalogue files: (name, text), in sorted path order.\npub static BUNDLED: &[(&str, &str)] = &[\n",
    );
    let mut sources = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&manifest).expect("under the manifest dir");
        let name = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
        // The text exactly as `include_str!` embeds it (`bundled_files`).
        let text = std::fs::read_to_string(f).expect("a bundled catalogue file is text");
        sources.push(catalogue::SourceFile { name, text });
    }
    code.push_str("];\n");
    // A catalogue with errors is not encoded: the start parses it and says what is wrong.
    // `rkyv` reads an archive where it lies, which needs it on a 16-byte boundary.
    code.push_str(
        "#[repr(C, align(16))]\nstruct Aligned<B: ?Sized>(B);\n\
         /// The bundled catalogue, checked and encoded (head, networks), when it has no errors.\n\
         pub static ENCODED: Option<(&[u8], &[u8])> = ",
    );
    // The indexes, for src/cache/ (`cache::bundled`): (networks, opportunities).
    let mut indexes = String::from(
        "/// The bundled catalogue's search indexes, encoded (networks, opportunities), when it has no errors.\n\
         pub(crate) static INDEXES: Option<(&[u8], &[u8])> = ",
    );
    match catalogue::from_files(sources, Vec::new()) {
        Ok(cat) => {
            let head = out_dir.join("bundled-head.bin");
            let networks = out_dir.join("bundled-networks.bin");
            let encoded = |b: Option<rkyv::util::AlignedVec>| b.expect("the catalogue encodes");
            // Every check a cache entry goes through is made here, once: the
            // program reads these bytes without them (`cache::bundled`).
            let head_bytes = encoded(format::encode_head(&cat));
            let network_bytes = encoded(format::encode_networks(
                cat.networks
                    .as_slice()
                    .expect("a parsed catalogue holds its networks"),
            ));
            let mut back = format::decode_head(&head_bytes).expect("the head reads back");
            back.networks = format::decode_networks(&network_bytes)
                .expect("the networks read back")
                .into();
            assert!(back == cat, "the bundled catalogue reads back as it was");
            std::fs::write(&head, &head_bytes).expect("write the head");
            std::fs::write(&networks, &network_bytes).expect("write the networks");
            writeln!(
                code,
                "Some((&HEAD.0 as &[u8], &NETWORKS.0 as &[u8]));\n\
                 static HEAD: Aligned<[u8; include_bytes!({h:?}).len()]> = Aligned(*include_bytes!({h:?}));\n\
                 static NETWORKS: Aligned<[u8; include_bytes!({n:?}).len()]> = Aligned(*include_bytes!({n:?}));",
                h = head.display().to_string(),
                n = networks.display().to_string()
            )
            .expect("write to string");
            let by_network = out_dir.join("bundled-index-networks.bin");
            let by_opportunity = out_dir.join("bundled-index-opportunities.bin");
            let built = query::Indexes::build(&cat);
            for (path, built) in [
                (&by_network, &built.networks),
                (&by_opportunity, &built.learning),
            ] {
                let bytes = encoded(index::encode(built));
                let back = index::decode(&bytes).and_then(|u| u.attach(&cat));
                assert!(back.is_some(), "the bundled catalogue's index reads back");
                std::fs::write(path, &bytes).expect("write an index");
            }
            writeln!(
                indexes,
                "Some((&BY_NETWORK.0 as &[u8], &BY_OPPORTUNITY.0 as &[u8]));\n\
                 #[repr(C, align(16))]\nstruct Aligned<B: ?Sized>(B);\n\
                 static BY_NETWORK: Aligned<[u8; include_bytes!({n:?}).len()]> = Aligned(*include_bytes!({n:?}));\n\
                 static BY_OPPORTUNITY: Aligned<[u8; include_bytes!({o:?}).len()]> = Aligned(*include_bytes!({o:?}));",
                n = by_network.display().to_string(),
                o = by_opportunity.display().to_string()
            )
            .expect("write to string");
        }
        Err(_) => {
            code.push_str("None;\n");
            indexes.push_str("None;\n");
        }
    }
    std::fs::write(out_dir.join("bundled.rs"), code).expect("write bundled.rs");
    std::fs::write(out_dir.join("bundled-indexes.rs"), indexes).expect("write bundled-indexes.rs");
}
