//! The JSON Schema of catalogue format 1, for editors (taplo / Even Better
//! TOML). It is built from the same field lists the loader checks against, and
//! a test fails if the two ever differ.

use serde_json::{Value, json};

use super::model::VocabKind;
use super::parse::{FORMAT_VERSION, limits};
use crate::text::links::MAX_URL_BYTES;

const ID_PATTERN: &str = "^[a-z0-9-]{1,64}$";
const VOCAB_PATTERN: &str = "^[a-z0-9-]+(:[a-z0-9-]+)*$";

fn text(max: usize, description: &str) -> Value {
    json!({"type": "string", "maxLength": max, "description": description})
}

fn url(description: &str) -> Value {
    json!({"type": "string", "pattern": "^https?://", "maxLength": MAX_URL_BYTES, "description": description})
}

fn vocab(kind: VocabKind, description: &str) -> Value {
    json!({"type": "string", "pattern": VOCAB_PATTERN, "description": format!("{description} (vocabulary.{})", kind.key())})
}

fn vocab_list(kind: VocabKind, description: &str) -> Value {
    json!({"type": "array", "items": vocab(kind, description), "maxItems": limits::LIST})
}

fn object(properties: Vec<(&str, Value)>, required: &[&str], description: &str) -> Value {
    let props: serde_json::Map<String, Value> = properties
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    json!({
        "type": "object",
        "description": description,
        "additionalProperties": false,
        "required": required,
        "properties": props,
    })
}

fn cost() -> Value {
    object(
        vec![
            (
                "free",
                json!({"type": "boolean", "description": "true only when a source says it is free"}),
            ),
            (
                "amount_gbp",
                json!({"type": "number", "minimum": 0, "maximum": 1_000_000, "description": "price in pounds"}),
            ),
            (
                "year",
                json!({"type": "integer", "description": "year the price applies to"}),
            ),
            ("note", text(limits::NOTE, "anything else about the cost")),
        ],
        &[],
        "What it costs; leave it out when not known (never shown as free)",
    )
}

fn opportunity() -> Value {
    object(
        vec![
            ("title", text(limits::TITLE, "the opportunity's name")),
            (
                "type",
                vocab(
                    VocabKind::OpportunityType,
                    "what kind of learning or training",
                ),
            ),
            ("summary", text(limits::MEDIUM_TEXT, "one or two sentences")),
            ("url", url("its own page")),
            (
                "formats",
                vocab_list(VocabKind::Format, "how it is delivered"),
            ),
            (
                "career_stages",
                vocab_list(VocabKind::CareerStage, "who it suits"),
            ),
            ("duration", text(limits::SHORT_TEXT, "how long it takes")),
            ("eligibility", text(limits::NOTE, "who can take part")),
            ("when", text(limits::SHORT_TEXT, "when it runs or last ran")),
            (
                "status",
                json!({"enum": ["current", "historical"], "description": "historical when it no longer runs"}),
            ),
            ("cost", cost()),
        ],
        &["title", "type"],
        "A learning or training opportunity",
    )
}

fn network() -> Value {
    object(
        vec![
            (
                "id",
                json!({"type": "string", "pattern": ID_PATTERN, "description": "unique id: 1-64 characters of a-z, 0-9 and -"}),
            ),
            ("name", text(limits::NAME, "full name")),
            (
                "short_name",
                text(limits::SHORT_NAME, "abbreviation or short name"),
            ),
            ("kind", vocab(VocabKind::Kind, "what kind of body")),
            (
                "status",
                json!({"enum": ["active", "merged", "closed"], "default": "active"}),
            ),
            (
                "successor",
                json!({"type": "string", "pattern": ID_PATTERN, "description": "id of the network that replaced it"}),
            ),
            (
                "ended",
                json!({"type": "integer", "minimum": 1900, "maximum": 2200, "description": "for a merged or closed network: the year it ended, where a source says"}),
            ),
            ("summary", text(limits::SUMMARY, "one or two sentences")),
            (
                "description",
                text(limits::LONG_TEXT, "a longer description"),
            ),
            ("website", url("home page")),
            ("how_to_join", text(limits::MEDIUM_TEXT, "how to join")),
            ("join_url", url("the joining page")),
            (
                "scope",
                vocab_list(VocabKind::Scope, "nations, regions, international"),
            ),
            (
                "sectors",
                vocab_list(VocabKind::Sector, "sectors it serves"),
            ),
            (
                "professions",
                vocab_list(VocabKind::Profession, "professions it serves"),
            ),
            (
                "career_stages",
                vocab_list(VocabKind::CareerStage, "career stages it serves"),
            ),
            ("formats", vocab_list(VocabKind::Format, "how it meets")),
            (
                "policy_engagement",
                text(limits::MEDIUM_TEXT, "how it feeds into national policy"),
            ),
            (
                "tags",
                json!({"type": "array", "items": {"type": "string", "maxLength": limits::TAG}, "maxItems": limits::LIST, "description": "free words that help search"}),
            ),
            ("cost", cost()),
            (
                "opportunity",
                json!({"type": "array", "items": opportunity(), "description": "learning and training"}),
            ),
            (
                "provenance",
                object(
                    vec![
                        (
                            "sources",
                            json!({"type": "array", "items": url("where a fact was read")}),
                        ),
                        (
                            "as_of",
                            json!({"type": "integer", "description": "year of the newest source"}),
                        ),
                        (
                            "uncertain",
                            json!({"type": "array", "items": {"type": "string", "maxLength": limits::NOTE}, "description": "facts that are inferred or single-sourced"}),
                        ),
                    ],
                    &[],
                    "Where the facts came from (required in the bundled catalogue)",
                ),
            ),
        ],
        &["id", "name", "kind", "summary"],
        "A network, community or professional body",
    )
}

/// An `[[alias]]`: the words people use for vocabulary values or phrases.
fn alias() -> Value {
    let mut props = vec![
        (
            "words",
            json!({"type": "array", "minItems": 1, "maxItems": limits::LIST, "items": text(limits::LABEL, "a word or short phrase people type, e.g. \"swansea\", \"newly qualified\", \"siro\""), "description": "what people type"}),
        ),
        (
            "phrases",
            json!({"type": "array", "maxItems": limits::LIST, "items": text(limits::LABEL, "text an entry may contain, e.g. \"electronic patient record\""), "description": "phrases the words mean"}),
        ),
    ];
    for k in VocabKind::ALL {
        props.push((k.key(), vocab_list(k, "a value the words mean")));
    }
    object(
        props,
        &["words"],
        "Words people use for what the vocabulary names: a fact about language, not about a network. Searching for the words finds the entries with one of the values or containing one of the phrases.",
    )
}

/// The JSON Schema of catalogue format 1.
pub fn schema() -> Value {
    let term = object(
        vec![
            ("id", json!({"type": "string", "pattern": VOCAB_PATTERN})),
            ("label", text(limits::LABEL, "what people see")),
            ("description", text(limits::SUMMARY, "one line about it")),
        ],
        &["id", "label"],
        "A controlled value",
    );
    let place = object(
        vec![
            ("id", json!({"type": "string", "pattern": VOCAB_PATTERN})),
            ("label", text(limits::LABEL, "what people see")),
            ("description", text(limits::SUMMARY, "one line about it")),
            (
                "within",
                json!({"type": "string", "pattern": VOCAB_PATTERN, "description": "the broader place this one is part of (a scope id): a nation within uk-wide, a region within its nation. Filtering by a place also shows networks of every place it is within; no loops"}),
            ),
        ],
        &["id", "label"],
        "A place networks work in",
    );
    let vocabulary: Vec<(&str, Value)> = VocabKind::ALL
        .iter()
        .map(|k| {
            let items = if *k == VocabKind::Scope {
                place.clone()
            } else {
                term.clone()
            };
            (k.key(), json!({"type": "array", "items": items}))
        })
        .collect();
    let mut root = object(
        vec![
            (
                "catalogue",
                object(
                    vec![
                        ("name", text(limits::NAME, "the catalogue's name")),
                        (
                            "format",
                            json!({"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION}),
                        ),
                        (
                            "updated",
                            json!({"type": "string", "format": "date", "description": "a TOML date, e.g. 2026-11-24"}),
                        ),
                    ],
                    &["name", "format"],
                    "Exactly once per catalogue",
                ),
            ),
            ("vocabulary", object(vocabulary, &[], "Controlled values")),
            ("network", json!({"type": "array", "items": network()})),
            ("alias", json!({"type": "array", "items": alias()})),
        ],
        &[],
        "A hinet catalogue file (format 1). A catalogue is one file or a folder of them.",
    );
    if let Value::Object(m) = &mut root {
        m.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        m.insert("title".into(), json!("hinet catalogue, format 1"));
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::parse::{
        ALIAS_FIELDS, CATALOGUE_FIELDS, COST_FIELDS, NETWORK_FIELDS, OPPORTUNITY_FIELDS,
        PROVENANCE_FIELDS, SCOPE_TERM_FIELDS, TERM_FIELDS,
    };

    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v["properties"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn the_schema_names_exactly_the_fields_the_loader_reads() {
        let s = schema();
        let net = &s["properties"]["network"]["items"];
        assert_eq!(keys(net), sorted(NETWORK_FIELDS));
        assert_eq!(
            keys(&net["properties"]["opportunity"]["items"]),
            sorted(OPPORTUNITY_FIELDS)
        );
        assert_eq!(keys(&net["properties"]["cost"]), sorted(COST_FIELDS));
        assert_eq!(
            keys(&net["properties"]["provenance"]),
            sorted(PROVENANCE_FIELDS)
        );
        assert_eq!(
            keys(&s["properties"]["catalogue"]),
            sorted(CATALOGUE_FIELDS)
        );
        let vocab = &s["properties"]["vocabulary"];
        let kinds: Vec<&str> = VocabKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(keys(vocab), sorted(&kinds));
        assert_eq!(
            keys(&vocab["properties"]["kind"]["items"]),
            sorted(TERM_FIELDS)
        );
        assert_eq!(
            keys(&vocab["properties"]["scope"]["items"]),
            sorted(SCOPE_TERM_FIELDS)
        );
        assert_eq!(
            keys(&s["properties"]["alias"]["items"]),
            sorted(ALIAS_FIELDS)
        );
    }
}
