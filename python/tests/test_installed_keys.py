"""Installed proving keys (issue #17 point 3) from Python: a back end
installs the downloaded compressed key once (full validation and the pairing
checks against the verifying key it trusts), stores the installed form, and
loads that warm on every later start. A corrupted file, a file installed
from another key, or one of another circuit is refused with a typed error."""

from __future__ import annotations

import pytest

import zkcred


@pytest.fixture(scope="module")
def other_keys() -> tuple[zkcred.ProvingKey, zkcred.VerifyingKey]:
    return zkcred.setup()


@pytest.fixture(scope="module")
def installed(keys, tmp_path_factory) -> bytes:
    """What a back end does once: download, install, store."""
    pk, vk = keys
    downloaded = tmp_path_factory.mktemp("keys") / "presentation.pk"
    pk.save(downloaded)
    key, data = zkcred.ProvingKey.install(downloaded.read_bytes(), vk)
    assert isinstance(data, bytes)
    assert key.to_bytes() == pk.to_bytes()
    return data


def test_an_installed_key_loads_warm_and_proves(installed, keys, request_, adult, issuer, tmp_path):
    _, vk = keys
    # Stored by the application (not secret), read back on the next start.
    stored = tmp_path / "presentation.pk.installed"
    stored.write_bytes(installed)
    warm = zkcred.ProvingKey.from_installed(stored.read_bytes(), vk)
    assert warm.to_bytes() == keys[0].to_bytes()
    assert warm.verifying_key().to_bytes() == vk.to_bytes()
    assert (warm.origin, warm.zkey_hash) == ("development", None)
    path = issuer.non_revocation_path(adult.credential.serial)
    presentation = zkcred.prove(request_, adult.credential, adult.secret, path, warm)
    zkcred.verify(request_, presentation, vk)
    # Installing is deterministic: the same key gives the same bytes.
    assert zkcred.ProvingKey.install(keys[0].to_bytes(), vk)[1] == installed


@pytest.mark.parametrize("at", [0, 20, 40, 70, 200, -100, -1])
def test_a_corrupted_installed_key_is_refused(installed, vk, at):
    bad = bytearray(installed)
    bad[at] ^= 0x01
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.ProvingKey.from_installed(bytes(bad), vk)


def test_a_truncated_or_empty_installed_key_is_refused(installed, vk):
    for data in (b"", installed[:50], installed[: len(installed) // 2], installed[:-1], installed + b"\0"):
        with pytest.raises(zkcred.InvalidKeyError):
            zkcred.ProvingKey.from_installed(data, vk)


def test_an_unknown_installed_format_version_is_typed(installed, vk):
    # magic (8) || format version (u16 LE) || ...
    bad = installed[:8] + (99).to_bytes(2, "little") + installed[10:]
    with pytest.raises(zkcred.UnsupportedVersionError):
        zkcred.ProvingKey.from_installed(bad, vk)


def test_a_key_installed_from_another_key_is_refused(installed, keys, other_keys):
    pk, vk = keys
    other_pk, other_vk = other_keys
    # Loaded against another trusted verifying key: refused.
    with pytest.raises(zkcred.InvalidKeyError, match="another key"):
        zkcred.ProvingKey.from_installed(installed, other_vk)
    # Another key's installed form, loaded as if it were ours: refused.
    _, theirs = zkcred.ProvingKey.install(other_pk.to_bytes(), other_vk)
    with pytest.raises(zkcred.InvalidKeyError, match="another key"):
        zkcred.ProvingKey.from_installed(theirs, vk)
    # Installing a key against a verifying key it does not match: refused.
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.ProvingKey.install(pk.to_bytes(), other_vk)
    # The compressed key is not an installed one, nor the other way round.
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.ProvingKey.from_installed(pk.to_bytes(), vk)
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.ProvingKey.install(installed, vk)
