//! The search worker: one thread that runs the searches the app asks for
//! (`Effect::Search`) and hands the results back as actions. Requests that
//! a newer one of the same tab has overtaken while waiting are not run at
//! all; results that arrive late are dropped by `update` (by generation).

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

use crate::app::{Action, SearchRequest};

/// How often the event loop looks for results while a search runs.
pub const POLL: Duration = Duration::from_millis(4);

pub struct Searcher {
    /// None when the thread could not be started: searches then run here.
    jobs: Option<Sender<SearchRequest>>,
    done: Option<Receiver<Action>>,
}

impl Searcher {
    pub fn start() -> Searcher {
        let (jobs, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, done) = mpsc::channel::<Action>();
        let started = thread::Builder::new()
            .name("hinet-search".into())
            .spawn(move || work(&inbox, &outbox));
        match started {
            Ok(_) => Searcher {
                jobs: Some(jobs),
                done: Some(done),
            },
            Err(_) => Searcher {
                jobs: None,
                done: None,
            },
        }
    }

    /// Ask for a search; without a worker, run it now.
    pub fn search(&mut self, request: SearchRequest) -> Vec<Action> {
        if let Some(jobs) = &self.jobs {
            match jobs.send(request) {
                Ok(()) => return Vec::new(),
                Err(mpsc::SendError(request)) => {
                    // The worker is gone (it panicked): search here from now on.
                    self.jobs = None;
                    self.done = None;
                    let outcome = request.run();
                    return vec![request.answer(outcome)];
                }
            }
        }
        let outcome = request.run();
        vec![request.answer(outcome)]
    }

    /// The results that have arrived, without waiting.
    pub fn results(&self) -> Vec<Action> {
        self.done
            .as_ref()
            .map(|d| d.try_iter().collect())
            .unwrap_or_default()
    }
}

/// The worker's loop: take every request waiting, run only the newest of
/// each tab, send its results; end when the app drops its sender.
fn work(inbox: &Receiver<SearchRequest>, outbox: &Sender<Action>) {
    while let Ok(first) = inbox.recv() {
        let batch = newest(std::iter::once(first).chain(inbox.try_iter()));
        for request in batch {
            let outcome = request.run();
            if outbox.send(request.answer(outcome)).is_err() {
                return;
            }
        }
    }
}

/// The newest request of each tab, in the order the tabs were last asked.
fn newest(requests: impl Iterator<Item = SearchRequest>) -> Vec<SearchRequest> {
    let mut out: Vec<SearchRequest> = Vec::new();
    for r in requests {
        out.retain(|o| o.tab != r.tab);
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn request(
        index: &Arc<crate::query::Index>,
        tab: usize,
        generation: u64,
        q: &str,
    ) -> SearchRequest {
        SearchRequest {
            tab,
            generation,
            index: Arc::clone(index),
            memo: Arc::default(),
            query: crate::query::Query::parse(q),
            filters: crate::query::Filters::new(index),
            allow: None,
        }
    }

    fn index() -> Arc<crate::query::Index> {
        let cat = crate::catalogue::load(
            &crate::catalogue::Source::Bundled,
            &crate::catalogue::LoadOptions::default(),
        )
        .expect("the bundled catalogue loads");
        Arc::new(crate::query::Indexes::build(&cat).networks)
    }

    #[test]
    fn only_the_newest_request_of_each_tab_is_run() {
        let ix = index();
        let batch = newest(
            [
                request(&ix, 0, 1, "a"),
                request(&ix, 1, 1, "b"),
                request(&ix, 0, 2, "ab"),
                request(&ix, 0, 3, "abc"),
            ]
            .into_iter(),
        );
        let seen: Vec<(usize, u64)> = batch.iter().map(|r| (r.tab, r.generation)).collect();
        assert_eq!(seen, [(1, 1), (0, 3)]);
    }

    #[test]
    fn the_worker_answers_with_the_results_of_the_request() {
        let ix = index();
        let mut s = Searcher::start();
        let r = request(&ix, 0, 7, "data");
        let expected = r.run();
        assert!(!expected.hits.is_empty(), "the query finds something");
        assert!(s.search(r).is_empty(), "the search runs on the worker");
        // Wait for the answer (recv blocks; no timing is asserted).
        let answer = s
            .done
            .as_ref()
            .and_then(|d| d.recv().ok())
            .expect("the worker answers");
        assert_eq!(
            answer,
            Action::Searched {
                tab: 0,
                generation: 7,
                outcome: expected
            }
        );
    }
}
