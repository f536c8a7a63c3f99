//! The query language: space-separated words, all of which must match.
//! `'word` matches exactly (a whole word, or a substring of a name), `^word`
//! matches the start of a name, and `!word` excludes what it matches.

use super::text::{fold, words};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// Fuzzy on names, by word prefix (with typo tolerance) elsewhere.
    Plain,
    /// `'word`: exactly this word.
    Exact,
    /// `^word`: the start of a name.
    Prefix,
}

/// One word of a query, folded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Term {
    pub text: String,
    pub kind: TermKind,
    pub negated: bool,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut terms = Vec::new();
        for raw in input.split_whitespace() {
            let mut s = raw;
            let mut negated = false;
            if let Some(rest) = s.strip_prefix('!') {
                negated = true;
                s = rest;
            }
            let kind = if let Some(rest) = s.strip_prefix('\'') {
                s = rest;
                TermKind::Exact
            } else if let Some(rest) = s.strip_prefix('^') {
                s = rest;
                TermKind::Prefix
            } else {
                TermKind::Plain
            };
            let folded = fold(s);
            if kind == TermKind::Prefix {
                // A prefix keeps its punctuation: `^nhs-r` is the start of a name.
                if !folded.is_empty() {
                    terms.push(Term {
                        text: folded,
                        kind,
                        negated,
                    });
                }
                continue;
            }
            // Words joined by punctuation ("nhs-r") are matched word by word.
            for w in words(&folded) {
                terms.push(Term {
                    text: w.to_string(),
                    kind,
                    negated,
                });
            }
        }
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn positive(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.negated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operators() {
        let q = Query::parse("Data 'exact ^nhs-r !closed nhs-r");
        let got: Vec<_> = q
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.kind, t.negated))
            .collect();
        assert_eq!(
            got,
            [
                ("data", TermKind::Plain, false),
                ("exact", TermKind::Exact, false),
                ("nhs-r", TermKind::Prefix, false),
                ("closed", TermKind::Plain, true),
                ("nhs", TermKind::Plain, false),
                ("r", TermKind::Plain, false),
            ]
        );
        assert!(Query::parse("  ").is_empty());
        assert!(Query::parse("!").is_empty());
    }
}
