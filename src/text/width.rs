//! Display width: the screen cells a text takes, as ratatui counts them
//! (per grapheme cluster, two for CJK and most emoji), and cutting or
//! wrapping text to a number of cells without splitting a cluster.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The screen cells a text takes, as ratatui counts them (per grapheme).
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cut text to at most `max` screen cells, ending in `…` when cut.
///
/// Widths are counted in cells (two for CJK and most emoji), as ratatui
/// draws them. The cut falls between grapheme clusters, where ratatui
/// splits cells, so an emoji ZWJ sequence, a flag, or a letter with its
/// combining marks or variation selector is kept whole or left out whole;
/// a cluster that would not fit is dropped, and no joiner is left to join
/// the `…`.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut t = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        used += g.width();
        if used > max - 1 {
            break;
        }
        t.push_str(g);
    }
    // A cluster may end in a joiner that joins nothing (`👨‍` then `x`).
    let kept = t.trim_end_matches('\u{200d}').len();
    t.truncate(kept);
    t.push('…');
    t
}

/// The end of `s` shown in a box `max` cells wide: whole grapheme clusters
/// only, so it never starts on a stray joiner or combining mark. The last
/// cluster is shown even if it alone is wider.
pub fn tail(s: &str, max: usize) -> &str {
    let mut used = 0;
    let mut start = s.len();
    for (i, g) in s.grapheme_indices(true).rev() {
        used += g.width();
        if used > max && start < s.len() {
            break;
        }
        start = i;
    }
    &s[start..]
}

/// Word-wrap `text` into rows at most `max` cells wide, at spaces where
/// it can; a word longer than a row (a path, often) is cut between
/// grapheme clusters.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in text.split(' ') {
        let w = width(word);
        let row_w = width(&row);
        if !row.is_empty() && row_w + 1 + w <= max {
            row.push(' ');
            row.push_str(word);
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        if w <= max {
            row.push_str(word);
            continue;
        }
        for g in word.graphemes(true) {
            if width(&row) + g.width() > max && !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            row.push_str(g);
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAMILY: &str = "👨\u{200d}👩\u{200d}👧";

    #[test]
    fn truncate_keeps_short_text_and_cuts_long_text_with_an_ellipsis() {
        assert_eq!(truncate("network", 7), "network");
        assert_eq!(truncate("network", 8), "network");
        assert_eq!(truncate("network", 5), "netw…");
        assert_eq!(truncate("network", 1), "…");
        assert_eq!(truncate("network", 0), "");
        assert_eq!(truncate("", 0), "");
    }

    #[test]
    fn truncate_counts_screen_cells_not_characters() {
        // Each of these takes two cells: four characters would overflow.
        assert_eq!(truncate("日本語の保健", 4), "日…");
        assert_eq!(truncate("日本語の保健", 5), "日本…");
        assert_eq!(truncate("日本語の保健", 12), "日本語の保健");
        assert_eq!(truncate("🏥🏥🏥", 5), "🏥🏥…");
        for s in ["日本語の保健", "a🏥b🏥c", "ケア情報ネットワーク"] {
            for max in 0..16 {
                let t = truncate(s, max);
                assert!(width(&t) <= max, "{s} {max}: {t:?}");
            }
        }
    }

    #[test]
    fn truncate_never_splits_an_emoji_zwj_sequence() {
        // The case the property found: it gave "👨\u{200d}…".
        assert_eq!(truncate(FAMILY, 1), "…");
        assert_eq!(truncate(FAMILY, 2), FAMILY);
        let s = format!("ab{FAMILY}cd");
        for max in 0..=8 {
            let t = truncate(&s, max);
            assert!(width(&t) <= max, "{max}: {t:?}");
            assert!(
                !t.contains('\u{200d}') || t.contains(FAMILY),
                "{max}: {t:?}"
            );
        }
        assert_eq!(truncate(&s, 4), "ab…");
        assert_eq!(truncate(&s, 5), format!("ab{FAMILY}…"));
    }

    #[test]
    fn truncate_keeps_flags_skin_tones_and_variation_selectors_whole() {
        // Two flags: cutting between regional indicators would make others.
        assert_eq!(truncate("🇬🇧🇯🇵", 3), "🇬🇧…");
        assert_eq!(truncate("👍🏽x", 2), "…");
        assert_eq!(truncate("☃\u{fe0f}abc", 2), "…");
        assert_eq!(truncate("☃\u{fe0f}abc", 3), "☃\u{fe0f}…");
    }

    #[test]
    fn truncate_keeps_combining_marks_with_their_letter() {
        let s = "e\u{301}\u{302}xyz";
        assert_eq!(truncate(s, 2), "e\u{301}\u{302}…");
        assert_eq!(truncate(s, 1), "…");
        // Thai: a consonant with a vowel and a tone mark above it.
        assert_eq!(truncate("ก\u{e34}\u{e49}กกก", 2), "ก\u{e34}\u{e49}…");
    }

    #[test]
    fn truncate_leaves_no_joiner_before_the_ellipsis() {
        // A joiner that joins nothing stays in its cluster (UAX #29), so
        // it is dropped when the cut puts the ellipsis after it.
        assert_eq!(truncate("👨\u{200d}xyz", 3), "👨…");
        assert_eq!(truncate("a\u{200d}\u{200d}bcd", 2), "a…");
    }

    #[test]
    fn tail_starts_on_a_cluster_boundary() {
        assert_eq!(tail("abcdef", 3), "def");
        assert_eq!(tail("abc", 5), "abc");
        assert_eq!(tail("", 5), "");
        // The last 2 cells are the family, never its last person alone.
        assert_eq!(tail(&format!("x{FAMILY}"), 2), FAMILY);
        assert_eq!(tail(&format!("xy{FAMILY}z"), 4), format!("y{FAMILY}z"));
        // The last cell is the letter with its marks.
        assert_eq!(tail("abe\u{301}\u{302}", 1), "e\u{301}\u{302}");
        assert_eq!(tail("abe\u{301}\u{302}", 2), "be\u{301}\u{302}");
        assert_eq!(tail("日本語", 4), "本語");
        let s = format!("ab{FAMILY}e\u{301}");
        for max in 0..10 {
            let t = tail(&s, max);
            assert!(!t.starts_with(['\u{200d}', '\u{301}']), "{max}: {t:?}");
        }
    }

    #[test]
    fn wrap_fits_every_row() {
        let text = "Open the selected result's detail, full screen when narrow";
        for w in 1..40 {
            for row in wrap(text, w) {
                assert!(width(&row) <= w, "{w}: {row:?}");
            }
        }
        assert_eq!(wrap("a bc", 2), ["a", "bc"]);
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("日本語", 4), ["日本", "語"]);
    }

    #[test]
    fn wrap_breaks_a_long_path_between_clusters() {
        let path = "/home/sam/Documents/hinet-joining-plan-2026-12-01.md";
        let lines = wrap(&format!("Written to {path}"), 20);
        assert_eq!(
            lines.concat().replace("Written to", "Written to "),
            format!("Written to {path}")
        );
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        let s = format!("{FAMILY}{FAMILY}{FAMILY}");
        assert_eq!(
            wrap(&s, 4),
            [format!("{FAMILY}{FAMILY}"), FAMILY.to_string()]
        );
    }
}
