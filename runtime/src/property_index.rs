//! A hash index over a generated struct's property names, so reading a row
//! costs one hash and (almost always) one string comparison per key, instead
//! of a `match` or binary search over up to a few hundred names.

use std::sync::OnceLock;

/// Marks an empty slot.
const EMPTY: u16 = u16::MAX;

/// Open-addressing (linear probing) table from property name to its index in
/// the names list, at most half full.
#[derive(Debug)]
pub struct PropertyIndex {
    names: &'static [&'static str],
    /// (high bits of the name's hash, index into `names`) per slot.
    slots: Box<[(u32, u16)]>,
    mask: usize,
}

impl PropertyIndex {
    /// Indexes `names`; a repeated name keeps its first index. Names past
    /// the 65,534th are not indexed (no Dataverse table comes close).
    pub fn new(names: &'static [&'static str]) -> Self {
        let n = names.len().min(usize::from(EMPTY) - 1);
        let size = (n * 2).next_power_of_two().max(8);
        let mask = size - 1;
        let mut slots = vec![(0u32, EMPTY); size].into_boxed_slice();
        for (i, name) in names.iter().enumerate().take(n) {
            let h = hash(name);
            let mut s = (h as usize) & mask;
            loop {
                let (_, at) = slots[s];
                if at == EMPTY {
                    // `i < n <= 65,534`: fits a u16.
                    slots[s] = ((h >> 32) as u32, i as u16);
                    break;
                }
                if names.get(usize::from(at)) == Some(name) {
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        Self { names, slots, mask }
    }

    /// The index of `name` in the names list.
    #[inline]
    pub fn get(&self, name: &str) -> Option<usize> {
        self.get_hashed(name, hash(name))
    }

    /// [`get`](Self::get) with `hash(name)` already computed (a row's
    /// reader hashes each key once, for this index and for its `Extra`).
    #[inline]
    pub(crate) fn get_hashed(&self, name: &str, h: u64) -> Option<usize> {
        let tag = (h >> 32) as u32;
        let mut s = (h as usize) & self.mask;
        loop {
            let &(t, at) = self.slots.get(s)?;
            if at == EMPTY {
                return None;
            }
            let at = usize::from(at);
            if t == tag && self.names.get(at).is_some_and(|n| *n == name) {
                return Some(at);
            }
            s = (s + 1) & self.mask;
        }
    }
}

/// A [`PropertyIndex`] built on first use; generated code keeps one in a
/// `static` per table struct.
#[derive(Debug, Default)]
pub struct LazyPropertyIndex(OnceLock<PropertyIndex>);

impl LazyPropertyIndex {
    /// Not built yet.
    pub const fn new() -> Self {
        Self(OnceLock::new())
    }

    /// The index over `names` (the same list on every call).
    pub fn get(&self, names: &'static [&'static str]) -> &PropertyIndex {
        self.0.get_or_init(|| PropertyIndex::new(names))
    }
}

/// A fast, well-mixed 64-bit hash of short strings (word-at-a-time
/// multiply-rotate, then a finalizer so the low bits are usable as a slot).
#[inline]
pub(crate) fn hash(s: &str) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = s.len() as u64;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    // Finalizer (from splitmix64).
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &[
        "_accountid_value",
        "address1_city",
        "address1_line1",
        "address1_line2",
        "emailaddress1",
        "fullname",
        "leadid",
        "name",
        "",
        "a",
        "exactly8",
        "exactly16bytes!!",
    ];

    #[test]
    fn finds_every_name_and_nothing_else() {
        let index = PropertyIndex::new(NAMES);
        for (i, n) in NAMES.iter().enumerate() {
            assert_eq!(index.get(n), Some(i), "{n}");
        }
        for other in [
            "address1_line3",
            "_accountid_value@OData.Community.Display.V1.FormattedValue",
            "@odata.etag",
            "Name",
            "nam",
            "names",
            "exactly9b",
        ] {
            assert_eq!(index.get(other), None, "{other}");
        }
    }

    #[test]
    fn many_names_with_shared_prefixes() {
        let names: Vec<&'static str> = (0..600)
            .map(|i| &*Box::leak(format!("address{}_line{}", i % 7, i).into_boxed_str()))
            .collect();
        let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
        let index = PropertyIndex::new(names);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(index.get(n), Some(i));
        }
        assert_eq!(index.get("address0_line1"), None);
    }

    #[test]
    fn repeated_and_empty_lists() {
        let index = PropertyIndex::new(&["x", "y", "x"]);
        assert_eq!(index.get("x"), Some(0));
        assert_eq!(index.get("y"), Some(1));
        let empty = PropertyIndex::new(&[]);
        assert_eq!(empty.get("x"), None);
        let lazy = LazyPropertyIndex::new();
        assert_eq!(lazy.get(&["a", "b"]).get("b"), Some(1));
    }
}
