//! Linear-time checks that do not depend on the machine's speed: the same
//! work on an input of size `n` and of size `10 n`, timed in the same test.
//! Linear work takes about 10x as long, quadratic work about 100x; the bound
//! is 30x, and a pair over it is measured again (up to 3 pairs), so load from
//! other processes cannot fail the check but a quadratic case always does.
//! Shared by `generator/tests/resource_bounds.rs` and the parser's unit tests
//! (`sources/markdown/tests/fuzz.rs`).

use std::time::{Duration, Instant};

/// The largest accepted ratio of the time at `10 n` to the time at `n`.
pub const BOUND: f64 = 30.0;

/// Builds the inputs `make(n)` and `make(10 n)` (untimed), checks the result
/// of `work` on both (`work` returns `Err` for a wrong result), and asserts
/// that the larger one takes at most [`BOUND`] times as long. The time of
/// the smaller input is the fastest of three runs, of the larger the faster
/// of two. Returns the ratio.
pub fn assert_linear<T>(
    name: &str,
    n: usize,
    make: impl Fn(usize) -> T,
    work: impl Fn(&T, usize) -> Result<(), String>,
) -> f64 {
    let (small, large) = (make(n), make(10 * n));
    let timed = |input: &T, size: usize| {
        let t = Instant::now();
        if let Err(e) = work(input, size) {
            panic!("{name} at size {size}: {e}");
        }
        t.elapsed()
    };
    let mut ratios = Vec::new();
    for _ in 0..3 {
        let t_small = (0..3)
            .map(|_| timed(&small, n))
            .min()
            .unwrap_or(Duration::ZERO);
        let t_large = (0..2)
            .map(|_| timed(&large, 10 * n))
            .min()
            .unwrap_or(Duration::ZERO);
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
        println!(
            "{name}: n = {n}: {t_small:?}, 10n: {t_large:?}, ratio {ratio:.1}x (bound {BOUND}x)"
        );
        if ratio <= BOUND {
            return ratio;
        }
        ratios.push(ratio);
    }
    panic!(
        "{name}: 10x the input took {ratios:.1?} times as long (bound {BOUND}x): \
         not linear in the input size"
    );
}
