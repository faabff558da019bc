//! Sorting without the standard library's sorts, whose quicksort, heapsort and small-sort are
//! compiled again for every element type (2–3.4 KB of WebAssembly each): a plain merge sort
//! (O(n log n), stable) and sorted insertion for lists with few distinct items.

/// Inserts `x` in order unless an equal item is there already. Quadratic in the list's length:
/// for lists with few distinct items whatever the input (TLS versions, a Go program's imports).
pub(crate) fn insert_unique<T: Ord>(v: &mut Vec<T>, x: T) {
    if let Err(i) = v.binary_search(&x) {
        v.insert(i, x);
    }
}

/// The items in ascending order, equal ones kept in their order (a merge sort).
#[cfg_attr(not(feature = "bundles"), allow(dead_code))]
pub(crate) fn collect<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    sort(items.into_iter().collect())
}

#[cfg_attr(not(feature = "bundles"), allow(dead_code))]
fn sort<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    if v.len() < 2 {
        return v;
    }
    let right = sort(v.split_off(v.len() / 2));
    let left = sort(v);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(a), Some(b)) = (left.peek(), right.peek()) {
        // Ties take from the left: stable.
        let next = if b < a { right.next() } else { left.next() };
        out.extend(next);
    }
    out.extend(left);
    out.extend(right);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library() {
        let items = [5u8, 3, 9, 3, 0, 255, 5, 1];
        let mut expected = items.to_vec();
        expected.sort_unstable();
        assert_eq!(collect(items), expected);
        let mut unique = Vec::new();
        for x in items {
            insert_unique(&mut unique, x);
        }
        expected.dedup();
        assert_eq!(unique, expected);
        // Stable, and n log n: 200,000 items in well under a second.
        let keys: Vec<u32> = (0..200_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) % 1000)
            .collect();
        let mut expected: Vec<(u32, u32)> = keys.iter().copied().zip(0..).collect();
        expected.sort_by_key(|p| p.0);
        let sorted = collect(keys.iter().zip(0..).map(|(k, i)| Key(*k, i)));
        assert!(sorted.iter().map(|k| (k.0, k.1)).eq(expected));
    }

    /// Ordered by the first field only: shows stability.
    #[derive(Debug)]
    struct Key(u32, u32);
    impl PartialEq for Key {
        fn eq(&self, o: &Self) -> bool {
            self.0 == o.0
        }
    }
    impl Eq for Key {}
    impl PartialOrd for Key {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Key {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            self.0.cmp(&o.0)
        }
    }
}
