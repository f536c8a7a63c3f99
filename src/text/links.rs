//! Checking links: only absolute http and https URLs, without credentials,
//! hidden characters or excessive length. The normalised form is what is
//! stored, shown and opened.

use super::sanitize;

/// The longest URL accepted, in bytes.
pub const MAX_URL_BYTES: usize = 2048;

/// Check a URL and return its normalised form, or say what is wrong with it.
pub fn check_url(raw: &str) -> Result<String, String> {
    if raw.len() > MAX_URL_BYTES {
        return Err(format!(
            "the URL is {} bytes long; the most is {MAX_URL_BYTES}",
            raw.len()
        ));
    }
    if raw.is_empty() {
        return Err("the URL is empty".into());
    }
    if raw
        .chars()
        .any(|c| c.is_whitespace() || sanitize::is_forbidden(c) || sanitize::is_invisible(c))
    {
        return Err("the URL contains whitespace or a control or invisible character".into());
    }
    let url = url::Url::parse(raw).map_err(|e| format!("not an absolute URL ({e})"))?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "the URL uses `{other}:`; only http and https links are allowed"
            ));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL carries a user name or password (user:password@)".into());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    let normal = url.to_string();
    if normal.len() > MAX_URL_BYTES {
        return Err(format!("the URL is longer than {MAX_URL_BYTES} bytes"));
    }
    Ok(normal)
}

/// Whether `text` is a link that may be opened: an absolute http or https
/// URL that `check_url` accepts (a source such as `github:owner/repo:path`
/// is not).
pub fn is_web_url(text: &str) -> bool {
    check_url(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_web_links() {
        assert_eq!(
            check_url("https://example.org").as_deref(),
            Ok("https://example.org/")
        );
        assert!(check_url("http://example.org/a?b=c#d").is_ok());
    }

    #[test]
    fn refuses_other_schemes_and_tricks() {
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.org",
            "https://user:pw@example.org",
            "https://user@example.org",
            "https://exa mple.org",
            "https://example.org/\u{202e}gpj",
            "https://example.org/\u{7}",
            "/relative/path",
            "",
        ] {
            assert!(check_url(bad).is_err(), "{bad:?} was accepted");
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_URL_BYTES));
        assert!(check_url(&long).unwrap_err().contains("2048"));
    }
}
