//! Stable sorting through one shared copy of the standard library's sort.
//!
//! Not a port of an upstream file. `slice::sort_by` is generic over the element and the
//! comparator, so every call site compiled its own 4 KB copy of the sort (about 200 KB of the
//! web app). These helpers sort a list of positions with one non-generic comparator call
//! and then move the elements into place, so each call site adds only a few hundred bytes.
//! The result is the same as `sort_by`/`sort_by_key`: stable, equal elements keep their order.

use std::cmp::Ordering;

/// `v.sort_by(cmp)`.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        positions(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    apply(v, order);
}

/// `v.sort_by_key(key)`.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`.
pub fn ord<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The positions `0..len` in sorted order: the one instantiation of the standard sort.
fn positions(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| cmp(*a, *b));
    order
}

/// Moves `v[order[i]]` to `v[i]` by following the permutation's cycles with swaps.
fn apply<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut cur = start;
        // Each cycle is walked once: a visited slot points at itself afterwards.
        while order[cur] != start {
            let next = order[cur];
            v.swap(cur, next);
            order[cur] = cur;
            cur = next;
        }
        order[cur] = cur;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut seed = 7u64;
        for len in 0..60 {
            let mut a: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut b = a.clone();
            by_key(&mut a, |x| x.0);
            b.sort_by_key(|x| x.0);
            assert_eq!(a, b, "len {len}");
            ord(&mut a);
            b.sort();
            assert_eq!(a, b);
            by(&mut a, |x, y| y.cmp(x));
            b.sort_by(|x, y| y.cmp(x));
            assert_eq!(a, b);
        }
    }

    #[test]
    fn equal_elements_keep_their_order() {
        let mut v = vec![("b", 1), ("a", 2), ("b", 3), ("a", 4)];
        by_key(&mut v, |x| x.0);
        assert_eq!(v, vec![("a", 2), ("a", 4), ("b", 1), ("b", 3)]);
    }
}
