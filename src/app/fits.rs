//! The profile's fit: every document's fit, worked out when the profile
//! changes, and the learning tab's "first steps".

use super::App;
use crate::profile::{Profile, fit};
use crate::query::DocRef;

impl App {
    /// The fit of a document of tab `t`, when there is a profile.
    pub fn fit_of(&self, t: usize, doc: u32) -> Option<fit::Fit> {
        self.fits.get(t)?.get(doc as usize).copied()
    }

    /// The fit of the selected document of the current tab.
    pub fn selected_fit(&self) -> Option<fit::Fit> {
        self.fit_of(self.tab_index(), self.current().selected?)
    }

    /// Take a profile (already checked against the catalogue): work out
    /// every fit, and put both tabs in order of it from the top. An
    /// entry-level profile opens the learning tab on its first steps.
    /// The fit of every document of tab `t` to the profile (none without
    /// one).
    pub(super) fn fits_of(&self, t: usize) -> Vec<fit::Fit> {
        let cat = &self.catalogue;
        let p = &self.profile;
        if p.is_empty() {
            return Vec::new();
        }
        let rule = fit::Rule::new(&cat.vocab, p);
        self.tabs[t]
            .index
            .refs
            .iter()
            .map(|r| match *r {
                DocRef::Network(n) => cat
                    .networks
                    .with(n as usize, |net| rule.network(net))
                    .unwrap_or_default(),
                DocRef::Opportunity(n, o) => cat
                    .networks
                    .with(n as usize, |net| {
                        Some(rule.opportunity(net, net.opportunities.get(o as usize)?))
                    })
                    .flatten()
                    .unwrap_or_default(),
            })
            .collect()
    }

    pub fn set_profile(&mut self, profile: Profile) {
        self.profile = profile;
        // The two tabs on two threads (a large catalogue has many documents).
        let (networks, learning) = std::thread::scope(|s| {
            let learning = s.spawn(|| self.fits_of(1));
            let networks = self.fits_of(0);
            let learning = learning
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (networks, learning)
        });
        self.fits = [networks, learning];
        if self.profile.is_empty() {
            self.fits_only = false;
        }
        if self.first_steps {
            self.tabs[1].filters.clear();
            self.first_steps = false;
        }
        if self.profile.is_entry_level(&self.catalogue.vocab) {
            self.open_first_steps();
        }
        for t in 0..2 {
            self.refresh(t);
            let tab = &mut self.tabs[t];
            tab.select_at(Some(0));
            tab.offset = 0;
            tab.detail_scroll = 0;
        }
    }

    /// The learning tab on "first steps": free opportunities for the
    /// profile's (entry-level) career stage; fit orders them.
    pub(super) fn open_first_steps(&mut self) {
        let Some(stage) = self.profile.stage.clone() else {
            return;
        };
        let tab = &mut self.tabs[1];
        tab.filters.clear();
        for (key, value) in [("cost", "free"), ("stage", stage.as_str())] {
            if let Some((f, facet)) = tab.index.facet(key)
                && let Some(v) = facet.position(value)
            {
                tab.filters.set(f, v, true);
            }
        }
        self.first_steps = true;
    }
}
