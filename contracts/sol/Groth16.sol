// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// @title Groth16 verification over BN254 with the EIP-196/197 precompiles.
/// @notice Proofs are 8 words: A (x, y), B (x.imag, x.real, y.imag, y.real),
/// C (x, y) -- G2 coordinates in the EVM's (imaginary, real) order.
interface IGroth16Verifier {
    /// @notice Whether `proof` is valid for the public inputs `input`
    /// (each below the BN254 scalar field order; one per IC point but the first).
    function verifyProof(uint256[8] calldata proof, uint256[] calldata input) external view returns (bool);
}

/// @title The verifying key given at deployment, and the Groth16 arithmetic.
/// @notice alpha, beta, gamma and delta are immutables (read as constants);
/// the IC points live in the code of a data contract written once at
/// deployment (SSTORE2 style) and are read with EXTCODECOPY, 64 bytes each.
abstract contract Groth16Core {
    /// @dev BN254 scalar field order: every public input must be below it.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev BN254 base field order.
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    uint256 private immutable ALPHA_X;
    uint256 private immutable ALPHA_Y;
    uint256 private immutable BETA_X_IM;
    uint256 private immutable BETA_X_RE;
    uint256 private immutable BETA_Y_IM;
    uint256 private immutable BETA_Y_RE;
    uint256 private immutable GAMMA_X_IM;
    uint256 private immutable GAMMA_X_RE;
    uint256 private immutable GAMMA_Y_IM;
    uint256 private immutable GAMMA_Y_RE;
    uint256 private immutable DELTA_X_IM;
    uint256 private immutable DELTA_X_RE;
    uint256 private immutable DELTA_Y_IM;
    uint256 private immutable DELTA_Y_RE;

    /// @notice The data contract holding the IC points (a STOP byte, then x || y per point).
    address public immutable icData;
    /// @notice The number of public inputs (IC points less one).
    uint256 public immutable numInputs;

    error BadVerifyingKey();

    /// @param vk alpha (x, y), beta, gamma, delta (each x.imag, x.real, y.imag, y.real).
    /// @param ic the IC points, 64 bytes each (x || y, big-endian), IC_0 first.
    constructor(uint256[14] memory vk, bytes memory ic) {
        if (ic.length < 64 || ic.length % 64 != 0 || ic.length > 24_000) revert BadVerifyingKey();
        ALPHA_X = vk[0];
        ALPHA_Y = vk[1];
        BETA_X_IM = vk[2];
        BETA_X_RE = vk[3];
        BETA_Y_IM = vk[4];
        BETA_Y_RE = vk[5];
        GAMMA_X_IM = vk[6];
        GAMMA_X_RE = vk[7];
        GAMMA_Y_IM = vk[8];
        GAMMA_Y_RE = vk[9];
        DELTA_X_IM = vk[10];
        DELTA_X_RE = vk[11];
        DELTA_Y_IM = vk[12];
        DELTA_Y_RE = vk[13];
        numInputs = ic.length / 64 - 1;
        // Init code that returns what follows it: PUSH2 len, DUP1, PUSH1 10,
        // RETURNDATASIZE, CODECOPY, RETURNDATASIZE, RETURN.
        bytes memory init = abi.encodePacked(hex"61", uint16(ic.length + 1), hex"80600a3d393df3", hex"00", ic);
        address data;
        assembly ("memory-safe") {
            data := create(0, add(init, 0x20), mload(init))
        }
        if (data == address(0)) revert BadVerifyingKey();
        icData = data;
    }

    /// @dev Copies IC points `from .. from+count-1` to fresh memory; returns its address.
    function _loadIc(uint256 from, uint256 count) internal view returns (uint256 ptr) {
        address data = icData;
        assembly ("memory-safe") {
            ptr := mload(0x40)
            mstore(0x40, add(ptr, mul(count, 64)))
            extcodecopy(data, ptr, add(1, mul(from, 64)), mul(count, 64))
        }
    }

    /// @dev acc := acc + s * (px, py), with acc at memory `acc` (64 bytes); skips s == 0.
    /// Uses the 128 bytes of scratch at `tmp`.
    function _mulAcc(uint256 acc, uint256 tmp, uint256 px, uint256 py, uint256 s) internal view {
        bool ok = true;
        assembly ("memory-safe") {
            if s {
                mstore(tmp, px)
                mstore(add(tmp, 32), py)
                mstore(add(tmp, 64), s)
                ok := staticcall(gas(), 7, tmp, 96, add(tmp, 64), 64)
                mstore(tmp, mload(acc))
                mstore(add(tmp, 32), mload(add(acc, 32)))
                ok := and(ok, staticcall(gas(), 6, tmp, 128, acc, 64))
            }
        }
        if (!ok) revert BadVerifyingKey();
    }

    /// @dev Point addition acc := acc + (px, py).
    function _add(uint256 acc, uint256 tmp, uint256 px, uint256 py) internal view {
        bool ok;
        assembly ("memory-safe") {
            mstore(tmp, mload(acc))
            mstore(add(tmp, 32), mload(add(acc, 32)))
            mstore(add(tmp, 64), px)
            mstore(add(tmp, 96), py)
            ok := staticcall(gas(), 6, tmp, 128, acc, 64)
        }
        if (!ok) revert BadVerifyingKey();
    }

    /// @dev Fresh memory for an accumulator (64 bytes) and scratch (128 bytes).
    function _scratch() internal pure returns (uint256 acc, uint256 tmp) {
        assembly ("memory-safe") {
            acc := mload(0x40)
            tmp := add(acc, 64)
            mstore(0x40, add(acc, 192))
        }
    }

    /// @dev The Groth16 check e(-A, B) e(alpha, beta) e(vk_x, gamma) e(C, delta) == 1,
    /// with vk_x the input combination at memory `vkx`. False for coordinates
    /// outside the base field and for points the precompile refuses.
    function _pairing(uint256[8] calldata proof, uint256 vkx) internal view returns (bool valid) {
        for (uint256 i = 0; i < 8; ++i) {
            if (proof[i] >= Q) return false;
        }
        uint256[24] memory p;
        p[0] = proof[0];
        p[1] = proof[1] == 0 ? 0 : Q - proof[1];
        p[2] = proof[2];
        p[3] = proof[3];
        p[4] = proof[4];
        p[5] = proof[5];
        p[6] = ALPHA_X;
        p[7] = ALPHA_Y;
        p[8] = BETA_X_IM;
        p[9] = BETA_X_RE;
        p[10] = BETA_Y_IM;
        p[11] = BETA_Y_RE;
        assembly ("memory-safe") {
            mstore(add(p, 384), mload(vkx))
            mstore(add(p, 416), mload(add(vkx, 32)))
        }
        p[14] = GAMMA_X_IM;
        p[15] = GAMMA_X_RE;
        p[16] = GAMMA_Y_IM;
        p[17] = GAMMA_Y_RE;
        p[18] = proof[6];
        p[19] = proof[7];
        p[20] = DELTA_X_IM;
        p[21] = DELTA_X_RE;
        p[22] = DELTA_Y_IM;
        p[23] = DELTA_Y_RE;
        assembly ("memory-safe") {
            let ok := staticcall(gas(), 8, p, 768, p, 32)
            valid := and(ok, eq(mload(p), 1))
        }
    }
}

/// @title A Groth16 verifier for any zkcred verifying key, given at deployment.
/// @notice One compiled bytecode serves every circuit: the verifying key is a
/// constructor argument. `zkcred export-verifier` writes the alternative, a
/// source file with one key's points as constants.
contract Groth16Verifier is Groth16Core, IGroth16Verifier {
    constructor(uint256[14] memory vk, bytes memory ic) Groth16Core(vk, ic) {}

    /// @inheritdoc IGroth16Verifier
    function verifyProof(uint256[8] calldata proof, uint256[] calldata input) external view returns (bool) {
        uint256 n = numInputs;
        if (input.length != n) return false;
        uint256 ic = _loadIc(0, n + 1);
        (uint256 acc, uint256 tmp) = _scratch();
        assembly ("memory-safe") {
            mstore(acc, mload(ic))
            mstore(add(acc, 32), mload(add(ic, 32)))
        }
        for (uint256 i = 0; i < n; ++i) {
            uint256 x = input[i];
            if (x >= R) return false;
            uint256 px;
            uint256 py;
            assembly ("memory-safe") {
                let at := add(ic, mul(add(i, 1), 64))
                px := mload(at)
                py := mload(add(at, 32))
            }
            _mulAcc(acc, tmp, px, py, x);
        }
        return _pairing(proof, acc);
    }
}
