//! Places nest: the scope vocabulary says what is within what (`within`), so
//! a network open to the whole UK serves Wales, and one for England serves
//! the West Midlands.
//!
//! The rule, used by every filter, count and line that names a place: a
//! network with scopes S serves place P when S holds P itself or anything P is
//! within, however many steps up. Nothing is served by a narrower place: a
//! London network does not serve "England", and choosing `uk-wide` shows the
//! networks open to the whole UK. Places that are within nothing
//! (`international`, `europe`) are served only by themselves.

use super::model::{Network, VocabKind, Vocabulary};

/// How a network's scopes reach a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceMatch<'a> {
    /// One of its scopes is the place itself.
    Direct,
    /// Through a broader scope the place is within: the nearest such scope
    /// (`uk-wide` for a UK-wide network and Wales; `england` for an English
    /// network and a region of England).
    Through(&'a str),
}

impl PlaceMatch<'_> {
    pub fn is_direct(&self) -> bool {
        *self == PlaceMatch::Direct
    }
}

impl Vocabulary {
    /// The scope value `place` is directly within, if any.
    pub fn within(&self, place: &str) -> Option<&str> {
        self.get(VocabKind::Scope, place)
            .and_then(|t| t.within.as_deref())
    }

    /// `place` and every place it is within, nearest first:
    /// `region:west-midlands`, `region:midlands`, `england`, `uk-wide`.
    /// A loop (which the loader refuses) ends the walk, so this always ends.
    pub fn enclosing<'a>(&'a self, place: &'a str) -> Vec<&'a str> {
        let limit = self.terms(VocabKind::Scope).len() + 1;
        let mut out = vec![place];
        let mut at = place;
        while let Some(up) = self.within(at) {
            if out.contains(&up) || out.len() > limit {
                break;
            }
            out.push(up);
            at = up;
        }
        out
    }

    /// Whether a network with scopes `scopes` serves `place`, and how: the
    /// place itself is among them, or something it is within is (the nearest
    /// one is named). `None` when it does not serve it.
    pub fn serves<'a>(&'a self, scopes: &[String], place: &'a str) -> Option<PlaceMatch<'a>> {
        let chain = self.enclosing(place);
        for (i, p) in chain.iter().enumerate() {
            if scopes.iter().any(|s| s == p) {
                return Some(if i == 0 {
                    PlaceMatch::Direct
                } else {
                    PlaceMatch::Through(p)
                });
            }
        }
        None
    }

    /// How a network with `scopes` serves any of the chosen `places` (a
    /// filter with several places chosen): `Direct` when one of them is
    /// among its scopes, else the first broader match, else `None`.
    pub fn serves_any<'a>(
        &'a self,
        scopes: &[String],
        places: &[&'a str],
    ) -> Option<PlaceMatch<'a>> {
        let mut best = None;
        for p in places {
            match self.serves(scopes, p) {
                Some(PlaceMatch::Direct) => return Some(PlaceMatch::Direct),
                Some(m) if best.is_none() => best = Some(m),
                _ => {}
            }
        }
        best
    }

    /// Every scope value a network with scopes `scopes` serves, in
    /// vocabulary order: what the place filter and its counts use.
    pub fn places_served(&self, scopes: &[String]) -> Vec<&str> {
        self.terms(VocabKind::Scope)
            .iter()
            .map(|t| t.id.as_str())
            .filter(|p| self.serves(scopes, p).is_some())
            .collect()
    }
}

impl Network {
    /// Whether this network serves `place` (see [`Vocabulary::serves`]).
    pub fn serves<'a>(&self, vocab: &'a Vocabulary, place: &'a str) -> Option<PlaceMatch<'a>> {
        vocab.serves(&self.scope, place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::model::Term;

    fn vocab() -> Vocabulary {
        let mut v = Vocabulary::default();
        for (id, within) in [
            ("uk-wide", None),
            ("england", Some("uk-wide")),
            ("wales", Some("uk-wide")),
            ("region:midlands", Some("england")),
            ("region:west-midlands", Some("region:midlands")),
            ("region:london", Some("england")),
            ("europe", None),
            ("international", None),
        ] {
            v.insert(
                VocabKind::Scope,
                Term {
                    id: id.into(),
                    label: id.into(),
                    description: None,
                    within: within.map(String::from),
                },
            );
        }
        v
    }

    fn s(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn wales_is_served_by_welsh_and_uk_wide_networks_not_international_ones() {
        let v = vocab();
        assert_eq!(v.serves(&s(&["wales"]), "wales"), Some(PlaceMatch::Direct));
        assert_eq!(
            v.serves(&s(&["uk-wide"]), "wales"),
            Some(PlaceMatch::Through("uk-wide"))
        );
        assert_eq!(v.serves(&s(&["international"]), "wales"), None);
        assert_eq!(v.serves(&s(&["europe"]), "wales"), None);
        assert_eq!(v.serves(&s(&["england"]), "wales"), None);
    }

    #[test]
    fn a_region_is_served_by_its_nation_and_uk_wide_transitively() {
        let v = vocab();
        let wm = "region:west-midlands";
        assert_eq!(v.serves(&s(&[wm]), wm), Some(PlaceMatch::Direct));
        assert_eq!(
            v.serves(&s(&["region:midlands"]), wm),
            Some(PlaceMatch::Through("region:midlands"))
        );
        assert_eq!(
            v.serves(&s(&["england"]), wm),
            Some(PlaceMatch::Through("england"))
        );
        assert_eq!(
            v.serves(&s(&["uk-wide"]), wm),
            Some(PlaceMatch::Through("uk-wide"))
        );
        // The nearest broader scope is named.
        assert_eq!(
            v.serves(&s(&["uk-wide", "england"]), wm),
            Some(PlaceMatch::Through("england"))
        );
        assert_eq!(v.serves(&s(&["region:london"]), wm), None);
        assert_eq!(v.serves(&s(&["wales"]), wm), None);
    }

    #[test]
    fn narrower_places_do_not_serve_broader_ones() {
        let v = vocab();
        assert_eq!(v.serves(&s(&["region:london"]), "england"), None);
        assert_eq!(v.serves(&s(&["england"]), "uk-wide"), None);
        assert_eq!(
            v.serves(&s(&["uk-wide"]), "uk-wide"),
            Some(PlaceMatch::Direct)
        );
        assert_eq!(
            v.serves(&s(&["international"]), "international"),
            Some(PlaceMatch::Direct)
        );
        assert_eq!(v.serves(&s(&["uk-wide"]), "international"), None);
        assert_eq!(v.serves(&[], "wales"), None);
    }

    #[test]
    fn with_several_places_chosen_a_direct_match_wins() {
        let v = vocab();
        assert_eq!(
            v.serves_any(&s(&["uk-wide"]), &["wales", "england"]),
            Some(PlaceMatch::Through("uk-wide"))
        );
        assert_eq!(
            v.serves_any(&s(&["uk-wide", "england"]), &["wales", "england"]),
            Some(PlaceMatch::Direct)
        );
        assert_eq!(v.serves_any(&s(&["europe"]), &["wales", "england"]), None);
        assert_eq!(v.serves_any(&s(&["europe"]), &[]), None);
    }

    #[test]
    fn places_served_lists_the_place_and_everything_within_it() {
        let v = vocab();
        assert_eq!(
            v.places_served(&s(&["england"])),
            [
                "england",
                "region:midlands",
                "region:west-midlands",
                "region:london"
            ]
        );
        assert_eq!(
            v.places_served(&s(&["uk-wide"])).len(),
            6,
            "everything but europe and international"
        );
        assert_eq!(v.places_served(&s(&["europe"])), ["europe"]);
        assert!(v.places_served(&[]).is_empty());
    }

    #[test]
    fn a_loop_in_the_vocabulary_cannot_hang_the_walk() {
        let mut v = vocab();
        v.insert(
            VocabKind::Scope,
            Term {
                id: "uk-wide".into(),
                label: "UK".into(),
                description: None,
                within: Some("region:london".into()),
            },
        );
        let chain = v.enclosing("region:london");
        assert_eq!(chain, ["region:london", "england", "uk-wide"]);
        assert_eq!(v.serves(&s(&["europe"]), "region:london"), None);
    }
}
