//! The few Solidity ABI encodings the contracts' calls need: static words,
//! fixed arrays of words (inline), dynamic arrays of words, and `bytes`.

use zkcred_core::solidity::{keccak256, Word};

/// One argument of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A static word (`uint256`, `bytes32`, `address`, `bool`).
    Word(Word),
    /// A fixed-size array of words (`uint256[k]`), encoded inline.
    Fixed(Vec<Word>),
    /// A dynamic array of words (`uint256[]`, `address[]`).
    Array(Vec<Word>),
    /// Dynamic `bytes`.
    Bytes(Vec<u8>),
}

/// An address as a word.
pub fn address(a: &[u8; 20]) -> Word {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a);
    w
}

/// An unsigned integer as a word.
pub fn uint(x: u64) -> Word {
    zkcred_core::solidity::u64_word(x)
}

/// The 4-byte selector of a function signature such as `approve(bytes32)`.
pub fn selector(signature: &str) -> [u8; 4] {
    let h = keccak256(signature.as_bytes());
    [h[0], h[1], h[2], h[3]]
}

/// `abi.encode(tokens...)`.
pub fn encode(tokens: &[Token]) -> Vec<u8> {
    let head_len: usize = tokens
        .iter()
        .map(|t| match t {
            Token::Fixed(w) => 32 * w.len(),
            _ => 32,
        })
        .sum();
    let mut head = Vec::with_capacity(head_len);
    let mut tail = Vec::new();
    for t in tokens {
        match t {
            Token::Word(w) => head.extend_from_slice(w),
            Token::Fixed(ws) => ws.iter().for_each(|w| head.extend_from_slice(w)),
            Token::Array(ws) => {
                head.extend_from_slice(&uint((head_len + tail.len()) as u64));
                tail.extend_from_slice(&uint(ws.len() as u64));
                ws.iter().for_each(|w| tail.extend_from_slice(w));
            }
            Token::Bytes(b) => {
                head.extend_from_slice(&uint((head_len + tail.len()) as u64));
                tail.extend_from_slice(&uint(b.len() as u64));
                tail.extend_from_slice(b);
                tail.resize(tail.len() + (32 - b.len() % 32) % 32, 0);
            }
        }
    }
    head.extend(tail);
    head
}

/// Call data: the selector of `signature`, then `abi.encode(tokens...)`.
pub fn call(signature: &str, tokens: &[Token]) -> Vec<u8> {
    let mut data = selector(signature).to_vec();
    data.extend(encode(tokens));
    data
}

/// The `i`-th word of return data, if present.
pub fn word(output: &[u8], i: usize) -> Option<Word> {
    output.get(32 * i..32 * i + 32)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selector_of_a_known_function() {
        // ERC-20 transfer(address,uint256)
        assert_eq!(
            hex::encode(selector("transfer(address,uint256)")),
            "a9059cbb"
        );
    }

    #[test]
    fn dynamic_arguments_go_to_the_tail_with_offsets() {
        let enc = encode(&[
            Token::Word(uint(7)),
            Token::Array(vec![uint(1), uint(2)]),
            Token::Bytes(vec![0xab]),
        ]);
        let words: Vec<Word> = enc.chunks(32).map(|c| c.try_into().unwrap()).collect();
        assert_eq!(
            words,
            vec![
                uint(7),
                uint(96),
                uint(192),
                uint(2),
                uint(1),
                uint(2),
                uint(1),
                {
                    let mut w = [0u8; 32];
                    w[0] = 0xab;
                    w
                }
            ]
        );
    }
}
