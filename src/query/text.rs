//! Folding and splitting text for matching. Folding maps each character to
//! exactly one character, so positions in folded text are positions in the
//! original (which is what highlighting needs).

/// Fold one character: lower case, Latin accents dropped.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let l = c.to_lowercase().next().unwrap_or(c);
    match l {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ŵ' => 'w',
        'ŷ' => 'y',
        '’' | '‘' => '\'',
        other => other,
    }
}

/// Fold a whole string (same number of characters as the input).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// The words of folded text: runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Character positions where a word starts in `chars`.
pub fn is_word_start(chars: &[char], i: usize) -> bool {
    i == 0
        || !chars[i - 1].is_alphanumeric()
        || (chars[i].is_uppercase() && chars[i - 1].is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_length() {
        let s = "Café NHS-R Ŵales";
        assert_eq!(fold(s), "cafe nhs-r wales");
        assert_eq!(fold(s).chars().count(), s.chars().count());
    }

    #[test]
    fn splitting() {
        let w: Vec<_> = words("nhs-r community, e-learning (2025)").collect();
        assert_eq!(w, ["nhs", "r", "community", "e", "learning", "2025"]);
    }
}
