//! Located problems in catalogue files: `FILE:LINE:COL: FIELD: message`.

use crate::text::sanitize;

/// The longest a printed diagnostic may be, in characters.
pub const MAX_DIAGNOSTIC_CHARS: usize = 300;

/// One problem found while reading or checking a catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line and column (in characters), where the problem has a place.
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl Diagnostic {
    /// A problem with a whole file or path (it cannot be read, is too large, …).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: None,
            col: None,
            field: None,
            message: message.into(),
        }
    }

    /// A problem at byte `offset` of `text`.
    pub fn at(
        file: &str,
        text: &str,
        offset: usize,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        let (line, col) = line_col(text, offset);
        Diagnostic {
            file: file.to_string(),
            line: Some(line),
            col: Some(col),
            field: if field.is_empty() {
                None
            } else {
                Some(field.to_string())
            },
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = self.file.clone();
        if let (Some(l), Some(c)) = (self.line, self.col) {
            s.push_str(&format!(":{l}:{c}"));
        }
        s.push_str(": ");
        if let Some(field) = &self.field {
            s.push_str(field);
            s.push_str(": ");
        }
        s.push_str(&self.message);
        f.write_str(&sanitize::line(&s, MAX_DIAGNOSTIC_CHARS))
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Everything that was wrong with a catalogue; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 999), (3, 2));
    }

    #[test]
    fn display_is_one_clean_capped_line() {
        let d = Diagnostic::at(
            "a\u{1b}[31m.toml",
            "x\ny",
            2,
            "network[x].name",
            "bad\nthing",
        );
        let s = d.to_string();
        assert_eq!(s, "a\u{FFFD}[31m.toml:2:1: network[x].name: bad thing");
        let long = Diagnostic::file("f.toml", "x".repeat(1000)).to_string();
        assert_eq!(long.chars().count(), MAX_DIAGNOSTIC_CHARS);
    }
}
