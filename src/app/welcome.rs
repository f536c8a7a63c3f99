//! The welcome: four short questions (profession, career stage, nation or
//! region, sector) as pick lists with the number of networks for each
//! answer. Every question may be skipped, `Esc` skips the rest (keeping what
//! is picked so far), and the
//! answers become the profile of "Which networks fit me?" (DESIGN §3.2).
//! Asked once on the first start; the profile key opens it again.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Command, Effect, Focus, Key, Layer};
use crate::catalogue::Catalogue;
use crate::profile::{Field, Profile};
use crate::query::{Filters, Index, Query};

/// One answer of a question: a vocabulary value and how many networks have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub count: usize,
}

/// The state of the welcome questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Welcome {
    /// The question on screen: an index into `Field::ALL`.
    pub step: usize,
    /// The answer under the cursor.
    pub cursor: usize,
    /// The answers of each question, in vocabulary order.
    pub options: [Vec<Choice>; 4],
    /// What is picked for each question (indexes into `options`).
    pub picked: [Vec<usize>; 4],
}

impl Welcome {
    /// The questions, with the answers of `current` already picked.
    pub fn new(cat: &Catalogue, networks: &Index, current: &Profile) -> Welcome {
        let counts = counts(cat, networks);
        let options = Field::ALL.map(|f| {
            cat.vocab
                .terms(f.vocab())
                .iter()
                .zip(&counts[f.index()])
                .map(|(t, n)| Choice {
                    id: t.id.clone(),
                    label: t.label.clone(),
                    count: *n,
                })
                .collect::<Vec<_>>()
        });
        let picked = Field::ALL.map(|f| {
            current
                .values(f)
                .iter()
                .filter_map(|v| options[f.index()].iter().position(|c| c.id == *v))
                .collect()
        });
        let mut w = Welcome {
            step: 0,
            cursor: 0,
            options,
            picked,
        };
        w.cursor = w.start_cursor();
        w
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.step.min(3)]
    }

    pub fn choices(&self) -> &[Choice] {
        &self.options[self.step.min(3)]
    }

    pub fn is_picked(&self, i: usize) -> bool {
        self.picked[self.step.min(3)].contains(&i)
    }

    /// The profile the answers make.
    pub fn profile(&self) -> Profile {
        let mut p = Profile::default();
        for f in Field::ALL {
            let i = f.index();
            let mut chosen = self.picked[i].clone();
            chosen.sort_unstable();
            p.set(
                f,
                chosen
                    .into_iter()
                    .filter_map(|c| self.options[i].get(c).map(|o| o.id.clone()))
                    .collect(),
            );
        }
        p
    }

    /// Where the cursor starts on a question: on the first picked answer.
    fn start_cursor(&self) -> usize {
        self.picked[self.step.min(3)]
            .iter()
            .min()
            .copied()
            .unwrap_or(0)
    }

    fn toggle(&mut self) {
        let (step, cursor) = (self.step.min(3), self.cursor);
        if cursor >= self.options[step].len() {
            return;
        }
        let picked = &mut self.picked[step];
        if let Some(at) = picked.iter().position(|p| *p == cursor) {
            picked.remove(at);
        } else if Field::ALL[step].multiple() {
            picked.push(cursor);
        } else {
            *picked = vec![cursor];
        }
    }

    fn go_to(&mut self, step: usize) {
        self.step = step;
        self.cursor = self.start_cursor();
    }
}

/// For each field, how many networks have each of its values: the counts
/// of the networks tab's filter panes with no query and no filter, so the
/// welcome and the panes always agree (places by the place rule).
fn counts(cat: &Catalogue, networks: &Index) -> [Vec<usize>; 4] {
    let all = networks.search(&Query::default(), &Filters::new(networks), None);
    Field::ALL.map(|f| {
        let facet = networks.facet(f.key());
        cat.vocab
            .terms(f.vocab())
            .iter()
            .map(|t| {
                facet
                    .and_then(|(i, facet)| all.counts.get(i)?.get(facet.position(&t.id)?))
                    .map_or(0, |n| *n as usize)
            })
            .collect()
    })
}

impl App {
    /// Open the welcome questions, with the current profile picked.
    pub fn open_welcome(&mut self) {
        self.welcome = Some(Welcome::new(
            &self.catalogue,
            &self.tabs[0].index,
            &self.profile,
        ));
    }

    /// End the welcome: keep `profile`, and remember that it was asked.
    fn finish_welcome(&mut self, profile: Profile, skipped: bool) -> Vec<Effect> {
        self.welcome = None;
        let changed = profile != self.profile;
        self.set_profile(profile.clone());
        // The keys named are commands: from the search box, Esc comes first.
        let command = |c: Command| {
            let k = self.keymap.key_label(c);
            if self.focus == Focus::Search {
                format!(
                    "{} then {k}",
                    self.keymap.label_in(Layer::Search, Command::Back)
                )
            } else {
                k
            }
        };
        self.status = Some(if skipped && !changed {
            format!("Skipped; {} asks again", command(Command::Profile))
        } else if profile.is_empty() {
            "No profile: every network is shown as before".to_string()
        } else {
            format!(
                "Profile saved: networks are in order of fit; {} shows only what fits",
                command(Command::FitsOnly)
            )
        });
        vec![Effect::SaveProfile(profile)]
    }

    /// A key while the welcome is open. Movement, picking, next (Enter),
    /// skip this question (Tab), skip the rest (Esc) come from the keymap;
    /// Backspace goes back a question.
    pub(super) fn welcome_key(&mut self, ev: &KeyEvent) -> Vec<Effect> {
        let Some(w) = self.welcome.as_mut() else {
            return Vec::new();
        };
        if ev.code == KeyCode::Backspace {
            let back = w.step.saturating_sub(1);
            w.go_to(back);
            return Vec::new();
        }
        let n = w.choices().len();
        match self.keymap.command_for(Key::from_event(ev)) {
            Some(Command::Down) => w.cursor = (w.cursor + 1).min(n.saturating_sub(1)),
            Some(Command::Up) => w.cursor = w.cursor.saturating_sub(1),
            Some(Command::PageDown) => w.cursor = (w.cursor + 8).min(n.saturating_sub(1)),
            Some(Command::PageUp) => w.cursor = w.cursor.saturating_sub(8),
            Some(Command::Top) => w.cursor = 0,
            Some(Command::Bottom) => w.cursor = n.saturating_sub(1),
            Some(Command::Toggle) => w.toggle(),
            Some(c @ (Command::Open | Command::NextPane)) => {
                // Enter takes the answer under the cursor: on a question of
                // one answer, in place of the one picked; on a question of
                // several, when none is picked. Tab moves on without picking.
                let step = w.step.min(3);
                if c == Command::Open {
                    if !Field::ALL[step].multiple() {
                        if w.cursor < n {
                            w.picked[step] = vec![w.cursor];
                        }
                    } else if w.picked[step].is_empty() {
                        w.toggle();
                    }
                }
                if w.step + 1 >= Field::ALL.len() {
                    let p = w.profile();
                    return self.finish_welcome(p, false);
                }
                let next = w.step + 1;
                w.go_to(next);
            }
            Some(Command::PrevPane) => {
                let back = w.step.saturating_sub(1);
                w.go_to(back);
            }
            Some(Command::Back) => {
                // Skip the rest: what is picked so far is kept (the answers
                // already given, or the profile the welcome reopened with).
                let p = w.profile();
                return self.finish_welcome(p, true);
            }
            Some(Command::Quit) => self.quit = true,
            _ => {}
        }
        Vec::new()
    }
}
