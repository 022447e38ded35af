//! The parameters of a ceremony contribution record, the same in `.ptau`
//! (phase 1) and `.zkey` (phase 2) files (snarkjs `powersoftau_utils.js` and
//! `zkey_utils.js`, `readContribution` / `writeContribution`): the record's
//! type u32 (0 a contribution, 1 a beacon), then the parameters' length u32
//! and bytes: tags in increasing order, 1 the contributor's name (len u8,
//! UTF-8), 2 the beacon's iterations exponent (u8), 3 the beacon hash (len
//! u8, bytes).

use super::binfile::{BinWriter, Reader};
use crate::{Error, Result};

/// A beacon's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beacon {
    /// The number of hash iterations, as a power of two.
    pub iterations_exp: u8,
    /// The beacon value.
    pub hash: Vec<u8>,
}

/// A contribution's parameters (name, beacon), shared by `.ptau` and
/// `.zkey` records: sorted tags, 1 name, 2 iterations exponent, 3 beacon
/// hash; a beacon (type 1) has both 2 and 3, a contribution (type 0)
/// neither.
pub fn read_params(
    bytes: &[u8],
    kind: u32,
    what: &'static str,
) -> Result<(Option<String>, Option<Beacon>)> {
    let mut p = Reader::new(bytes, what);
    let (mut name, mut exp, mut hash) = (None, None, None);
    let mut last = 0u8;
    while p.remaining() > 0 {
        let tag = p.u8()?;
        if tag <= last {
            return Err(Error::Encoding(what));
        }
        last = tag;
        match tag {
            1 => {
                let n = p.u8()? as usize;
                let text = std::str::from_utf8(p.take(n)?).map_err(|_| Error::Encoding(what))?;
                name = Some(text.to_owned());
            }
            2 => exp = Some(p.u8()?),
            3 => {
                let n = p.u8()? as usize;
                hash = Some(p.take(n)?.to_vec());
            }
            _ => return Err(Error::Encoding(what)),
        }
    }
    let beacon = match (kind, exp, hash) {
        (0, None, None) => None,
        (1, Some(iterations_exp), Some(hash)) => Some(Beacon {
            iterations_exp,
            hash,
        }),
        _ => return Err(Error::Encoding(what)),
    };
    Ok((name, beacon))
}

/// Writes a contribution's type and parameters (see [`read_params`]).
pub fn write_params(w: &mut BinWriter, name: Option<&str>, beacon: Option<&Beacon>) -> Result<()> {
    let long = || Error::Encoding("contribution (name or beacon longer than 255 bytes)");
    w.u32(u32::from(beacon.is_some()));
    let mut params = Vec::new();
    if let Some(name) = name {
        params.push(1);
        params.push(u8::try_from(name.len()).map_err(|_| long())?);
        params.extend_from_slice(name.as_bytes());
    }
    if let Some(b) = beacon {
        params.extend_from_slice(&[2, b.iterations_exp, 3]);
        params.push(u8::try_from(b.hash.len()).map_err(|_| long())?);
        params.extend_from_slice(&b.hash);
    }
    w.u32(params.len() as u32);
    w.bytes(&params);
    Ok(())
}
