//! Hand-written, not the `fnv` crate: a dozen lines over bytes, pinned by the published vectors.
//!
//! A fast, stable 64-bit hash (FNV-1a) for content versions: the same bytes give the same
//! version on every run and every build, which `std`'s hasher does not promise.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(OFFSET)
    }
}

impl Fnv {
    pub fn write(&mut self, bytes: &[u8]) -> &mut Self {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
        self
    }

    /// The hash as 16 lower-case hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The hash of one byte string, as hex.
pub fn hex(bytes: &[u8]) -> String {
    Fnv::default().write(bytes).hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a, 64 bits, from the test suite published with the algorithm.
    #[test]
    fn matches_the_published_test_vectors() {
        assert_eq!(hex(b""), "cbf29ce484222325");
        assert_eq!(hex(b"a"), "af63dc4c8601ec8c");
        assert_eq!(hex(b"foobar"), "85944171f73967e8");
    }
}
