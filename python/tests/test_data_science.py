"""What a lender's data scientist has in hand works where a plain Python
value does (issue #15, Python points 2, 3 and 6): numpy integers, DataFrame
rows, pandas Timestamps; request builders that return new objects and refuse
a typo at the call; file errors that are OSErrors naming the path."""

from __future__ import annotations

import datetime
import errno
import json

import numpy as np
import pandas as pd
import pytest

import zkcred
from conftest import TODAY, subject

METRICS = {
    "annual_revenue": 250_000_000,
    "monthly_transaction_volume": 1_800_000,
    "on_time_repayment_bps": 9_700,
    "outstanding_debt": 40_000_000,
    "years_in_business": 7,
    "defaults_24m": 0,
}


# -- point 2: numpy and pandas values -----------------------------------------


def test_metrics_from_numpy_integers_and_a_dataframe_row():
    plain = zkcred.Metrics.from_dict(METRICS)
    numpy = zkcred.Metrics.from_dict({k: np.int64(v) for k, v in METRICS.items()})
    assert numpy.to_dict() == plain.to_dict()
    df = pd.DataFrame([METRICS, {**METRICS, "years_in_business": 1}])
    row = zkcred.Metrics.from_dict(df.iloc[0])  # a Series of int64
    assert row.to_dict() == METRICS
    # A frame with a float column makes every row float64: whole floats load.
    floaty = df.astype({"defaults_24m": "float64"})
    assert zkcred.Metrics.from_dict(floaty.iloc[1]).to_dict() == {**METRICS, "years_in_business": 1}
    # A fraction or a missing value is still refused, naming the metric only.
    with pytest.raises(zkcred.MetricsError, match="`defaults_24m` must be a non-negative integer"):
        zkcred.Metrics.from_dict({**METRICS, "defaults_24m": 0.5})
    with pytest.raises(zkcred.ZkcredError):
        zkcred.Metrics.from_dict({**METRICS, "defaults_24m": float("nan")})


def test_numpy_values_in_requests_and_credit_policies(schema, issuer):
    request = (
        zkcred.PresentationRequest(schema, "x", now=TODAY)
        .accept_issuer(issuer.public_key, issuer.revocation_root)
        .require("kyc_level", ">=", np.int64(2))
        .require("kyc_level", "between", np.array([1, 5]))
        .require("nationality", "in", pd.Series(["DE", "FR"]).to_numpy())
        .require("pep", "=", np.bool_(False))
    )
    preds = json.loads(request.to_json())["predicates"]
    assert [p["value"] for p in preds] == [2, [1, 5], ["DE", "FR"], False]
    policy = zkcred.CreditPolicy("EUR").require("annual_revenue", at_least=np.int64(100_000_000))
    assert policy.thresholds == [("annual_revenue", ">=", 100_000_000)]


def test_pandas_timestamps_and_dates_are_dates(schema, issuer):
    secret = zkcred.HolderSecret.generate()
    midnight = pd.Timestamp("2026-11-23")
    credential = issuer.issue(
        schema,
        {**subject("1990-05-17"), "birth_date": pd.Timestamp("1990-05-17")},
        secret.commitment,
        midnight,
        datetime.datetime(2027, 11, 23),
    )
    assert credential.attributes["birth_date"] == "1990-05-17"
    request = zkcred.PresentationRequest(schema, "x", now=midnight)
    assert request.now == datetime.date(2026, 11, 23)
    assert request.at(datetime.date(2026, 1, 2)).now == datetime.date(2026, 1, 2)
    policy = zkcred.CreditPolicy("EUR", date=pd.Timestamp("2026-11-23"))
    assert policy.date == datetime.date(2026, 11, 23)
    # A time of day is refused with a clear error (and the time is not shown).
    for stamp in (pd.Timestamp("1990-05-17 13:45"), datetime.datetime(1990, 5, 17, 0, 0, 1)):
        with pytest.raises(zkcred.InvalidDateError, match="time of day") as e:
            zkcred.PresentationRequest(schema, "x", now=stamp)
        assert "13:45" not in str(e.value)
        with pytest.raises(zkcred.InvalidDateError, match="time of day"):
            issuer.issue(schema, {**subject("1990-05-17"), "birth_date": stamp},
                         secret.commitment, TODAY, TODAY)
    with pytest.raises(zkcred.InvalidDateError, match="time of day"):
        zkcred.CreditPolicy("EUR", date=pd.Timestamp("2026-11-23 00:00:00.000000001"))


# -- point 3: builders return new objects and check at the call ----------------


def test_request_builders_return_new_requests(schema, issuer):
    base = zkcred.PresentationRequest(schema, "x", now=TODAY)
    with_issuer = base.accept_issuer(issuer.public_key, issuer.revocation_root)
    adult = with_issuer.require("birth_date", "ageAtLeast", 18)
    shown = adult.disclose("kyc_level")
    later = shown.at("2027-01-01")
    assert base.accepted_issuers == [] and len(with_issuer.accepted_issuers) == 1
    assert with_issuer.predicates == [] and len(adult.predicates) == 1
    assert adult.disclosed_attributes == [] and shown.disclosed_attributes == ["kyc_level"]
    assert shown.now == TODAY and later.now == datetime.date(2027, 1, 1)
    shown.validate()
    # The old habit of not keeping the result leaves the request unchanged.
    base.require("kyc_level", ">=", 2)
    assert base.predicates == []


def test_a_typo_in_require_raises_at_the_call(schema, issuer):
    base = zkcred.PresentationRequest(schema, "x", now=TODAY)
    with pytest.raises(zkcred.RequestError) as e:
        base.require("age", ">=", 18)
    msg = str(e.value)
    assert "no attribute `age`" in msg
    for name, _ in schema.attributes:
        assert name in msg
    # An operand that does not fit the attribute, or an operator on the wrong type.
    with pytest.raises(zkcred.RequestError, match="ageAtLeast"):
        base.require("kyc_level", "ageAtLeast", 18)
    with pytest.raises(zkcred.RequestError, match="does not fit"):
        base.require("kyc_level", ">=", "two")
    with pytest.raises(zkcred.RequestError, match="no attribute `nationalty`"):
        base.disclose("nationalty")
    with pytest.raises(zkcred.RequestError, match="disclosed twice"):
        base.disclose("kyc_level").disclose("kyc_level")
    # The request the typo was made on is untouched and still builds.
    good = base.accept_issuer(issuer.public_key, issuer.revocation_root).require("kyc_level", ">=", 2)
    good.validate()
    assert base.predicates == []


# -- point 6: file errors are OSErrors naming the path --------------------------


def test_a_missing_key_file_is_a_file_not_found_error_with_the_path(tmp_path):
    missing = tmp_path / "keys" / "presentation.vk"
    loaders = [
        zkcred.VerifyingKey.load,
        zkcred.ProvingKey.load,
        zkcred.ScorecardVerifyingKey.load,
        zkcred.ScorecardProvingKey.load,
    ]
    for load in loaders:
        with pytest.raises(FileNotFoundError) as e:
            load(missing)
        err = e.value
        assert isinstance(err, OSError) and isinstance(err, zkcred.ZkcredIOError)
        assert isinstance(err, zkcred.ZkcredError)
        assert err.errno == errno.ENOENT
        assert err.filename == str(missing)
        assert err.path == str(missing)
        assert str(missing) in str(err) and "No such file or directory" in str(err)


def test_scorecard_keys_save_and_load(tmp_path):
    pk, vk = zkcred.setup_scorecard()
    pk.save(tmp_path / "scorecard.pk")
    vk.save(str(tmp_path / "scorecard.vk"))
    assert zkcred.ScorecardVerifyingKey.load(tmp_path / "scorecard.vk").to_bytes() == vk.to_bytes()
    again = zkcred.ScorecardProvingKey.load(tmp_path / "scorecard.pk")
    assert again.verifying_key().to_bytes() == vk.to_bytes()
    # A directory where a file is expected: an OSError naming it, too.
    with pytest.raises(OSError) as e:
        zkcred.ScorecardVerifyingKey.load(tmp_path)
    assert isinstance(e.value, zkcred.ZkcredIOError)
    assert e.value.filename == str(tmp_path)
    # A file that is not a key is not an OSError, but names the file.
    (tmp_path / "garbage.vk").write_bytes(b"not a key")
    with pytest.raises(zkcred.InvalidKeyError) as k:
        zkcred.ScorecardVerifyingKey.load(tmp_path / "garbage.vk")
    assert not isinstance(k.value, OSError)
    assert k.value.path == str(tmp_path / "garbage.vk")
