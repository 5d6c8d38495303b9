//! Work on many items in parallel, results handed on in the items' order as soon as they
//! can be, with a bounded number of results waiting: how `check` lints a tree's files and
//! writes the report in path order.
//!
//! Each thread of the pool takes the next item, works on it, and puts the result in its
//! place. Whoever puts the result that the report is waiting for hands on every result
//! ready in order from there, while the others go on working. No thread waits for another
//! at the end of a batch, as they did when files were linted 256 at a time (a sleep and a
//! wake-up a batch, 150 batches for a tree of 38,000 files); a thread waits only when it is
//! `window` items ahead of the report.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

/// What the threads share.
struct State<T> {
    /// The next item to take.
    next: usize,
    /// How many results have been handed on.
    handed: usize,
    /// The results from item `handed` on, where they are done.
    ready: VecDeque<Option<T>>,
    /// Whether a thread is handing results on.
    handing: bool,
    /// How many threads wait for room: only then is the condition signalled (a signal is a
    /// system call, even with nobody to wake).
    waiting: usize,
    /// Whether `work` or `hand_on` panicked: a result will never come or be handed on, so
    /// nobody waits for room any more, and every thread stops.
    panicked: bool,
}

/// Runs `work` on items `0..count` on every thread of `pool`, and gives the results to
/// `hand_on` in item order, a run of consecutive results at a time. At most `window` items
/// are taken past the last result handed on, so that at most about `window` results are
/// held at once (and the run being handed on).
pub(super) fn in_order<T: Send>(
    pool: &rayon::ThreadPool,
    count: usize,
    window: usize,
    work: impl Fn(usize) -> T + Sync,
    hand_on: impl FnMut(Vec<T>) + Send,
) {
    let window = window.max(1);
    let state = Mutex::new(State {
        next: 0,
        handed: 0,
        ready: VecDeque::with_capacity(window),
        handing: false,
        waiting: 0,
        panicked: false,
    });
    // Signalled when results are handed on, so that a thread too far ahead may go on.
    let room = Condvar::new();
    let hand_on = Mutex::new(hand_on);
    pool.broadcast(|_| {
        // A panic in `work` or `hand_on` loses a result, or leaves `handing` set: the others
        // are told to stop rather than wait for room that would never come, and the pool
        // hands the panic on to the caller.
        let _stop_on_panic = OnPanic(|| {
            lock(&state).panicked = true;
            room.notify_all();
        });
        loop {
            let index = {
                let mut shared = lock(&state);
                while !shared.panicked
                    && shared.next < count
                    && shared.next >= shared.handed + window
                {
                    shared.waiting += 1;
                    shared = room
                        .wait(shared)
                        .unwrap_or_else(|poison| poison.into_inner());
                    shared.waiting -= 1;
                }
                if shared.panicked || shared.next >= count {
                    return;
                }
                shared.next += 1;
                shared.next - 1
            };
            let result = work(index);
            let mut shared = lock(&state);
            let place = index - shared.handed;
            if shared.ready.len() <= place {
                shared.ready.resize_with(place + 1, || None);
            }
            shared.ready[place] = Some(result);
            // Another thread is handing on: it looks again for ready results before it stops.
            if shared.handing {
                continue;
            }
            shared.handing = true;
            loop {
                let mut run = Vec::new();
                while let Some(Some(_)) = shared.ready.front() {
                    run.extend(shared.ready.pop_front().flatten());
                }
                if run.is_empty() {
                    shared.handing = false;
                    break;
                }
                shared.handed += run.len();
                if shared.waiting > 0 {
                    room.notify_all();
                }
                drop(shared);
                (lock(&hand_on))(run);
                shared = lock(&state);
            }
        }
    });
}

/// Runs its closure when dropped while the thread panics (after the locks the panicking code
/// held are released: they are dropped first).
struct OnPanic<F: Fn()>(F);

impl<F: Fn()> Drop for OnPanic<F> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            (self.0)();
        }
    }
}

/// A lock, taken even if a thread panicked while holding it (the panic goes on to the
/// caller through the pool anyway).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::AssertUnwindSafe;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// Items that take uneven times: every seventh much longer than the rest.
    fn uneven(index: usize) -> usize {
        let spins = if index.is_multiple_of(7) { 20_000 } else { 100 };
        let mut sum = index;
        for step in 0..spins {
            sum = std::hint::black_box(sum.wrapping_mul(31).wrapping_add(step));
        }
        std::hint::black_box(sum);
        index
    }

    #[test]
    fn results_are_handed_on_in_order_each_once() {
        for threads in [1, 2, 4] {
            for (count, window) in [(0, 8), (1, 8), (1_000, 1), (1_000, 3), (1_000, 64)] {
                let mut seen = Vec::new();
                in_order(&pool(threads), count, window, uneven, |run| {
                    seen.extend(run)
                });
                assert_eq!(
                    seen,
                    (0..count).collect::<Vec<_>>(),
                    "{threads} {count} {window}"
                );
            }
        }
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller_and_nobody_waits_for_its_result() {
        for threads in [1, 2, 4] {
            let handed = AtomicUsize::new(0);
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                in_order(
                    &pool(threads),
                    1_000,
                    2,
                    |index| {
                        assert_ne!(index, 5, "item 5 fails");
                        uneven(index)
                    },
                    |run| {
                        handed.fetch_add(run.len(), SeqCst);
                    },
                );
            }));
            assert!(outcome.is_err(), "{threads} threads");
            // Nothing at or after the failed item was handed on.
            assert!(handed.load(SeqCst) <= 5, "{}", handed.load(SeqCst));
        }
    }

    #[test]
    fn a_panic_while_handing_on_reaches_the_caller_and_nobody_waits_for_room() {
        for threads in [1, 2, 4] {
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                in_order(&pool(threads), 1_000, 2, uneven, |run| {
                    assert!(!run.contains(&3), "handing on item 3 fails");
                });
            }));
            assert!(outcome.is_err(), "{threads} threads");
        }
    }

    /// A result that counts how many are alive.
    struct Counted<'a>(&'a AtomicUsize);

    impl<'a> Counted<'a> {
        fn new(alive: &'a AtomicUsize, most: &AtomicUsize) -> Counted<'a> {
            most.fetch_max(alive.fetch_add(1, SeqCst) + 1, SeqCst);
            Counted(alive)
        }
    }

    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, SeqCst);
        }
    }

    #[test]
    fn at_most_a_window_of_results_waits_besides_the_run_handed_on() {
        let window = 5;
        let (alive, most, handed) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        in_order(
            &pool(4),
            2_000,
            window,
            |index| {
                uneven(index);
                Counted::new(&alive, &most)
            },
            |run| {
                handed.fetch_add(run.len(), SeqCst);
            },
        );
        assert_eq!(handed.load(SeqCst), 2_000);
        assert!(most.load(SeqCst) <= 2 * window, "{}", most.load(SeqCst));
    }
}
