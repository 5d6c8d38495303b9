//! Compiled regexes searched through a cache of this thread's own.
//!
//! A `meta::Regex` keeps its caches in a shared pool: the first thread to search takes its
//! cache for free, but every other thread locks the pool twice a search. On two threads that
//! was 1.4 % of the CPU of checking a site, where the pattern rules search every block.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use regex_automata::{Input, meta};

/// A compiled regex, and the number its caches are kept under in each thread.
pub(crate) struct Cached {
    pub regex: meta::Regex,
    id: usize,
}

/// The number of the next regex compiled in this process: never given twice, so a cache
/// is never used with a regex it was not made for.
static NEXT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's cache for each regex it has searched with, by number.
    static CACHES: RefCell<Vec<Option<Box<meta::Cache>>>> = const { RefCell::new(Vec::new()) };
}

impl Cached {
    pub fn new(regex: meta::Regex) -> Cached {
        Cached {
            regex,
            id: NEXT.fetch_add(1, Relaxed),
        }
    }

    /// Runs `search` with this thread's cache for the regex, made at its first use. The cache
    /// is taken out while `search` runs, so a search inside it gets a cache of its own.
    pub fn with<R>(&self, search: impl FnOnce(&meta::Regex, &mut meta::Cache) -> R) -> R {
        let mut cache = CACHES
            .with_borrow_mut(|caches| caches.get_mut(self.id).and_then(Option::take))
            .unwrap_or_else(|| Box::new(self.regex.create_cache()));
        let result = search(&self.regex, &mut cache);
        CACHES.with_borrow_mut(|caches| {
            if caches.len() <= self.id {
                caches.resize_with(self.id + 1, || None);
            }
            caches[self.id] = Some(cache);
        });
        result
    }

    /// Whether the regex matches anywhere in `text` (stopping at the first match).
    pub fn is_match(&self, text: &str) -> bool {
        self.with(|regex, cache| {
            regex
                .search_half_with(cache, &Input::new(text).earliest(true))
                .is_some()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_regex_searches_with_a_cache_of_its_own() {
        let cure = Cached::new(meta::Regex::new(r"\bcure\b").unwrap());
        let miracle = Cached::new(meta::Regex::new(r"(?i)miracle").unwrap());
        for _ in 0..3 {
            assert!(cure.is_match("a cure"));
            assert!(!cure.is_match("secure"));
            assert!(miracle.is_match("MIRACLE"));
            assert!(!miracle.is_match("cure"));
        }
        // Each regex keeps its own cache from one search to the next.
        let address = |cached: &Cached| cached.with(|_, cache| std::ptr::from_mut(cache) as usize);
        assert_eq!(address(&cure), address(&cure));
        assert_ne!(address(&cure), address(&miracle));
        // A search inside a search of the same regex is given a cache of its own.
        let nested = cure.with(|regex, cache| {
            let outer = regex.search_half_with(cache, &Input::new("no cure here"));
            (outer.is_some(), cure.is_match("cure"))
        });
        assert_eq!(nested, (true, true));
        assert!(cure.is_match("cure"));
        // Another thread has caches of its own.
        std::thread::scope(|scope| {
            scope.spawn(|| assert!(cure.is_match("a cure") && !miracle.is_match("none")));
        });
    }
}
