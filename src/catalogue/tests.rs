//! Loader tests: every validation rule, each asserting line, column and field.

use super::*;

const HEAD: &str = "[catalogue]\nname = \"Test\"\nformat = 1\n\n[[vocabulary.kind]]\nid = \"network\"\nlabel = \"Network\"\n\n[[vocabulary.sector]]\nid = \"social-care\"\nlabel = \"Social care\"\n\n";

fn file(name: &str, text: &str) -> SourceFile {
    SourceFile {
        name: name.into(),
        text: text.into(),
    }
}

fn load_one(text: &str) -> Result<Catalogue, Vec<Diagnostic>> {
    from_files(vec![file("c.toml", text)], Vec::new()).map_err(|e| e.diagnostics)
}

/// The single diagnostic of a catalogue that has exactly one problem.
fn only_error(text: &str) -> Diagnostic {
    let errs = load_one(text).expect_err("the catalogue should be refused");
    assert_eq!(errs.len(), 1, "expected one error, got {errs:#?}");
    errs.into_iter().next().expect("one error")
}

fn with_network(body: &str) -> String {
    format!(
        "{HEAD}[[network]]\nid = \"x\"\nname = \"X\"\nkind = \"network\"\nsummary = \"S\"\n{body}"
    )
}

/// Line number of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in text")
        + 1
}

#[test]
fn a_good_catalogue_loads() {
    let c = load_one(&with_network("sectors = [\"social-care\"]\n")).expect("loads");
    assert_eq!(c.networks.len(), 1);
    assert_eq!(c.networks[0].sectors, ["social-care"]);
    assert_eq!(
        c.vocab.label(VocabKind::Sector, "social-care"),
        "Social care"
    );
}

#[test]
fn toml_syntax_error_is_located() {
    let text = format!("{HEAD}[[network]\nid = \"x\"\n");
    let d = only_error(&text);
    assert_eq!(
        (d.line, d.col),
        (Some(line_of(&text, "[[network]")), Some(11))
    );
    assert!(d.message.starts_with("TOML syntax"), "{d}");
}

#[test]
fn wrong_type_is_located() {
    let text = with_network("sectors = \"social-care\"\n");
    let d = only_error(&text);
    assert_eq!(
        (d.line, d.col),
        (Some(line_of(&text, "sectors =")), Some(11))
    );
    assert_eq!(d.field.as_deref(), Some("network[x].sectors"));
    assert!(
        d.message
            .contains("expected a list of strings, found a string"),
        "{d}"
    );
}

#[test]
fn missing_required_fields_are_each_reported() {
    let text = format!("{HEAD}[[network]]\nid = \"x\"\n");
    let errs = load_one(&text).expect_err("refused");
    let fields: Vec<_> = errs.iter().filter_map(|d| d.field.clone()).collect();
    assert_eq!(
        fields,
        ["network[x].name", "network[x].kind", "network[x].summary"]
    );
    assert!(
        errs.iter()
            .all(|d| d.line == Some(line_of(&text, "[[network]]")))
    );
    assert!(
        errs.iter()
            .all(|d| d.message == "required field is missing")
    );
}

#[test]
fn unknown_field_names_the_valid_ones() {
    let text = with_network("websit = \"https://example.org\"\n");
    let d = only_error(&text);
    assert_eq!((d.line, d.col), (Some(line_of(&text, "websit")), Some(1)));
    assert_eq!(d.field.as_deref(), Some("network[x].websit"));
    assert!(d.message.contains("did you mean `website`?"), "{d}");
    assert!(
        d.message.contains("valid fields: id, name, short_name"),
        "{d}"
    );
}

#[test]
fn duplicate_ids_name_both_places() {
    let text = format!(
        "{}[[network]]\nid = \"x\"\nname = \"Y\"\nkind = \"network\"\nsummary = \"S\"\n",
        with_network("")
    );
    let d = only_error(&text);
    assert_eq!(d.field.as_deref(), Some("network[x].id"));
    assert_eq!(
        d.line,
        Some(
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.starts_with("[[network]]"))
                .nth(1)
                .expect("two")
                .0
                + 1
        )
    );
    assert!(
        d.message.contains(&format!(
            "also at c.toml:{}:1",
            line_of(&text, "[[network]]")
        )),
        "{d}"
    );
}

#[test]
fn duplicate_ids_across_files_name_both_files() {
    let a = with_network("");
    let b = "[[network]]\nid = \"x\"\nname = \"Y\"\nkind = \"network\"\nsummary = \"S\"\n";
    let errs = from_files(vec![file("a.toml", &a), file("b.toml", b)], Vec::new())
        .expect_err("refused")
        .diagnostics;
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].file, "b.toml");
    assert_eq!((errs[0].line, errs[0].col), (Some(1), Some(1)));
    assert!(errs[0].message.contains("a.toml:"), "{}", errs[0]);
}

#[test]
fn undefined_vocabulary_suggests_the_near_one() {
    let text = with_network("sectors = [\"socal-care\"]\n");
    let d = only_error(&text);
    assert_eq!((d.line, d.col), (Some(line_of(&text, "socal")), Some(12)));
    assert_eq!(d.field.as_deref(), Some("network[x].sectors"));
    assert!(d.message.contains("did you mean `social-care`?"), "{d}");
}

#[test]
fn successor_must_name_a_network() {
    let text = with_network("status = \"closed\"\nsuccessor = \"nowhere\"\n");
    let d = only_error(&text);
    assert_eq!(
        (d.line, d.col),
        (Some(line_of(&text, "successor")), Some(13))
    );
    assert_eq!(d.field.as_deref(), Some("network[x].successor"));
    assert!(d.message.contains("no network has the id `nowhere`"), "{d}");
}

#[test]
fn bad_urls_are_refused() {
    for (url, words) in [
        ("javascript:alert(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("https://user:pw@example.org", "user name or password"),
        ("https://exa mple.org", "whitespace"),
        ("example.org", "not an absolute URL"),
    ] {
        let text = with_network(&format!("website = \"{url}\"\n"));
        let d = only_error(&text);
        assert_eq!(
            (d.line, d.col),
            (Some(line_of(&text, "website")), Some(11)),
            "{url}"
        );
        assert_eq!(d.field.as_deref(), Some("network[x].website"));
        assert!(d.message.contains(words), "{url}: {d}");
    }
    let long = format!("https://example.org/{}", "a".repeat(2100));
    let d = only_error(&with_network(&format!("join_url = \"{long}\"\n")));
    assert_eq!(d.field.as_deref(), Some("network[x].join_url"));
    assert!(d.message.contains("2048"), "{d}");
}

#[test]
fn control_characters_in_urls_are_refused() {
    let text = with_network("website = \"https://example.org/\\u0007\"\n");
    let d = only_error(&text);
    assert!(d.message.contains("control"), "{d}");
}

#[test]
fn empty_file_and_newer_format() {
    let errs = from_files(vec![file("e.toml", "  \n")], Vec::new())
        .expect_err("refused")
        .diagnostics;
    assert_eq!(errs[0].file, "e.toml");
    assert_eq!((errs[0].line, errs[0].col), (Some(1), Some(1)));
    assert!(errs[0].message.contains("empty"));

    let text = HEAD.replace("format = 1", "format = 2");
    let d = only_error(&text);
    assert_eq!((d.line, d.col), (Some(3), Some(10)));
    assert_eq!(d.field.as_deref(), Some("catalogue.format"));
    assert!(d.message.contains("newer than this hinet reads"), "{d}");
}

#[test]
fn over_long_text_is_refused() {
    let text = with_network(&format!("description = \"{}\"\n", "x".repeat(10_001)));
    let d = only_error(&text);
    assert_eq!(d.field.as_deref(), Some("network[x].description"));
    assert!(d.message.contains("10001 characters"), "{d}");
}

#[test]
fn all_problems_of_a_file_are_reported() {
    let text = with_network("sectors = [\"nope\"]\nwebsite = \"ftp://x\"\ncolour = 1\n");
    let errs = load_one(&text).expect_err("refused");
    assert_eq!(errs.len(), 3, "{errs:#?}");
    // Sorted by place.
    let lines: Vec<_> = errs.iter().map(|d| d.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

#[test]
fn escape_sequences_in_errors_are_made_harmless() {
    let text = format!("{HEAD}# \u{1b}]0;owned\u{7}\n[[network]\n");
    let errs = load_one(&text).expect_err("refused");
    for d in errs {
        let s = d.to_string();
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert!(s.chars().count() <= diag::MAX_DIAGNOSTIC_CHARS);
    }
}

#[test]
fn missing_catalogue_table() {
    let errs = from_files(
        vec![file(
            "n.toml",
            "[[vocabulary.kind]]\nid = \"a\"\nlabel = \"A\"\n",
        )],
        Vec::new(),
    )
    .expect_err("refused")
    .diagnostics;
    assert!(
        errs[0].message.contains("no [catalogue] table"),
        "{:?}",
        errs
    );
}

#[test]
fn additions_replace_by_id_and_are_marked_local() {
    let base = with_network("");
    let extra = "[[network]]\nid = \"x\"\nname = \"Mine\"\nkind = \"network\"\nsummary = \"S\"\n\n[[network]]\nid = \"y\"\nname = \"New\"\nkind = \"network\"\nsummary = \"S\"\n";
    let c = from_files(vec![file("c.toml", &base)], vec![file("mine.toml", extra)]).expect("loads");
    assert_eq!(c.networks.len(), 2);
    assert_eq!(c.networks[0].name, "Mine");
    assert!(c.networks.iter().all(|n| n.local));
}

#[test]
fn hostile_text_is_sanitised_on_the_way_in() {
    let text = with_network("description = \"a\\u001b]52;c;Zm9v\\u0007b\\u202ec\\u200bd\"\n")
        .replace("name = \"X\"", "name = \"X\\u001b[2J\\u2028Y\"");
    let c = load_one(&text).expect("loads");
    let n = &c.networks[0];
    assert_eq!(n.name, "X\u{FFFD}[2J Y");
    assert_eq!(
        n.description.as_deref(),
        Some("a\u{FFFD}]52;c;Zm9v\u{FFFD}b\u{FFFD}cd")
    );
}

#[test]
fn tags_are_capped_after_lower_casing() {
    // U+0130 (İ) lower-cases to two characters (i and U+0307): 60 of them,
    // within the cap as written, would become a tag of 120 characters.
    let max = parse::limits::TAG;
    let long = "\u{130}".repeat(max);
    let c = load_one(&with_network(&format!("tags = [\"{long}\", \"MiXeD\"]\n"))).expect("loads");
    let tags = &c.networks[0].tags;
    assert_eq!(tags.len(), 2, "{tags:?}");
    assert_eq!(tags[1], "mixed");
    assert_eq!(tags[0].chars().count(), max, "{:?}", tags[0]);
    assert!(tags[0].starts_with("i\u{307}i\u{307}"), "{:?}", tags[0]);
    assert!(tags[0].ends_with('…'), "{:?}", tags[0]);
}

#[test]
fn the_bundled_catalogue_is_valid() {
    let c = load(&Source::Bundled, &LoadOptions::default()).expect("the bundled catalogue loads");
    assert!(c.networks.len() >= 65, "{} networks", c.networks.len());
    assert!(
        c.opportunity_count() >= 130,
        "{} opportunities",
        c.opportunity_count()
    );
    for n in c.networks.iter() {
        let p = n
            .provenance
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no provenance", n.id));
        assert!(!p.sources.is_empty(), "{} has no source", n.id);
        let urls = p
            .sources
            .iter()
            .chain(&n.website)
            .chain(&n.join_url)
            .chain(n.opportunities.iter().filter_map(|o| o.url.as_ref()));
        for u in urls {
            assert!(
                u.starts_with("https://") || u.starts_with("http://"),
                "{}: {u}",
                n.id
            );
        }
    }
}

#[test]
fn the_catalogue_table_is_allowed_once() {
    let a = with_network("");
    let b = "[catalogue]\nname = \"Again\"\nformat = 1\n";
    let errs = from_files(vec![file("a.toml", &a), file("b.toml", b)], Vec::new())
        .expect_err("refused")
        .diagnostics;
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].file.as_str(), errs[0].line), ("b.toml", Some(1)));
    assert!(
        errs[0].message.contains("first is at a.toml:1:1"),
        "{}",
        errs[0]
    );
}

#[test]
fn origins_agree_with_line_col() {
    let text = "a\nbé c\n\nd\u{1F600}e\nlast";
    let files = vec![file("f.toml", text)];
    let mut rep = parse::Reporter::new(&files);
    for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
        let o = rep.origin(parse::Loc { file: 0, offset });
        assert_eq!(
            (o.line, o.col),
            diag::line_col(text, offset),
            "offset {offset}"
        );
    }
}

#[test]
fn aliases_load_and_are_checked() {
    let good = with_network(
        "sectors = [\"social-care\"]\n\n[[alias]]\nwords = [\"care home\", \"asc\"]\nsector = [\"social-care\"]\n\n[[alias]]\nwords = [\"epr\"]\nphrases = [\"electronic patient record\"]\n",
    );
    let c = load_one(&good).expect("loads");
    assert_eq!(c.aliases.len(), 2);
    assert_eq!(c.aliases[0].words, ["care home", "asc"]);
    assert_eq!(
        c.aliases[0].values,
        [(VocabKind::Sector, "social-care".to_string())]
    );
    assert_eq!(c.aliases[1].phrases, ["electronic patient record"]);

    // An unknown value: located, with a suggestion.
    let text = format!("{HEAD}[[alias]]\nwords = [\"asc\"]\nsector = [\"social-cares\"]\n");
    let d = only_error(&text);
    assert_eq!(d.line, Some(line_of(&text, "social-cares")));
    assert!(d.message.contains("did you mean `social-care`?"), "{d}");

    // No words, or words that mean nothing, or an unknown key.
    let d = only_error(&format!("{HEAD}[[alias]]\nsector = [\"social-care\"]\n"));
    assert!(d.to_string().contains("alias.words"), "{d}");
    let d = only_error(&format!("{HEAD}[[alias]]\nwords = [\"asc\"]\n"));
    assert!(d.message.contains("needs what its words mean"), "{d}");
    let d = only_error(&format!(
        "{HEAD}[[alias]]\nwords = [\"asc\"]\nsector = [\"social-care\"]\nsectors = [\"social-care\"]\n"
    ));
    assert!(d.to_string().contains("sector"), "{d}");
}

#[test]
fn additions_extend_the_aliases() {
    let base = file(
        "c.toml",
        &format!("{HEAD}[[alias]]\nwords = [\"asc\"]\nsector = [\"social-care\"]\n"),
    );
    let extra = file(
        "mine.toml",
        "[[alias]]\nwords = [\"carers\"]\nsector = [\"social-care\"]\n",
    );
    let c = from_files(vec![base], vec![extra]).expect("loads");
    let words: Vec<&str> = c
        .aliases
        .iter()
        .flat_map(|a| a.words.iter().map(String::as_str))
        .collect();
    assert_eq!(words, ["asc", "carers"]);
}

fn with_places(scopes: &str) -> String {
    format!("{HEAD}{scopes}")
}

#[test]
fn places_may_be_within_others() {
    let text = with_places(
        "[[vocabulary.scope]]\nid = \"uk-wide\"\nlabel = \"UK-wide\"\n\n\
         [[vocabulary.scope]]\nid = \"wales\"\nlabel = \"Wales\"\nwithin = \"uk-wide\"\n",
    );
    let c = load_one(&text).expect("loads");
    assert_eq!(c.vocab.within("wales"), Some("uk-wide"));
    assert_eq!(c.vocab.within("uk-wide"), None);
}

#[test]
fn within_an_unknown_place_suggests_the_near_one() {
    let text = with_places(
        "[[vocabulary.scope]]\nid = \"uk-wide\"\nlabel = \"UK-wide\"\n\n\
         [[vocabulary.scope]]\nid = \"wales\"\nlabel = \"Wales\"\nwithin = \"uk-wde\"\n",
    );
    let d = only_error(&text);
    assert_eq!((d.line, d.col), (Some(line_of(&text, "uk-wde")), Some(10)));
    assert_eq!(d.field.as_deref(), Some("vocabulary.scope[wales].within"));
    assert!(d.message.contains("did you mean `uk-wide`?"), "{d}");
}

#[test]
fn places_within_themselves_are_refused_once_per_loop() {
    let text = with_places(
        "[[vocabulary.scope]]\nid = \"a\"\nlabel = \"A\"\nwithin = \"b\"\n\n\
         [[vocabulary.scope]]\nid = \"b\"\nlabel = \"B\"\nwithin = \"a\"\n\n\
         [[vocabulary.scope]]\nid = \"c\"\nlabel = \"C\"\nwithin = \"a\"\n\n\
         [[vocabulary.scope]]\nid = \"d\"\nlabel = \"D\"\nwithin = \"d\"\n",
    );
    let errs = load_one(&text).expect_err("refused");
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(errs[0].field.as_deref(), Some("vocabulary.scope[a].within"));
    assert!(
        errs[0].message.contains("a within b within a"),
        "{}",
        errs[0]
    );
    assert_eq!(errs[0].line, Some(line_of(&text, "id = \"a\"") - 1));
    assert!(errs[1].message.contains("d within d"), "{}", errs[1]);
}

#[test]
fn only_places_may_be_within_something() {
    let text =
        format!("{HEAD}[[vocabulary.profession]]\nid = \"p\"\nlabel = \"P\"\nwithin = \"q\"\n");
    let d = only_error(&text);
    assert_eq!(d.field.as_deref(), Some("vocabulary.profession.within"));
    assert!(
        d.message.contains("description"),
        "names the valid fields: {d}"
    );
}

#[test]
fn the_bundled_places_nest_as_documented() {
    let c = load(&Source::Bundled, &LoadOptions::default()).expect("loads");
    let v = &c.vocab;
    for nation in ["england", "scotland", "wales", "northern-ireland"] {
        assert_eq!(v.within(nation), Some("uk-wide"), "{nation}");
    }
    assert_eq!(v.within("region:west-midlands"), Some("region:midlands"));
    for t in v.terms(VocabKind::Scope) {
        if t.id.starts_with("region:") && t.id != "region:west-midlands" {
            assert_eq!(v.within(&t.id), Some("england"), "{}", t.id);
        }
    }
    assert_eq!(v.within("uk-wide"), None);
    assert_eq!(v.within("europe"), None);
    assert_eq!(v.within("international"), None);
}

#[test]
fn a_network_link_falls_back_to_its_first_web_source() {
    let text = with_network(
        "[network.provenance]\nsources = [\"https://example.org/about\", \"https://example.org/2\"]\n",
    );
    let c = load_one(&text).expect("loads");
    let l = c.networks[0].link().expect("a link");
    assert_eq!(l.url, "https://example.org/about");
    assert_eq!(l.kind, LinkKind::Source);
    assert_eq!(l.label(), "no website known — source page");
    let text = with_network(
        "join_url = \"https://example.org/join\"\n[network.provenance]\nsources = [\"https://example.org/about\"]\n",
    );
    let c = load_one(&text).expect("loads");
    let l = c.networks[0].link().expect("a link");
    assert_eq!(
        (l.url, l.kind),
        ("https://example.org/join", LinkKind::Join)
    );
    let text = with_network(
        "website = \"https://example.org/\"\njoin_url = \"https://example.org/join\"\n",
    );
    let c = load_one(&text).expect("loads");
    let l = c.networks[0].link().expect("a link");
    assert_eq!((l.url, l.kind), ("https://example.org/", LinkKind::Website));
    let c = load_one(&with_network("")).expect("loads");
    assert_eq!(c.networks[0].link(), None);
}

#[test]
fn an_opportunity_without_stages_has_its_networks() {
    let text = format!(
        "{HEAD}[[vocabulary.career_stage]]\nid = \"early\"\nlabel = \"Early\"\n\n\
         [[vocabulary.career_stage]]\nid = \"senior\"\nlabel = \"Senior\"\n\n\
         [[vocabulary.opportunity_type]]\nid = \"course\"\nlabel = \"Course\"\n\n\
         [[network]]\nid = \"x\"\nname = \"X\"\nkind = \"network\"\nsummary = \"S\"\ncareer_stages = [\"early\", \"senior\"]\n\
         [[network.opportunity]]\ntitle = \"A\"\ntype = \"course\"\n\
         [[network.opportunity]]\ntitle = \"B\"\ntype = \"course\"\ncareer_stages = [\"senior\"]\n"
    );
    let c = load_one(&text).expect("loads");
    let n = &c.networks[0];
    let a = n.stages_of(&n.opportunities[0]);
    assert_eq!(a.ids, ["early", "senior"]);
    assert!(a.inherited);
    let b = n.stages_of(&n.opportunities[1]);
    assert_eq!(b.ids, ["senior"]);
    assert!(!b.inherited);
}

#[test]
fn predecessors_are_found_from_successor_links() {
    let text = format!(
        "{HEAD}[[network]]\nid = \"new\"\nname = \"New\"\nkind = \"network\"\nsummary = \"S\"\n\n\
         [[network]]\nid = \"old\"\nname = \"Old\"\nkind = \"network\"\nsummary = \"S\"\nstatus = \"closed\"\nsuccessor = \"new\"\n\n\
         [[network]]\nid = \"older\"\nname = \"Older\"\nkind = \"network\"\nsummary = \"S\"\nstatus = \"merged\"\nsuccessor = \"new\"\n"
    );
    let c = load_one(&text).expect("loads");
    let ids: Vec<&str> = c.predecessors("new").map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["old", "older"]);
    assert_eq!(c.predecessors("old").count(), 0);
}

#[test]
fn ended_is_a_year_for_merged_or_closed_networks() {
    let c = load_one(&with_network("status = \"closed\"\nended = 2018\n")).expect("loads");
    assert_eq!(c.networks[0].ended, Some(2018));
    let text = with_network("ended = 2018\n");
    let d = only_error(&text);
    assert_eq!(d.field.as_deref(), Some("network[x].ended"));
    assert!(d.message.contains("merged or closed"), "{d}");
    let text = with_network("status = \"merged\"\nended = 18\n");
    let d = only_error(&text);
    assert_eq!((d.line, d.col), (Some(line_of(&text, "ended")), Some(9)));
    assert!(d.message.contains("not a year"), "{d}");
}

#[test]
fn the_bundled_catalogue_is_encoded_when_it_has_no_errors() {
    // The cache's tests read it back and compare it with the parsed one.
    from_files(bundled_files(), Vec::new()).expect("the bundled catalogue parses");
    assert!(bundled_encoded().is_some_and(|(h, n)| !h.is_empty() && !n.is_empty()));
}
