//! CLI tests for the ecosystem commands: completions, man, schema, config.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common::cli::{Folders, command};

/// `hinet ARGS` with its settings in `config_dir`, its data and cache below it.
fn hinet(args: &[&str], config_dir: &Path) -> Output {
    let folders = Folders {
        config: config_dir.to_path_buf(),
        ..Folders::beside(config_dir)
    };
    command(args, &folders).output().expect("run hinet")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef hinet"),
        ("fish", "complete -c hinet"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = hinet(&["completions", shell], dir.path());
        assert!(o.status.success(), "{shell}");
        let out = stdout(&o);
        assert!(out.contains(marker), "{shell} completions lack {marker}");
        assert!(
            out.contains("opportunities"),
            "{shell} completions lack subcommands"
        );
    }
    let o = hinet(&["completions", "tcsh"], dir.path());
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_page_is_roff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = hinet(&["man"], dir.path());
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.starts_with(".ie") || out.contains(".TH hinet"),
        "{}",
        &out[..out.len().min(200)]
    );
    assert!(out.contains("bookmarks"));
}

#[test]
fn config_path_default_and_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = hinet(&["config", "path"], dir.path());
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim(),
        dir.path().join("config.toml").display().to_string()
    );

    let o = hinet(&["config", "default"], dir.path());
    assert!(o.status.success());
    let default = stdout(&o);
    assert!(default.contains("# bookmark = [\"b\"]"), "{default}");
    std::fs::write(dir.path().join("config.toml"), &default).expect("write");
    let o = hinet(&["config", "check"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    std::fs::write(
        dir.path().join("config.toml"),
        "[keys]\nbookmrk = [\"m\"]\nquit = [\"b\"]\n",
    )
    .expect("write");
    let o = hinet(&["config", "check"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("config.toml:2: unknown action `bookmrk`"),
        "{err}"
    );
    assert!(
        err.contains("config.toml:3: `b` is already the key of `bookmark`"),
        "{err}"
    );

    let other = dir.path().join("other.toml");
    std::fs::write(&other, "theme = \"mono\"\n").expect("write");
    let o = hinet(
        &[
            "--config",
            other.to_str().expect("utf-8"),
            "config",
            "check",
        ],
        dir.path(),
    );
    assert!(o.status.success());
    assert!(stdout(&o).contains("other.toml"));
}

/// TOML to JSON, with dates as strings (as editors see them).
fn to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// A validator for the subset of JSON Schema the catalogue schema uses.
fn validate(schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            _ => true,
        };
        if !ok {
            errors.push(format!("{path}: expected {t}"));
            return;
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        errors.push(format!("{path}: {v} not in {e:?}"));
    }
    if let (Some(max), Some(s)) = (schema.get("maxLength").and_then(Value::as_u64), v.as_str())
        && s.chars().count() as u64 > max
    {
        errors.push(format!("{path}: longer than {max}"));
    }
    if let (Some(p), Some(s)) = (schema.get("pattern").and_then(Value::as_str), v.as_str()) {
        let ok = match p {
            "^https?://" => s.starts_with("http://") || s.starts_with("https://"),
            "^[a-z0-9-]{1,64}$" => {
                !s.is_empty()
                    && s.len() <= 64
                    && s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            }
            _ => s.split(':').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            }),
        };
        if !ok {
            errors.push(format!("{path}: `{s}` does not match {p}"));
        }
    }
    if let (Some(props), Some(obj)) = (
        schema.get("properties").and_then(Value::as_object),
        v.as_object(),
    ) {
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(r) = req.as_str()
                && !obj.contains_key(r)
            {
                errors.push(format!("{path}: missing {r}"));
            }
        }
        for (k, val) in obj {
            match props.get(k) {
                Some(s) => validate(s, val, &format!("{path}.{k}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: unknown {k}"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, item) in arr.iter().enumerate() {
            validate(items, item, &format!("{path}[{i}]"), errors);
        }
    }
}

#[test]
fn schema_is_json_that_validates_the_bundled_catalogue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = hinet(&["schema"], dir.path());
    assert!(o.status.success());
    let schema: Value = serde_json::from_slice(&o.stdout).expect("the schema is JSON");
    assert_eq!(schema["title"], "hinet catalogue, format 1");

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
    let mut files = vec![root.join("catalogue.toml")];
    for e in std::fs::read_dir(root.join("networks")).expect("networks") {
        files.push(e.expect("entry").path());
    }
    assert!(files.len() > 60);
    let mut errors = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let v: toml::Value = toml::from_str(&text).expect("toml");
        validate(&schema, &to_json(&v), &f.display().to_string(), &mut errors);
    }
    assert!(errors.is_empty(), "{errors:#?}");

    // And it can fail: a network with an unknown field and a bad URL does not validate.
    let bad: toml::Value = toml::from_str(
        "[[network]]\nid = \"x\"\nname = \"X\"\nkind = \"network\"\nsummary = \"s\"\ncolour = 1\nwebsite = \"ftp://x\"\n",
    )
    .expect("toml");
    let mut errors = Vec::new();
    validate(&schema, &to_json(&bad), "bad", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
}
