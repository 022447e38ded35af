// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {ZkcredRegistry} from "./ZkcredRegistry.sol";

/// @title An allowlist that admits an address with an "over 18 and not
/// revoked" zkcred presentation.
/// @notice The policy (which predicates, which schema, the scope) is fixed at
/// deployment and registered with the registry by this contract; each
/// admission is one `verifyPresentation` on behalf of the caller, whose
/// address the proof's challenge binds (a proof seen in the mempool is
/// useless to anyone else). One admission per holder: the registry records
/// the holder's nullifier in the policy's scope, the gate's own
/// (`eip155:<chain id>:<gate address>`). Only identity issuers count.
contract AgeGate {
    ZkcredRegistry public immutable registry;
    bytes32 public immutable policyHash;
    mapping(address => bool) public admitted;

    event Admitted(address indexed who, uint256 nullifier);

    /// @param policy the registry's policy words (see ZkcredRegistry.registerPolicy);
    /// word 0, the scope, must be this gate's own: `registry.scopeOf(<this
    /// gate's address>)`, which the deployer computes from the address the
    /// gate will have (`zkcred_core::solidity::evm_scope`).
    constructor(ZkcredRegistry registry_, uint256[61] memory policy) {
        registry = registry_;
        policyHash = registry_.registerPolicy(policy);
    }

    /// @notice Admits the caller. `inputs` is `[nullifier, now, issuer key hash, revocation root]`.
    function admit(uint256[8] calldata proof, uint256[4] calldata inputs) external {
        registry.verifyPresentation(policyHash, msg.sender, proof, inputs, new uint256[](0));
        admitted[msg.sender] = true;
        emit Admitted(msg.sender, inputs[0]);
    }
}
