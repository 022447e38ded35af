"""zkcred: privacy-preserving credentials with zero-knowledge proofs.

Issuers sign credentials, holders prove facts about them ("over 18",
"nationality in the EU", "KYC level at least 2") without revealing the rest,
and verifiers (lenders, shops, back ends) check the proofs. Everything
cryptographic runs in Rust (zkcred-core); this package converts values and
errors, and adds the lender's tools: batch verification into a pandas
DataFrame or a pyarrow Table, and a portfolio summary with a plot.

Errors are subclasses of :class:`ZkcredError`; a failed verification is the
one opaque :class:`VerificationError`.
"""

from __future__ import annotations

from ._native import (
    CredentialError,
    Credential,
    EncodingError,
    HolderSecret,
    InternalError,
    InvalidAttributeError,
    InvalidDateError,
    InvalidKeyError,
    Issuer,
    IssuerKey,
    JsonError,
    MalformedProofError,
    NonCanonicalError,
    Presentation,
    PresentationRequest,
    ProvingError,
    ProvingKey,
    RequestError,
    RevocationError,
    RevocationPath,
    Schema,
    SchemaError,
    UnsatisfiableError,
    UnsupportedVersionError,
    VerificationError,
    VerifiedPresentation,
    VerifyingKey,
    Wallet,
    ZkcredError,
    ZkcredIOError,
    __version__,
    fresh_challenge,
    prove,
    setup,
    verify,
)
from .analytics import (
    BatchRow,
    plot_acceptance,
    portfolio_summary,
    verify_batch,
)

__all__ = [
    "BatchRow",
    "Credential",
    "CredentialError",
    "EncodingError",
    "HolderSecret",
    "InternalError",
    "InvalidAttributeError",
    "InvalidDateError",
    "InvalidKeyError",
    "Issuer",
    "IssuerKey",
    "JsonError",
    "MalformedProofError",
    "NonCanonicalError",
    "Presentation",
    "PresentationRequest",
    "ProvingError",
    "ProvingKey",
    "RequestError",
    "RevocationError",
    "RevocationPath",
    "Schema",
    "SchemaError",
    "UnsatisfiableError",
    "UnsupportedVersionError",
    "VerificationError",
    "VerifiedPresentation",
    "VerifyingKey",
    "Wallet",
    "ZkcredError",
    "ZkcredIOError",
    "__version__",
    "fresh_challenge",
    "plot_acceptance",
    "portfolio_summary",
    "prove",
    "setup",
    "verify",
    "verify_batch",
]
