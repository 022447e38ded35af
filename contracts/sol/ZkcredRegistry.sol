// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {Groth16Core} from "./Groth16.sol";
import {ScopeHash} from "./ScopeHash.sol";

/// @dev An issuer's role: it signs identity credentials, which the registry's
/// presentation check (`verifyPresentation`, `checkProof`, `acceptsIssuerRoot`) accepts.
uint256 constant ROLE_IDENTITY_ISSUER = 1;
/// @dev An issuer's role: it signs credit data (an SME's metrics), which credit
/// relying parties such as CreditLine accept.
uint256 constant ROLE_CREDIT_PROVIDER = 2;

/// @title The zkcred registry: accepted issuers, their revocation roots,
/// relying parties' policies, per-scope nullifiers, and the presentation
/// verifier.
/// @notice The presentation circuit has 80 public inputs: `[nullifier, scope,
/// challenge, now, issuer_key_hash, revocation_root, schema_id,
/// disclosure_mask, disclosed[16], (header, lower, upper) x 8,
/// set_tables[4][8]]`. A relying party registers its policy once (the 59
/// words `[scope, schema_id, disclosure_mask, the 24 predicate words, the 32
/// set-table values]`, plus an optional age rule, see `registerPolicy`); the
/// registry then adds their share of the input combination, `IC_0 + sum x_i
/// IC_i`, as one point, so a proof pays only for the per-proof inputs:
/// nullifier, challenge, now, issuer key hash, revocation root, the disclosed
/// values, and the age rule's birth-date cutoff (which moves with `now`).
///
/// Governance: an owner set changes the issuers (and itself) with k-of-n
/// approvals. Each issuer is accepted in its roles (identity issuer,
/// credit-data provider, or both), approved with it: identity presentations
/// accept identity issuers only, credit relying parties credit-data providers
/// only. Each identity issuer names an updater address that publishes its
/// revocation root; a replaced root stays valid for ROOT_GRACE seconds.
///
/// Scopes: a policy's scope is its relying party's own, the hash of
/// `eip155:<chain id>:<relying party address>` (see ScopeHash), so nullifiers
/// are per relying party and chain: a relying party can neither accept a
/// proof made for another one's scope nor learn a holder's nullifier there.
contract ZkcredRegistry is Groth16Core, ScopeHash {
    /// @notice Public inputs of the presentation circuit.
    uint256 public constant NUM_PUBLIC_INPUTS = 80;
    /// @notice Words of a policy: scope, schema id, disclosure mask, 24 predicate words,
    /// 32 set values, the age rule's predicate slot + 1 (0: none) and its years.
    uint256 public constant POLICY_WORDS = 61;
    /// @notice Dates are attribute integers: days since 1970-01-01 plus 2^32.
    uint256 internal constant DATE_BIAS = 1 << 32;
    /// @notice How long a replaced revocation root still verifies.
    uint256 public constant ROOT_GRACE = 1 hours;
    /// @notice The challenge is 31 bytes (below 2^248), as zkcred requests.
    uint256 internal constant CHALLENGE_MASK = (1 << 248) - 1;

    /// @dev Each root is kept with its share of the input combination,
    /// `issuerKeyHash * IC_5 + root * IC_6`, computed when it is published.
    /// `roles` is a set of ROLE_* bits; 0: not accepted.
    struct Issuer {
        uint256 root;
        uint256 pointX;
        uint256 pointY;
        uint256 previousRoot;
        uint256 previousX;
        uint256 previousY;
        uint64 previousValidUntil;
        uint8 roles;
        address updater;
    }

    struct Policy {
        uint256 x;
        uint256 y;
        uint256 scope;
        uint16 disclosureMask;
        uint8 ageSlotPlusOne;
        uint16 ageYears;
        bool registered;
    }

    /// @notice Issuers by `Poseidon(A.x, A.y)` of their public key.
    mapping(uint256 => Issuer) public issuers;
    /// @notice Policies by relying party and policy hash.
    mapping(address => mapping(bytes32 => Policy)) public policies;
    /// @notice Used nullifiers by scope.
    mapping(uint256 => mapping(uint256 => bool)) public nullifierUsed;

    address[] private owners;
    mapping(address => bool) public isOwner;
    /// @notice Approvals a change needs.
    uint256 public threshold;
    /// @notice Counts executed changes; part of every change id, so approvals are single-use.
    uint256 public nonce;
    mapping(bytes32 => mapping(address => bool)) public approved;

    // The IC points of the per-proof inputs other than the issuer and root
    // (nullifier, challenge, now) and of the 8 predicate upper bounds (an age
    // rule's cutoff), as immutables: no data-contract read on the common path.
    uint256 private immutable IC1_X;
    uint256 private immutable IC1_Y;
    uint256 private immutable IC3_X;
    uint256 private immutable IC3_Y;
    uint256 private immutable IC4_X;
    uint256 private immutable IC4_Y;
    uint256 private immutable UPPER0_X;
    uint256 private immutable UPPER0_Y;
    uint256 private immutable UPPER1_X;
    uint256 private immutable UPPER1_Y;
    uint256 private immutable UPPER2_X;
    uint256 private immutable UPPER2_Y;
    uint256 private immutable UPPER3_X;
    uint256 private immutable UPPER3_Y;
    uint256 private immutable UPPER4_X;
    uint256 private immutable UPPER4_Y;
    uint256 private immutable UPPER5_X;
    uint256 private immutable UPPER5_Y;
    uint256 private immutable UPPER6_X;
    uint256 private immutable UPPER6_Y;
    uint256 private immutable UPPER7_X;
    uint256 private immutable UPPER7_Y;

    event PresentationVerified(
        address indexed relyingParty, bytes32 indexed policyHash, address indexed subject, uint256 nullifier
    );
    event PolicyRegistered(address indexed relyingParty, bytes32 indexed policyHash, uint256 scope);
    event IssuerAdded(uint256 indexed issuerKeyHash, uint256 roles, uint256 root, address updater);
    event IssuerRemoved(uint256 indexed issuerKeyHash);
    event RevocationRootUpdated(uint256 indexed issuerKeyHash, uint256 root);
    event OwnersChanged(address[] owners, uint256 threshold);
    event ChangeApproved(bytes32 indexed id, address indexed owner);

    error NotOwner();
    error NotEnoughApprovals();
    error BadOwners();
    error NotUpdater();
    error NotInField();
    error UnregisteredPolicy();
    error UnregisteredIssuer();
    error NotIdentityIssuer();
    error BadRoles();
    error StaleRevocationRoot();
    error StaleNow();
    error NullifierUsed();
    error BadDisclosed();
    error InvalidProof();
    error ForeignScope();

    /// @param vk the presentation circuit's alpha, beta, gamma, delta (see Groth16Core).
    /// @param ic its 81 IC points.
    /// @param initialOwners the owner set; @param initialThreshold approvals per change.
    constructor(uint256[14] memory vk, bytes memory ic, address[] memory initialOwners, uint256 initialThreshold)
        Groth16Core(vk, ic)
    {
        if (numInputs != NUM_PUBLIC_INPUTS) revert BadVerifyingKey();
        (IC1_X, IC1_Y) = _icAt(ic, 1);
        (IC3_X, IC3_Y) = _icAt(ic, 3);
        (IC4_X, IC4_Y) = _icAt(ic, 4);
        // Predicate slot k's upper bound is public input 26 + 3k: IC_(27 + 3k).
        (UPPER0_X, UPPER0_Y) = _icAt(ic, 27);
        (UPPER1_X, UPPER1_Y) = _icAt(ic, 30);
        (UPPER2_X, UPPER2_Y) = _icAt(ic, 33);
        (UPPER3_X, UPPER3_Y) = _icAt(ic, 36);
        (UPPER4_X, UPPER4_Y) = _icAt(ic, 39);
        (UPPER5_X, UPPER5_Y) = _icAt(ic, 42);
        (UPPER6_X, UPPER6_Y) = _icAt(ic, 45);
        (UPPER7_X, UPPER7_Y) = _icAt(ic, 48);
        _setOwners(initialOwners, initialThreshold);
    }

    function _icAt(bytes memory ic, uint256 i) private pure returns (uint256 x, uint256 y) {
        assembly ("memory-safe") {
            x := mload(add(ic, add(32, mul(i, 64))))
            y := mload(add(ic, add(64, mul(i, 64))))
        }
    }

    function _upperIc(uint256 slot) private view returns (uint256, uint256) {
        if (slot < 4) {
            if (slot == 0) return (UPPER0_X, UPPER0_Y);
            if (slot == 1) return (UPPER1_X, UPPER1_Y);
            if (slot == 2) return (UPPER2_X, UPPER2_Y);
            return (UPPER3_X, UPPER3_Y);
        }
        if (slot == 4) return (UPPER4_X, UPPER4_Y);
        if (slot == 5) return (UPPER5_X, UPPER5_Y);
        if (slot == 6) return (UPPER6_X, UPPER6_Y);
        return (UPPER7_X, UPPER7_Y);
    }

    /// @dev issuerKeyHash * IC_5 + root * IC_6.
    function _issuerRootPoint(uint256 issuerKeyHash, uint256 root) private view returns (uint256 x, uint256 y) {
        uint256 ic = _loadIc(5, 2);
        (uint256 acc, uint256 tmp) = _scratch();
        assembly ("memory-safe") {
            mstore(acc, 0) // the point at infinity
            mstore(add(acc, 32), 0)
        }
        _mulAccIc(acc, tmp, ic, 0, issuerKeyHash);
        _mulAccIc(acc, tmp, ic, 1, root);
        assembly ("memory-safe") {
            x := mload(acc)
            y := mload(add(acc, 32))
        }
    }

    // ------------------------------------------------------------------
    // Governance: k-of-n approvals
    // ------------------------------------------------------------------

    /// @notice The id owners approve for a change `action` (see the `*Action` helpers).
    function changeId(bytes32 action) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), nonce, action));
    }

    function addIssuerAction(uint256 issuerKeyHash, uint256 roles, uint256 root, address updater)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode("addIssuer", issuerKeyHash, roles, root, updater));
    }

    function removeIssuerAction(uint256 issuerKeyHash) public pure returns (bytes32) {
        return keccak256(abi.encode("removeIssuer", issuerKeyHash));
    }

    function setOwnersAction(address[] calldata newOwners, uint256 newThreshold) public pure returns (bytes32) {
        return keccak256(abi.encode("setOwners", newOwners, newThreshold));
    }

    /// @notice An owner approves the change with id `id`.
    function approve(bytes32 id) external {
        if (!isOwner[msg.sender]) revert NotOwner();
        approved[id][msg.sender] = true;
        emit ChangeApproved(id, msg.sender);
    }

    /// @notice Accepts an issuer in `roles` (ROLE_IDENTITY_ISSUER, ROLE_CREDIT_PROVIDER
    /// or both), with its current revocation root and the address that updates
    /// it (used in the identity role); replaces an earlier entry for the key.
    function addIssuer(uint256 issuerKeyHash, uint256 roles, uint256 root, address updater) external {
        _consume(addIssuerAction(issuerKeyHash, roles, root, updater));
        if (issuerKeyHash >= R || root >= R) revert NotInField();
        if (roles == 0 || roles > (ROLE_IDENTITY_ISSUER | ROLE_CREDIT_PROVIDER)) revert BadRoles();
        (uint256 x, uint256 y) = _issuerRootPoint(issuerKeyHash, root);
        issuers[issuerKeyHash] = Issuer({
            root: root,
            pointX: x,
            pointY: y,
            previousRoot: 0,
            previousX: 0,
            previousY: 0,
            previousValidUntil: 0,
            roles: uint8(roles),
            updater: updater
        });
        emit IssuerAdded(issuerKeyHash, roles, root, updater);
    }

    /// @notice Stops accepting an issuer.
    function removeIssuer(uint256 issuerKeyHash) external {
        _consume(removeIssuerAction(issuerKeyHash));
        delete issuers[issuerKeyHash];
        emit IssuerRemoved(issuerKeyHash);
    }

    /// @notice Replaces the owner set and the threshold.
    function setOwners(address[] calldata newOwners, uint256 newThreshold) external {
        _consume(setOwnersAction(newOwners, newThreshold));
        _setOwners(newOwners, newThreshold);
    }

    /// @notice The current owners.
    function getOwners() external view returns (address[] memory) {
        return owners;
    }

    function _consume(bytes32 action) private {
        bytes32 id = changeId(action);
        uint256 count = 0;
        uint256 n = owners.length;
        for (uint256 i = 0; i < n; ++i) {
            if (approved[id][owners[i]]) ++count;
        }
        if (count < threshold) revert NotEnoughApprovals();
        ++nonce;
    }

    function _setOwners(address[] memory newOwners, uint256 newThreshold) private {
        if (newThreshold == 0 || newThreshold > newOwners.length || newOwners.length > 32) revert BadOwners();
        for (uint256 i = 0; i < owners.length; ++i) {
            isOwner[owners[i]] = false;
        }
        for (uint256 i = 0; i < newOwners.length; ++i) {
            if (newOwners[i] == address(0) || isOwner[newOwners[i]]) revert BadOwners();
            isOwner[newOwners[i]] = true;
        }
        owners = newOwners;
        threshold = newThreshold;
        emit OwnersChanged(newOwners, newThreshold);
    }

    // ------------------------------------------------------------------
    // Issuers' revocation roots
    // ------------------------------------------------------------------

    /// @notice The issuer's updater publishes a new revocation root; the one it
    /// replaces stays valid for ROOT_GRACE seconds (older ones do not). Only
    /// identity issuers have revocation roots.
    function setRevocationRoot(uint256 issuerKeyHash, uint256 root) external {
        Issuer storage issuer = issuers[issuerKeyHash];
        if (issuer.roles == 0 || msg.sender != issuer.updater) revert NotUpdater();
        if (issuer.roles & ROLE_IDENTITY_ISSUER == 0) revert NotIdentityIssuer();
        if (root >= R) revert NotInField();
        issuer.previousRoot = issuer.root;
        issuer.previousX = issuer.pointX;
        issuer.previousY = issuer.pointY;
        issuer.previousValidUntil = uint64(block.timestamp + ROOT_GRACE);
        (uint256 x, uint256 y) = _issuerRootPoint(issuerKeyHash, root);
        issuer.root = root;
        issuer.pointX = x;
        issuer.pointY = y;
        emit RevocationRootUpdated(issuerKeyHash, root);
    }

    // ------------------------------------------------------------------
    // Policies
    // ------------------------------------------------------------------

    /// @notice The policy hash: keccak256 of the 61 policy words, each 32 bytes big-endian.
    function policyHash(uint256[61] calldata policy) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(policy));
    }

    /// @notice The caller (a relying party) registers a policy: computes its
    /// fixed share of the input combination once, on chain. The policy's
    /// scope must be the caller's own, `scopeOf(msg.sender)` (ForeignScope
    /// otherwise): the hash of `eip155:<chain id>:<caller>`.
    /// @param policy words 0-58 are the policy's public inputs (scope,
    /// schema id, disclosure mask, 8 x (header, lower, upper), 4 x 8 set
    /// values). Word 59 is 0, or 1 + the predicate slot of an "age at least"
    /// rule: that slot's upper bound must be 0 here, and each proof's is
    /// computed from its `now`: the encoded date `word 60` years before it
    /// (29 February becomes 28 February), as zkcred's `Date::age_cutoff`.
    function registerPolicy(uint256[61] calldata policy) external returns (bytes32 hash) {
        for (uint256 i = 0; i < POLICY_WORDS; ++i) {
            if (policy[i] >= R) revert NotInField();
        }
        if (policy[2] >> 16 != 0 || policy[59] > 8 || policy[60] > 200) revert NotInField();
        if (policy[59] != 0 && policy[3 + 3 * (policy[59] - 1) + 2] != 0) revert NotInField();
        if (policy[0] != scopeOf(msg.sender)) revert ForeignScope();
        hash = policyHash(policy);
        uint256 ic = _loadIc(0, NUM_PUBLIC_INPUTS + 1);
        (uint256 acc, uint256 tmp) = _scratch();
        assembly ("memory-safe") {
            mstore(acc, mload(ic))
            mstore(add(acc, 32), mload(add(ic, 32)))
        }
        // scope -> IC_2, schema_id -> IC_7, disclosure_mask -> IC_8,
        // predicate words and set tables -> IC_25 .. IC_80.
        _mulAccIc(acc, tmp, ic, 2, policy[0]);
        _mulAccIc(acc, tmp, ic, 7, policy[1]);
        _mulAccIc(acc, tmp, ic, 8, policy[2]);
        for (uint256 j = 3; j < 59; ++j) {
            _mulAccIc(acc, tmp, ic, 22 + j, policy[j]);
        }
        uint256 x;
        uint256 y;
        assembly ("memory-safe") {
            x := mload(acc)
            y := mload(add(acc, 32))
        }
        policies[msg.sender][hash] =
            Policy({
                x: x,
                y: y,
                scope: policy[0],
                disclosureMask: uint16(policy[2]),
                ageSlotPlusOne: uint8(policy[59]),
                ageYears: uint16(policy[60]),
                registered: true
            });
        emit PolicyRegistered(msg.sender, hash, policy[0]);
    }

    function _mulAccIc(uint256 acc, uint256 tmp, uint256 ic, uint256 index, uint256 s) private view {
        uint256 px;
        uint256 py;
        assembly ("memory-safe") {
            let at := add(ic, mul(index, 64))
            px := mload(at)
            py := mload(add(at, 32))
        }
        _mulAcc(acc, tmp, px, py, s);
    }

    // ------------------------------------------------------------------
    // Presentations
    // ------------------------------------------------------------------

    /// @notice The challenge a proof for relying party `relyingParty` and
    /// `subject` must bind: keccak256(abi.encode(chainid, this registry,
    /// relyingParty, subject)) reduced to its low 248 bits.
    function challengeFor(address relyingParty, address subject) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), relyingParty, subject))) & CHALLENGE_MASK;
    }

    /// @notice Verifies a presentation for the calling relying party's policy
    /// `policyHash` on behalf of `subject`, and records its nullifier in the
    /// policy's scope. Reverts on any failure.
    /// @param inputs `[nullifier, now (days since 1970-01-01), issuer key hash, revocation root]`.
    /// @param disclosed the disclosed values, in slot order of the policy's disclosure mask.
    function verifyPresentation(
        bytes32 policyHash_,
        address subject,
        uint256[8] calldata proof,
        uint256[4] calldata inputs,
        uint256[] calldata disclosed
    ) external returns (bool) {
        Policy storage policy = policies[msg.sender][policyHash_];
        if (!policy.registered) revert UnregisteredPolicy();

        // `now` is a day number: today or yesterday (UTC) by the block's clock.
        uint256 today = block.timestamp / 1 days;
        if (inputs[1] > today || inputs[1] + 1 < today) revert StaleNow();

        (uint256 status, uint256 ipx, uint256 ipy) = _issuerPoint(inputs[2], inputs[3]);
        if (status == 1) revert UnregisteredIssuer();
        if (status == 2) revert StaleRevocationRoot();
        if (status == 3) revert NotIdentityIssuer();

        uint256 nullifier = inputs[0];
        if (nullifier >= R) revert NotInField();
        uint256 scope = policy.scope;
        if (nullifierUsed[scope][nullifier]) revert NullifierUsed();

        if (!_verify(policy, challengeFor(msg.sender, subject), proof, inputs, ipx, ipy, disclosed)) {
            revert InvalidProof();
        }

        nullifierUsed[scope][nullifier] = true;
        emit PresentationVerified(msg.sender, policyHash_, subject, nullifier);
        return true;
    }

    /// @notice The proof check of `verifyPresentation` alone, for relying party
    /// `relyingParty` (no issuer, root, freshness or nullifier checks; nothing
    /// recorded): for front ends to try a proof, and to measure its cost.
    function checkProof(
        address relyingParty,
        bytes32 policyHash_,
        address subject,
        uint256[8] calldata proof,
        uint256[4] calldata inputs,
        uint256[] calldata disclosed
    ) external view returns (bool) {
        Policy storage policy = policies[relyingParty][policyHash_];
        if (!policy.registered) return false;
        for (uint256 i = 0; i < 4; ++i) {
            if (inputs[i] >= R) return false;
        }
        (uint256 status, uint256 ipx, uint256 ipy) = _issuerPoint(inputs[2], inputs[3]);
        if (status != 0) return false;
        return _verify(policy, challengeFor(relyingParty, subject), proof, inputs, ipx, ipy, disclosed);
    }

    /// @dev The issuer's point for `root`: status 0 and the point when the
    /// issuer is accepted as an identity issuer and `root` is its current root
    /// or the previous one within ROOT_GRACE; status 1 for an issuer not
    /// accepted, 3 for one not accepted as an identity issuer, 2 for another root.
    function _issuerPoint(uint256 issuerKeyHash, uint256 root)
        private
        view
        returns (uint256 status, uint256 x, uint256 y)
    {
        Issuer storage issuer = issuers[issuerKeyHash];
        uint256 roles = issuer.roles;
        if (roles == 0) return (1, 0, 0);
        if (roles & ROLE_IDENTITY_ISSUER == 0) return (3, 0, 0);
        if (root == issuer.root) return (0, issuer.pointX, issuer.pointY);
        if (root == issuer.previousRoot && block.timestamp <= issuer.previousValidUntil) {
            return (0, issuer.previousX, issuer.previousY);
        }
        return (2, 0, 0);
    }

    /// @dev The pairing check with vk_x = (IC_0 + policy point) + the per-proof inputs.
    function _verify(
        Policy storage policy,
        uint256 challenge,
        uint256[8] calldata proof,
        uint256[4] calldata inputs,
        uint256 issuerX,
        uint256 issuerY,
        uint256[] calldata disclosed
    ) private view returns (bool) {
        (uint256 acc, uint256 tmp) = _scratch();
        {
            uint256 x = policy.x;
            uint256 y = policy.y;
            assembly ("memory-safe") {
                mstore(acc, x)
                mstore(add(acc, 32), y)
            }
        }
        _mulAcc(acc, tmp, IC1_X, IC1_Y, inputs[0]); // nullifier
        _mulAcc(acc, tmp, IC3_X, IC3_Y, challenge);
        _mulAcc(acc, tmp, IC4_X, IC4_Y, inputs[1]); // now
        _add(acc, tmp, issuerX, issuerY); // issuer key hash * IC_5 + revocation root * IC_6

        uint256 mask = policy.disclosureMask;
        uint256 k = 0;
        for (uint256 slot = 0; mask != 0; ++slot) {
            if (mask & 1 == 1) {
                if (k == disclosed.length) revert BadDisclosed();
                uint256 v = disclosed[k++];
                if (v >= R) revert NotInField();
                _mulAccIc(acc, tmp, _loadIc(9 + slot, 1), 0, v); // disclosed[slot] -> IC_(9 + slot)
            }
            mask >>= 1;
        }
        if (k != disclosed.length) revert BadDisclosed();

        uint256 ageSlot = policy.ageSlotPlusOne;
        if (ageSlot != 0) {
            (uint256 ux, uint256 uy) = _upperIc(ageSlot - 1);
            _mulAcc(acc, tmp, ux, uy, ageCutoff(inputs[1], policy.ageYears));
        }
        return _pairing(proof, acc);
    }

    /// @notice The latest encoded birth date of someone at least `numYears` old on
    /// day `day` (days since 1970-01-01): the same month and day `numYears`
    /// earlier, 29 February becoming 28 February in a year without it, plus
    /// DATE_BIAS. Hinnant's civil_from_days / days_from_civil, as zkcred's
    /// `Date::years_before`.
    function ageCutoff(uint256 day, uint256 numYears) public pure returns (uint256) {
        uint256 z = day + 719_468;
        uint256 era = z / 146_097;
        uint256 doe = z - era * 146_097;
        uint256 yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        uint256 mp = (5 * doy + 2) / 153;
        uint256 d = doy - (153 * mp + 2) / 5 + 1;
        uint256 m = mp < 10 ? mp + 3 : mp - 9;
        uint256 y = yoe + era * 400 + (m <= 2 ? 1 : 0) - numYears;
        if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) d = 28;
        uint256 yy = m <= 2 ? y - 1 : y;
        era = yy / 400;
        yoe = yy - era * 400;
        doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe + DATE_BIAS - 719_468;
    }

    /// @notice The roles the issuer is accepted in (ROLE_* bits; 0: not accepted).
    function issuerRoles(uint256 issuerKeyHash) external view returns (uint256) {
        return issuers[issuerKeyHash].roles;
    }

    /// @notice Whether the issuer is accepted as an identity issuer and `root`
    /// is its current root (or the previous one, within ROOT_GRACE): for
    /// relying parties that verify other identity statements with their own verifier.
    function acceptsIssuerRoot(uint256 issuerKeyHash, uint256 root) external view returns (bool) {
        Issuer storage issuer = issuers[issuerKeyHash];
        if (issuer.roles & ROLE_IDENTITY_ISSUER == 0) return false;
        return root == issuer.root || (root == issuer.previousRoot && block.timestamp <= issuer.previousValidUntil);
    }
}
