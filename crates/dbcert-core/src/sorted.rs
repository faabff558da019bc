//! Sorted lists built by insertion: one small generic function (a binary search and a
//! `Vec::insert`) instead of the standard library's sorts, whose quicksort, heapsort and
//! small-sort are compiled again for every element type (2–3.4 KB of WebAssembly each). The
//! lists sorted in dbcert are short: names' attributes, imports, TLS versions, a certificate's
//! issuer candidates, a keystore's aliases.

/// Inserts `x` after any equal items (`keep_equal`) or not at all when one is there already.
pub(crate) fn insert<T: Ord>(v: &mut Vec<T>, x: T, keep_equal: bool) {
    match v.binary_search(&x) {
        Ok(i) if keep_equal => v.insert(i, x),
        Ok(_) => {}
        Err(i) => v.insert(i, x),
    }
}

/// The items in ascending order, equal ones kept.
pub(crate) fn collect<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut v = Vec::new();
    for x in items {
        insert(&mut v, x, true);
    }
    v
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
            insert(&mut unique, x, false);
        }
        expected.dedup();
        assert_eq!(unique, expected);
    }
}
