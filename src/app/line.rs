//! The one line editor behind the search box, the note editor and the filter
//! finder: a text and a cursor (a byte offset on a grapheme boundary), and
//! the line-editing commands of the keymap's input layer.

use unicode_segmentation::UnicodeSegmentation;

use super::keymap::Command;

/// A line of text being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Byte offset of the cursor in `text`, always on a grapheme boundary.
    pub cursor: usize,
}

impl Line {
    /// A line holding `text`, the cursor at its end.
    pub fn new(text: impl Into<String>) -> Line {
        let text = text.into();
        let cursor = text.len();
        Line { text, cursor }
    }

    /// Type one character at the cursor, if the line has room for it.
    pub fn insert(&mut self, c: char, max_chars: usize) -> bool {
        if self.text.chars().count() >= max_chars {
            return false;
        }
        self.cursor = self.cursor.min(self.text.len());
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        // A combining mark joins the cluster before it: keep the cursor
        // on a boundary.
        self.cursor = self.boundary_at_or_after(self.cursor);
        true
    }

    /// Put text at the cursor (a paste), as much as the line has room for;
    /// true when anything went in.
    pub fn insert_str(&mut self, s: &str, max_chars: usize) -> bool {
        let mut any = false;
        for c in s.chars() {
            if !self.insert(c, max_chars) {
                break;
            }
            any = true;
        }
        any
    }

    /// Carry out a line-editing command; true when the text changed.
    pub fn edit(&mut self, command: Command) -> bool {
        self.cursor = self.cursor.min(self.text.len());
        let before = self.text.len();
        match command {
            Command::CursorLeft => self.cursor = self.prev_boundary(self.cursor),
            Command::CursorRight => self.cursor = self.next_boundary(self.cursor),
            Command::WordLeft => self.cursor = self.word_start_before(self.cursor),
            Command::WordRight => self.cursor = self.word_end_after(self.cursor),
            Command::LineStart => self.cursor = 0,
            Command::LineEnd => self.cursor = self.text.len(),
            Command::DeleteBack => {
                let from = self.prev_boundary(self.cursor);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Command::DeleteForward => {
                let to = self.next_boundary(self.cursor);
                self.text.replace_range(self.cursor..to, "");
            }
            Command::DeleteWord => {
                let from = self.word_start_before(self.cursor);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Command::ClearLine => {
                self.text.clear();
                self.cursor = 0;
            }
            _ => {}
        }
        self.text.len() != before
    }

    /// The text before and after the cursor.
    pub fn split(&self) -> (&str, &str) {
        let c = self.cursor.min(self.text.len());
        if self.text.is_char_boundary(c) {
            self.text.split_at(c)
        } else {
            (self.text.as_str(), "")
        }
    }

    fn prev_boundary(&self, at: usize) -> usize {
        self.text[..at]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self, at: usize) -> usize {
        self.text[at..]
            .graphemes(true)
            .next()
            .map_or(at, |g| at + g.len())
    }

    fn boundary_at_or_after(&self, at: usize) -> usize {
        let mut pos = 0;
        for g in self.text.graphemes(true) {
            if pos >= at {
                return pos;
            }
            pos += g.len();
        }
        self.text.len()
    }

    /// The start of the word before `at` (skipping spaces first).
    fn word_start_before(&self, at: usize) -> usize {
        let head = &self.text[..at];
        let trimmed = head.trim_end_matches(' ');
        trimmed.rfind(' ').map_or(0, |i| i + 1)
    }

    /// The end of the word after `at` (skipping spaces first).
    fn word_end_after(&self, at: usize) -> usize {
        let tail = &self.text[at..];
        let skipped = tail.len() - tail.trim_start_matches(' ').len();
        let rest = &tail[skipped..];
        at + skipped + rest.find(' ').unwrap_or(rest.len())
    }
}

/// Edit a text and its cursor that are kept apart (the query, a note) as
/// one `Line`; what `edit` returns.
pub fn edit_in<R>(text: &mut String, cursor: &mut usize, edit: impl FnOnce(&mut Line) -> R) -> R {
    let mut l = Line {
        text: std::mem::take(text),
        cursor: *cursor,
    };
    let r = edit(&mut l);
    (*text, *cursor) = (l.text, l.cursor);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, cursor: usize) -> Line {
        Line {
            text: text.into(),
            cursor,
        }
    }

    #[test]
    fn typing_goes_in_at_the_cursor() {
        let mut l = line("dta", 1);
        assert!(l.insert('a', 200));
        assert_eq!((l.text.as_str(), l.cursor), ("data", 2));
        let mut full = Line::new("ab");
        assert!(!full.insert('c', 2));
        assert_eq!(full.text, "ab");
    }

    #[test]
    fn a_paste_goes_in_at_the_cursor_up_to_the_limit() {
        let mut l = line("ab", 1);
        assert!(l.insert_str("XYZ", 4));
        assert_eq!((l.text.as_str(), l.cursor), ("aXYb", 3));
        assert!(!l.insert_str("Q", 4));
    }

    #[test]
    fn words_are_deleted_and_jumped_over() {
        let mut l = Line::new("clinical coding  ");
        assert!(l.edit(Command::DeleteWord));
        assert_eq!(l.text, "clinical ");
        l.edit(Command::WordLeft);
        assert_eq!(l.cursor, 0);
        l.edit(Command::WordRight);
        assert_eq!(l.cursor, 8);
        l.edit(Command::LineEnd);
        assert_eq!(l.cursor, l.text.len());
        assert!(l.edit(Command::ClearLine));
        assert_eq!((l.text.as_str(), l.cursor), ("", 0));
        assert!(!l.edit(Command::DeleteBack));
    }

    #[test]
    fn the_cursor_moves_by_whole_clusters() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let mut l = Line::new(format!("a{family}e\u{301}"));
        l.edit(Command::CursorLeft);
        assert_eq!(l.split().1, "e\u{301}");
        l.edit(Command::CursorLeft);
        assert_eq!(l.split().1, format!("{family}e\u{301}"));
        assert!(l.edit(Command::DeleteForward));
        assert_eq!(l.text, "ae\u{301}");
        l.edit(Command::LineStart);
        l.edit(Command::CursorRight);
        l.edit(Command::CursorRight);
        assert_eq!(l.cursor, l.text.len());
        assert!(l.edit(Command::DeleteBack));
        assert_eq!(l.text, "a");
    }

    #[test]
    fn a_combining_mark_typed_stays_with_its_letter() {
        let mut l = line("ex", 1);
        l.insert('\u{301}', 10);
        assert_eq!(l.split(), ("e\u{301}", "x"));
    }
}
