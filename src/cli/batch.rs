//! Runs the conversions of a batch on worker threads and hands the results
//! back strictly in input order.
//!
//! Workers take the next index from a shared counter, but never run more
//! than a fixed window ahead of the result the caller is waiting for. Results
//! that finish early wait in a small reorder buffer, so memory holds at most
//! `window` documents however long the batch is, and output order does not
//! depend on which file happened to convert fastest.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;

/// How many items each worker may be ahead of delivery. A few per worker
/// keeps every worker busy when one file is slow, without letting the
/// reorder buffer grow with the batch.
const WINDOW_PER_WORKER: usize = 4;

struct State<R> {
    /// The next index a worker may take.
    next: usize,
    /// How many results were delivered (the index awaited next).
    delivered: usize,
    /// Finished results not yet delivered.
    ready: BTreeMap<usize, Result<R, String>>,
    /// Set when the caller stopped early; workers take no more items.
    stop: bool,
}

/// Calls `work` on every item using `jobs` threads and `deliver` on the
/// results in item order, on the calling thread. A panic in `work` is
/// caught and delivered as `Err(message)` so one bad item cannot hang or
/// abort the batch. `deliver` returning `Break` stops the batch: items
/// already started finish, no new ones start, and the break is returned.
pub fn for_each_ordered<T, R, B>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut deliver: impl FnMut(usize, Result<R, String>) -> ControlFlow<B>,
) -> ControlFlow<B>
where
    T: Sync,
    R: Send,
{
    let workers = jobs.clamp(1, items.len().max(1));
    let window = workers * WINDOW_PER_WORKER;
    let state = Mutex::new(State {
        next: 0,
        delivered: 0,
        ready: BTreeMap::new(),
        stop: false,
    });
    let changed = Condvar::new();

    thread::scope(|scope| {
        if !items.is_empty() {
            for _ in 0..workers {
                scope.spawn(|| worker(items, window, &work, &state, &changed));
            }
        }
        loop {
            let (index, result) = {
                let mut guard = lock(&state);
                loop {
                    if guard.delivered == items.len() {
                        return ControlFlow::Continue(());
                    }
                    let index = guard.delivered;
                    if let Some(result) = guard.ready.remove(&index) {
                        guard.delivered += 1;
                        // The window moved: a waiting worker may start.
                        changed.notify_all();
                        break (index, result);
                    }
                    guard = changed.wait(guard).unwrap_or_else(PoisonError::into_inner);
                }
            };
            // Deliver without holding the lock, so workers keep going while
            // the result is written out.
            if let ControlFlow::Break(b) = deliver(index, result) {
                lock(&state).stop = true;
                changed.notify_all();
                return ControlFlow::Break(b);
            }
        }
    })
}

fn worker<T, R>(
    items: &[T],
    window: usize,
    work: &(impl Fn(&T) -> R + Sync),
    state: &Mutex<State<R>>,
    changed: &Condvar,
) {
    loop {
        let index = {
            let mut guard = lock(state);
            loop {
                if guard.stop || guard.next >= items.len() {
                    return;
                }
                if guard.next < guard.delivered + window {
                    let index = guard.next;
                    guard.next += 1;
                    break index;
                }
                guard = changed.wait(guard).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let result = catch_unwind(AssertUnwindSafe(|| work(&items[index])))
            .map_err(|payload| panic_message(payload.as_ref()));
        lock(state).ready.insert(index, result);
        changed.notify_all();
    }
}

/// Locks the state even if a thread panicked while holding it: every update
/// leaves the state consistent, and the panic itself is reported as a result.
fn lock<R>(state: &Mutex<State<R>>) -> MutexGuard<'_, State<R>> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn delivers_in_order_whatever_the_finishing_order() {
        let items: Vec<usize> = (0..200).collect();
        let mut seen = Vec::new();
        let flow: ControlFlow<()> = for_each_ordered(
            &items,
            4,
            |&i| {
                // Early items are the slowest, so they finish last.
                thread::sleep(Duration::from_micros(((200 - i) % 7) as u64 * 100));
                i * 2
            },
            |index, result| {
                seen.push((index, result));
                ControlFlow::Continue(())
            },
        );
        assert!(flow.is_continue());
        let expected: Vec<(usize, Result<usize, String>)> =
            (0..200).map(|i| (i, Ok(i * 2))).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn never_runs_more_than_the_window_ahead() {
        let items: Vec<usize> = (0..100).collect();
        let started = AtomicUsize::new(0);
        let mut max_ahead = 0;
        let _: ControlFlow<()> = for_each_ordered(
            &items,
            2,
            |_| started.fetch_add(1, Ordering::SeqCst),
            |index, _| {
                thread::sleep(Duration::from_micros(200));
                // Items started but not yet handed over (this one counts as
                // handed over: its slot in the window is already free).
                max_ahead = max_ahead.max(started.load(Ordering::SeqCst) - (index + 1));
                ControlFlow::Continue(())
            },
        );
        assert!(max_ahead <= 2 * WINDOW_PER_WORKER, "ran {max_ahead} ahead");
    }

    #[test]
    fn a_panic_is_delivered_as_an_error_and_break_stops() {
        let items: Vec<usize> = (0..50).collect();
        let mut delivered = Vec::new();
        let flow = for_each_ordered(
            &items,
            3,
            |&i| {
                if i == 1 {
                    panic!("boom");
                }
                i
            },
            |index, result| {
                delivered.push(result.clone());
                if index == 2 {
                    ControlFlow::Break(index)
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(flow, ControlFlow::Break(2));
        assert_eq!(delivered, vec![Ok(0), Err("boom".to_string()), Ok(2)]);
    }

    #[test]
    fn empty_batch() {
        let flow: ControlFlow<()> =
            for_each_ordered(&[] as &[u8], 4, |_| (), |_, _| ControlFlow::Continue(()));
        assert!(flow.is_continue());
    }
}
