// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {IGroth16Verifier} from "./Groth16.sol";
import {ZkcredRegistry, ROLE_CREDIT_PROVIDER} from "./ZkcredRegistry.sol";

/// @title A credit line that opens for an address with a valid zkcred
/// credit scorecard proof.
/// @notice The scorecard statement's public inputs are
/// `[nullifier, scope, challenge, now, issuer_key_hash, scorecard_hash]`:
/// the proof shows that metrics signed by the issuer score at least the
/// cutoff under the scorecard whose hash is `scorecard_hash` (zkcred's
/// succinct credit policy hash: Poseidon(scorecard model hash, currency)),
/// and that the attestation is valid on `now`. This contract
/// fixes the verifier (a Groth16Verifier deployed with the scorecard
/// circuit's key, or one `zkcred export-verifier` wrote) and the scorecard;
/// its scope is its own, `registry.scopeOf(address(this))` (the hash of
/// `eip155:<chain id>:<this contract>`), so a proof made for another
/// verifier's scope or chain does not verify here. It accepts only issuers
/// the registry accepts as credit-data providers (an identity issuer's
/// signature on metrics is refused), binds the challenge to the caller,
/// requires a fresh `now`, and opens one line per nullifier.
contract CreditLine {
    uint256 internal constant CHALLENGE_MASK = (1 << 248) - 1;
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    IGroth16Verifier public immutable verifier;
    ZkcredRegistry public immutable registry;
    uint256 public immutable scope;
    uint256 public immutable scorecardHash;
    uint256 public immutable lineAmount;

    mapping(uint256 => bool) public nullifierUsed;
    mapping(address => uint256) public creditLimit;

    event CreditLineOpened(address indexed borrower, uint256 nullifier, uint256 amount);

    error UnregisteredIssuer();
    error NotCreditProvider();
    error StaleNow();
    error NullifierUsed();
    error InvalidProof();

    constructor(IGroth16Verifier verifier_, ZkcredRegistry registry_, uint256 scorecardHash_, uint256 lineAmount_) {
        verifier = verifier_;
        registry = registry_;
        scope = registry_.scopeOf(address(this));
        scorecardHash = scorecardHash_;
        lineAmount = lineAmount_;
    }

    /// @notice The challenge a proof for `borrower` must bind.
    function challengeFor(address borrower) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), borrower))) & CHALLENGE_MASK;
    }

    /// @notice Opens a credit line for the caller. `inputs` is `[nullifier, now, issuer key hash]`.
    function open(uint256[8] calldata proof, uint256[3] calldata inputs) external {
        uint256 roles = registry.issuerRoles(inputs[2]);
        if (roles == 0) revert UnregisteredIssuer();
        if (roles & ROLE_CREDIT_PROVIDER == 0) revert NotCreditProvider();
        uint256 today = block.timestamp / 1 days;
        if (inputs[1] > today || inputs[1] + 1 < today) revert StaleNow();
        if (inputs[0] >= R || nullifierUsed[inputs[0]]) revert NullifierUsed();
        uint256[] memory publicInputs = new uint256[](6);
        publicInputs[0] = inputs[0];
        publicInputs[1] = scope;
        publicInputs[2] = challengeFor(msg.sender);
        publicInputs[3] = inputs[1];
        publicInputs[4] = inputs[2];
        publicInputs[5] = scorecardHash;
        if (!verifier.verifyProof(proof, publicInputs)) revert InvalidProof();
        nullifierUsed[inputs[0]] = true;
        creditLimit[msg.sender] = lineAmount;
        emit CreditLineOpened(msg.sender, inputs[0], lineAmount);
    }
}
