// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {POSEIDON_T4} from "./PoseidonT4.sol";

/// @title A relying party's scope on chain, bound to its chain and address.
/// @notice A zkcred nullifier is `Poseidon(holder_secret, scope)` with `scope`
/// the hash of the request's scope string. On chain a relying party's scope
/// string is its CAIP-10 account id, `eip155:<chain id>:0x<address>` (the
/// chain id in decimal, the address in 40 lower-case hex digits), hashed as
/// zkcred hashes every string (`zkcred_core::encoding::hash_string`):
/// `Poseidon(len, c_0, c_1)`, with `c_i` the 31-byte little-endian chunks of
/// the string; `zkcred_core::solidity::evm_scope` writes the same string for a
/// front end. For chain ids up to MAX_CHAIN_ID the string has at most 62 bytes,
/// so two chunks: circomlib's Poseidon with 3 inputs (width 4, 8 full and 56
/// partial rounds, circomlibjs's constants in PoseidonT4.sol, held by a data
/// contract written at deployment and read with EXTCODECOPY).
abstract contract ScopeHash {
    /// @notice The largest chain id a scope string can name (12 decimal digits).
    uint256 public constant MAX_CHAIN_ID = 999_999_999_999;
    /// @dev BN254 scalar field order.
    uint256 private constant FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice The data contract holding Poseidon's constants (a STOP byte, then the words).
    address public immutable poseidonData;

    error ChainIdTooLarge();
    error PoseidonDataUndeployed();

    constructor() {
        if (block.chainid > MAX_CHAIN_ID) revert ChainIdTooLarge();
        // Init code that returns what follows it, as Groth16Core's IC data contract.
        bytes memory init =
            abi.encodePacked(hex"61", uint16(POSEIDON_T4.length + 1), hex"80600a3d393df3", hex"00", POSEIDON_T4);
        address data;
        assembly ("memory-safe") {
            data := create(0, add(init, 0x20), mload(init))
        }
        if (data == address(0)) revert PoseidonDataUndeployed();
        poseidonData = data;
    }

    /// @notice The scope (a field element) of the relying party `who` on this chain.
    function scopeOf(address who) public view returns (uint256) {
        return scopeHash(block.chainid, who);
    }

    /// @notice The hash of the scope string `eip155:<chainId>:0x<who, lower-case hex>`.
    function scopeHash(uint256 chainId, address who) public view returns (uint256) {
        if (chainId > MAX_CHAIN_ID) revert ChainIdTooLarge();
        uint256 len;
        uint256 c0;
        uint256 c1;
        assembly ("memory-safe") {
            // The string's bytes in order, in zeroed scratch memory past the
            // free memory pointer: "eip155:", the chain id's digits, ":0x", 40 hex digits.
            let buf := mload(0x40)
            mstore(buf, 0)
            mstore(add(buf, 32), 0)
            mstore(add(buf, 64), 0)
            mstore(buf, shl(200, 0x6569703135353a)) // "eip155:"
            let digits := 1
            for { let t := chainId } gt(t, 9) { t := div(t, 10) } { digits := add(digits, 1) }
            let at := add(buf, add(7, digits))
            for { let t := chainId } 1 {} {
                at := sub(at, 1)
                mstore8(at, add(48, mod(t, 10)))
                t := div(t, 10)
                if iszero(t) { break }
            }
            at := add(buf, add(7, digits))
            mstore8(at, 0x3a) // ':'
            mstore8(add(at, 1), 0x30) // '0'
            mstore8(add(at, 2), 0x78) // 'x'
            at := add(at, 3)
            for { let i := 0 } lt(i, 40) { i := add(i, 1) } {
                let d := and(shr(mul(4, sub(39, i)), who), 15)
                mstore8(add(at, i), add(d, add(48, mul(39, gt(d, 9))))) // 0-9, a-f
            }
            len := add(50, digits)
            // Chunks as little-endian integers: each 31-byte window, byte-reversed.
            c0 := and(_reverse(mload(buf)), sub(shl(248, 1), 1))
            c1 := and(_reverse(mload(add(buf, 31))), sub(shl(248, 1), 1))

            // The 32 bytes of x in reverse order.
            function _reverse(x) -> y {
                y := or(shr(8, and(x, 0xff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00)),
                    shl(8, and(x, 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff)))
                y := or(shr(16, and(y, 0xffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000)),
                    shl(16, and(y, 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff)))
                y := or(shr(32, and(y, 0xffffffff00000000ffffffff00000000ffffffff00000000ffffffff00000000)),
                    shl(32, and(y, 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff)))
                y := or(shr(64, and(y, 0xffffffffffffffff0000000000000000ffffffffffffffff0000000000000000)),
                    shl(64, and(y, 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff)))
                y := or(shr(128, y), shl(128, y))
            }
        }
        return _poseidon3(len, c0, c1);
    }

    /// @dev circomlib's Poseidon(a, b, c) in the textbook form (Poseidon paper,
    /// eprint 2019/458, section 2; circomlibjs `poseidon_reference`): the state
    /// starts as [0, a, b, c]; each of the 64 rounds adds its 4 round
    /// constants, raises every cell (rounds 0-3 and 60-63) or cell 0 (the
    /// others) to the 5th power and multiplies by the MDS matrix; the hash is cell 0.
    function _poseidon3(uint256 a, uint256 b, uint256 c) private view returns (uint256 h) {
        address data = poseidonData;
        assembly ("memory-safe") {
            function pow5(x, q) -> y {
                let x2 := mulmod(x, x, q)
                y := mulmod(mulmod(x2, x2, q), x, q)
            }
            function row(m, s0, s1, s2, s3, q) -> y {
                y := addmod(
                    addmod(mulmod(mload(m), s0, q), mulmod(mload(add(m, 32)), s1, q), q),
                    addmod(mulmod(mload(add(m, 64)), s2, q), mulmod(mload(add(m, 96)), s3, q), q),
                    q
                )
            }
            // 256 round constants, then the 4 x 4 matrix row by row: 272 words,
            // in scratch memory past the free memory pointer.
            let k := mload(0x40)
            extcodecopy(data, k, 1, 8704)
            let m := add(k, 8192)
            let q := FIELD
            let s0 := 0
            let s1 := a
            let s2 := b
            let s3 := c
            for { let r := 0 } lt(r, 64) { r := add(r, 1) } {
                let rc := add(k, shl(7, r))
                s0 := pow5(addmod(s0, mload(rc), q), q)
                s1 := addmod(s1, mload(add(rc, 32)), q)
                s2 := addmod(s2, mload(add(rc, 64)), q)
                s3 := addmod(s3, mload(add(rc, 96)), q)
                if or(lt(r, 4), gt(r, 59)) {
                    s1 := pow5(s1, q)
                    s2 := pow5(s2, q)
                    s3 := pow5(s3, q)
                }
                let t0 := row(m, s0, s1, s2, s3, q)
                let t1 := row(add(m, 128), s0, s1, s2, s3, q)
                let t2 := row(add(m, 256), s0, s1, s2, s3, q)
                s3 := row(add(m, 384), s0, s1, s2, s3, q)
                s0 := t0
                s1 := t1
                s2 := t2
            }
            h := s0
        }
    }
}
