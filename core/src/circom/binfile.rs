//! iden3's binary container, shared by `.r1cs`, `.wtns`, `.zkey` and `.ptau`
//! (`iden3/binfileutils`, `src/binfileutils.js`; the r1cs spec's "General
//! format", `iden3/r1csfile` `doc/r1cs_bin_format.md`):
//!
//! ```text
//! magic      4 bytes   "r1cs" | "wtns" | "zkey" | "ptau"
//! version    u32 LE
//! nSections  u32 LE
//! nSections times:
//!   type     u32 LE
//!   size     u64 LE
//!   data     size bytes
//! ```
//!
//! [`BinFile::parse`] checks that every section's announced size is present
//! and that nothing follows the last section; a section type may repeat in
//! the container (readers of each format then refuse the duplicate with
//! [`BinFile::section`]). [`BinWriter`] writes the same layout, patching
//! each section's size when the section ends.

use crate::{Error, Result};

/// A section of a [`BinFile`]: its type and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Section<'a> {
    /// The section type (format-specific: 1 is the header in every format).
    pub id: u32,
    /// The section's bytes.
    pub data: &'a [u8],
}

/// A parsed container: magic, version and the sections, borrowed from the
/// input bytes.
#[derive(Clone, Debug)]
pub struct BinFile<'a> {
    version: u32,
    sections: Vec<Section<'a>>,
}

/// Bytes of the file header (magic, version, section count).
const FILE_HEADER: usize = 12;
/// Bytes of a section header (type, size).
const SECTION_HEADER: usize = 12;

impl<'a> BinFile<'a> {
    /// Parses `bytes` as a container with `magic`, of a version from 1 to
    /// `max_version`. `what` names the format in errors (`"zkey"`).
    pub fn parse(
        bytes: &'a [u8],
        magic: &[u8; 4],
        max_version: u32,
        what: &'static str,
    ) -> Result<BinFile<'a>> {
        let mut r = Reader::new(bytes, what);
        if r.take(4).map_err(|_| Error::Encoding(what))? != magic {
            return Err(Error::Encoding(what));
        }
        let version = r.u32()?;
        if version == 0 || version > max_version {
            return Err(Error::UnsupportedVersion {
                what,
                found: version.into(),
                supported: max_version.into(),
            });
        }
        let count = r.u32()? as usize;
        // Each section needs at least its header: bound the count by the
        // bytes present before allocating for it.
        if count > (bytes.len() - FILE_HEADER) / SECTION_HEADER {
            return Err(Error::Encoding(what));
        }
        let mut sections = Vec::with_capacity(count);
        for _ in 0..count {
            let id = r.u32()?;
            let size = usize::try_from(r.u64()?).map_err(|_| Error::Encoding(what))?;
            let data = r.take(size)?;
            sections.push(Section { id, data });
        }
        r.finish()?;
        Ok(BinFile { version, sections })
    }

    /// The container's version.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Every section, in file order.
    pub fn sections(&self) -> &[Section<'a>] {
        &self.sections
    }

    /// The one section of type `id`: missing or repeated is an
    /// [`Error::Encoding`] naming `what`.
    pub fn section(&self, id: u32, what: &'static str) -> Result<&'a [u8]> {
        self.optional_section(id, what)?
            .ok_or(Error::Encoding(what))
    }

    /// The section of type `id` if there is one; repeated is an
    /// [`Error::Encoding`] naming `what`.
    pub fn optional_section(&self, id: u32, what: &'static str) -> Result<Option<&'a [u8]>> {
        let mut found = self.sections.iter().filter(|s| s.id == id);
        match (found.next(), found.next()) {
            (None, _) => Ok(None),
            (Some(s), None) => Ok(Some(s.data)),
            (Some(_), Some(_)) => Err(Error::Encoding(what)),
        }
    }
}

/// A cursor over a byte slice whose every failure is an
/// [`Error::Encoding`] naming `what`.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`; errors name `what`.
    pub fn new(bytes: &'a [u8], what: &'static str) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            what,
        }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// The next `n` bytes (an error if fewer are left).
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(Error::Encoding(self.what));
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// The next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// A little-endian u8.
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    /// A little-endian u32.
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// A little-endian u64.
    pub fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A count of items of `item_size` bytes each that must all fit in
    /// what is left: a count read from the input, checked before anything is
    /// allocated for it.
    pub fn count(&mut self, item_size: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        self.check_fits(n, item_size)?;
        Ok(n)
    }

    /// Checks that `n` items of `item_size` bytes fit in what is left.
    pub fn check_fits(&self, n: usize, item_size: usize) -> Result<()> {
        match n.checked_mul(item_size) {
            Some(total) if total <= self.remaining() => Ok(()),
            _ => Err(Error::Encoding(self.what)),
        }
    }

    /// Checks that everything was read.
    pub fn finish(&self) -> Result<()> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(Error::Encoding(self.what))
        }
    }
}

/// Writes a container: [`BinWriter::new`], then for each section
/// [`BinWriter::begin`], its bytes, [`BinWriter::end`]; then
/// [`BinWriter::finish`].
#[derive(Debug)]
pub struct BinWriter {
    out: Vec<u8>,
    sections: u32,
    open: Option<usize>,
}

impl BinWriter {
    /// A container with `magic` and `version`.
    pub fn new(magic: &[u8; 4], version: u32) -> BinWriter {
        let mut out = Vec::new();
        out.extend_from_slice(magic);
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes()); // section count, patched by finish
        BinWriter {
            out,
            sections: 0,
            open: None,
        }
    }

    /// Starts a section of type `id` (ending any open one).
    pub fn begin(&mut self, id: u32) {
        self.end();
        self.out.extend_from_slice(&id.to_le_bytes());
        self.open = Some(self.out.len());
        self.out.extend_from_slice(&0u64.to_le_bytes());
        self.sections += 1;
    }

    /// Ends the open section, writing its size.
    pub fn end(&mut self) {
        if let Some(at) = self.open.take() {
            let size = (self.out.len() - at - 8) as u64;
            self.out[at..at + 8].copy_from_slice(&size.to_le_bytes());
        }
    }

    /// Appends bytes to the open section.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    /// Appends a little-endian u32.
    pub fn u32(&mut self, x: u32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }

    /// Appends a little-endian u64.
    pub fn u64(&mut self, x: u64) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }

    /// The buffer being written (for writers that encode in place).
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.out
    }

    /// Ends the open section and returns the file's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.end();
        let n = self.sections.to_le_bytes();
        self.out[8..12].copy_from_slice(&n);
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn sample() -> Vec<u8> {
        let mut w = BinWriter::new(b"test", 1);
        w.begin(1);
        w.u32(7);
        w.begin(2);
        w.bytes(b"hello");
        w.finish()
    }

    #[test]
    fn sections_round_trip() {
        let bytes = sample();
        let f = BinFile::parse(&bytes, b"test", 1, "test file").unwrap();
        assert_eq!(f.version(), 1);
        assert_eq!(f.section(1, "h").unwrap(), 7u32.to_le_bytes());
        assert_eq!(f.section(2, "s").unwrap(), b"hello");
        assert!(f.optional_section(3, "x").unwrap().is_none());
        assert_eq!(f.section(3, "x").unwrap_err().kind(), ErrorKind::Encoding);
    }

    #[test]
    fn bad_magic_version_sizes_and_trailing_bytes_are_refused() {
        let bytes = sample();
        let kind = |b: &[u8]| BinFile::parse(b, b"test", 1, "t").unwrap_err().kind();
        assert_eq!(kind(b"tes"), ErrorKind::Encoding);
        let mut bad = bytes.clone();
        bad[0] = b'x';
        assert_eq!(kind(&bad), ErrorKind::Encoding);
        let mut bad = bytes.clone();
        bad[4] = 2;
        assert_eq!(kind(&bad), ErrorKind::UnsupportedVersion);
        // Every truncation fails.
        for n in 0..bytes.len() {
            assert!(BinFile::parse(&bytes[..n], b"test", 1, "t").is_err(), "{n}");
        }
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(kind(&long), ErrorKind::Encoding);
        // A section size past the end, and a huge section count.
        let mut bad = bytes.clone();
        bad[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(kind(&bad), ErrorKind::Encoding);
        let mut bad = bytes.clone();
        bad[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(kind(&bad), ErrorKind::Encoding);
    }

    #[test]
    fn a_repeated_section_is_refused_where_one_is_expected() {
        let mut w = BinWriter::new(b"test", 1);
        w.begin(1);
        w.begin(1);
        let bytes = w.finish();
        let f = BinFile::parse(&bytes, b"test", 1, "t").unwrap();
        assert_eq!(f.sections().len(), 2);
        assert_eq!(f.section(1, "h").unwrap_err().kind(), ErrorKind::Encoding);
    }

    #[test]
    fn counts_are_checked_against_the_bytes_left() {
        let mut data = 1_000_000u32.to_le_bytes().to_vec();
        data.extend_from_slice(&[0; 64]);
        let mut r = Reader::new(&data, "t");
        assert!(r.count(32).is_err());
        let mut r = Reader::new(&data, "t");
        assert!(r.clone().count(1).is_err());
        assert_eq!(r.u32().unwrap(), 1_000_000);
        assert!(r.check_fits(usize::MAX, 2).is_err());
        assert!(r.check_fits(2, 32).is_ok());
    }
}
