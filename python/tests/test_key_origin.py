"""A loaded key tells where it comes from (issue #13): `origin` and
`zkey_hash` on both keys; a development key, and the same verifying key with
a version-2 header naming a ceremony zkey's BLAKE2b-512 hash."""

import zkcred


def test_a_development_key_and_a_ceremony_key_say_where_they_come_from(pk, vk):
    assert (pk.origin, pk.zkey_hash) == ("development", None)
    assert (vk.origin, vk.zkey_hash) == ("development", None)
    v1 = vk.to_bytes()
    # magic (8) || version 2 (u16 LE) || circuit id (16) || zkey hash (64) || key
    v2 = v1[:8] + (2).to_bytes(2, "little") + v1[10:26] + bytes([0xAB]) * 64 + v1[26:]
    ceremony = zkcred.VerifyingKey.from_bytes(v2)
    assert ceremony.origin == "ceremony"
    assert ceremony.zkey_hash == "ab" * 64


def test_a_request_names_its_verifying_key_by_hash(schema, vk):
    request = zkcred.PresentationRequest(schema, "shop.example")
    assert request.vk_hash is None
    named = request.for_verifying_key(vk)
    assert named.vk_hash is not None and len(named.vk_hash) == 43
    assert request.vk_hash is None  # the builder returns a new request
