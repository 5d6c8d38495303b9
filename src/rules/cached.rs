//! Compiled regexes searched through a cache of this thread's own.
//!
//! A `meta::Regex` keeps its caches in a shared pool: the first thread to search takes its
//! cache for free, but every other thread locks the pool twice a search. On two threads that
//! was 1.4 % of the CPU of checking a site, where the pattern rules search every block.

use std::cell::RefCell;

use regex_automata::{Input, meta};
use thread_local::ThreadLocal;

/// A compiled regex, with a cache for each thread that has searched with it (freed with it).
pub(crate) struct Cached {
    pub regex: meta::Regex,
    caches: ThreadLocal<RefCell<Option<Box<meta::Cache>>>>,
}

impl Cached {
    pub fn new(regex: meta::Regex) -> Cached {
        Cached {
            regex,
            caches: ThreadLocal::new(),
        }
    }

    /// Runs `search` with this thread's cache for the regex, made at its first use. The cache
    /// is taken out while `search` runs, so a search inside it gets a cache of its own.
    pub fn with<R>(&self, search: impl FnOnce(&meta::Regex, &mut meta::Cache) -> R) -> R {
        let slot = self.caches.get_or(|| RefCell::new(None));
        let mut cache = slot
            .borrow_mut()
            .take()
            .unwrap_or_else(|| Box::new(self.regex.create_cache()));
        let result = search(&self.regex, &mut cache);
        *slot.borrow_mut() = Some(cache);
        result
    }

    /// Whether the regex matches anywhere in `text` (stopping at the first match).
    pub fn is_match(&self, text: &str) -> bool {
        self.with(|regex, cache| regex.is_match_with(cache, &Input::new(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether this thread holds a cache for `cached`, put back after its last search.
    fn holds_cache(cached: &Cached) -> bool {
        cached
            .caches
            .get()
            .is_some_and(|slot| slot.borrow().is_some())
    }

    #[test]
    fn each_regex_searches_with_a_cache_of_this_threads_own() {
        let cure = Cached::new(meta::Regex::new(r"\bcure\b").unwrap());
        let miracle = Cached::new(meta::Regex::new(r"(?i)miracle").unwrap());
        assert!(!holds_cache(&cure));
        for _ in 0..3 {
            assert!(cure.is_match("a cure"));
            assert!(!cure.is_match("secure"));
            assert!(miracle.is_match("MIRACLE"));
            assert!(!miracle.is_match("cure"));
        }
        assert!(holds_cache(&cure) && holds_cache(&miracle));
        // The cache a search used is the one the next search gets.
        let address = |cached: &Cached| cached.with(|_, cache| std::ptr::from_mut(cache) as usize);
        let first = address(&cure);
        let other = address(&miracle);
        assert_eq!(address(&cure), first);
        assert_ne!(first, other);
        // A search inside a search of the same regex is given a cache of its own, and the
        // outer one's is kept.
        let nested = cure.with(|regex, cache| {
            assert!(!holds_cache(&cure), "taken out while in use");
            let outer = regex.is_match_with(cache, &Input::new("no cure here"));
            (
                outer,
                cure.is_match("cure"),
                std::ptr::from_mut(cache) as usize,
            )
        });
        assert_eq!(nested, (true, true, first));
        assert_eq!(address(&cure), first);
        // Another thread makes caches of its own.
        std::thread::scope(|scope| {
            scope.spawn(|| {
                assert!(!holds_cache(&cure));
                assert!(cure.is_match("a cure") && !miracle.is_match("none"));
                assert!(holds_cache(&cure));
            });
        });
    }
}
