//! A value worth making only once a run has read enough for it to pay (or, for the gate's
//! set, once a run is known to be long): a pattern's regex compiled with its prefilter, the
//! gate's set of the rules' questions.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

/// A value made once `threshold` bytes have been counted towards it. The first thread to
/// find the count past the threshold makes it; until it is made, the others are told it is
/// not ready and go on without it, rather than wait (on two cores, waiting left one idle for
/// as long as the making took). [`Hot::make_now`] makes it before the threshold, on the same
/// terms. Were the making to panic, the value would stay unready: the run goes on without
/// it, slower, never wrong.
pub(crate) struct Hot<T> {
    pub(super) value: OnceLock<T>,
    /// Bytes counted before the count passed the threshold.
    seen: AtomicUsize,
    pub(super) threshold: usize,
    /// Set by the thread that makes the value.
    pub(super) making: AtomicBool,
}

impl<T> Hot<T> {
    pub fn new(threshold: usize) -> Hot<T> {
        Hot {
            value: OnceLock::new(),
            seen: AtomicUsize::new(0),
            threshold,
            making: AtomicBool::new(false),
        }
    }

    /// Whether the value is made, or is for this caller to make now ([`Hot::get_or_make`]),
    /// counting `bytes` towards the threshold until the count has passed it.
    pub fn ready(&self, bytes: usize) -> bool {
        if self.value.get().is_some() {
            return true;
        }
        if self.seen.load(Relaxed) < self.threshold {
            self.seen.fetch_add(bytes, Relaxed);
            return false;
        }
        !self.making.swap(true, Relaxed)
    }

    /// The value, made by `make` if it is not yet.
    pub fn get_or_make(&self, make: impl FnOnce() -> T) -> &T {
        self.value.get_or_init(make)
    }

    /// Makes the value now, whatever has been counted, unless another thread is making it:
    /// for a run known to be long enough to pay for it. Meanwhile the others go on without
    /// it, as they do while a thread past the threshold makes it.
    pub fn make_now(&self, make: impl FnOnce() -> T) {
        // The flag is taken before the making starts, so that a thread past the threshold
        // meanwhile is told "not ready" and goes on, instead of waiting on the `OnceLock`.
        if !self.making.swap(true, Relaxed) {
            self.get_or_make(make);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_past_the_threshold_makes_the_value_and_nobody_waits() {
        let hot = Hot::<u8>::new(10);
        assert!(!hot.ready(6), "6 counted");
        assert!(
            !hot.ready(6),
            "12 counted, from this call on past the threshold"
        );
        assert!(hot.ready(1), "this caller makes it");
        assert!(!hot.ready(1), "another goes on without it meanwhile");
        assert_eq!(hot.value.get(), None);
        assert_eq!(*hot.get_or_make(|| 7), 7);
        assert!(hot.ready(0) && hot.ready(0));
        assert_eq!(hot.value.get(), Some(&7));
        assert!(!Hot::<u8>::new(usize::MAX).ready(usize::MAX));
        assert!(Hot::<u8>::new(0).ready(0));
    }

    #[test]
    fn a_value_made_now_is_ready_at_once_and_made_once() {
        let hot = Hot::<u8>::new(usize::MAX);
        assert!(!hot.ready(1));
        hot.make_now(|| 7);
        assert!(hot.ready(0));
        assert_eq!(hot.value.get(), Some(&7));
        hot.make_now(|| unreachable!("made already"));
        // A thread past the threshold is making it: making it now leaves it to that thread.
        let busy = Hot::<u8>::new(0);
        assert!(busy.ready(0), "this caller makes it");
        busy.make_now(|| unreachable!("another thread is making it"));
        assert_eq!(busy.value.get(), None);
    }
}
