//! Scorecard models: a lender's linear or binned points scorecard over the
//! credit metrics, in JSON, with a stable hash.
//!
//! Linear (what the transparent path proves homomorphically):
//! ```json
//! {"scorecardVersion": 1, "id": "lender.example/sme", "version": 3, "type": "linear",
//!  "features": [{"metric": "on_time_repayment_bps", "weight": 1},
//!               {"metric": "defaults_24m", "weight": -500}],
//!  "bias": 0, "cutoff": 8000}
//! ```
//! `score = sum(weight_i * metric_i) + bias`, accepted when `score >= cutoff`.
//! Weights, bias and cutoff are signed 64-bit integers.
//!
//! Binned (what the succinct path proves in a circuit):
//! ```json
//! {"scorecardVersion": 1, "id": "lender.example/sme-points", "version": 1, "type": "binned",
//!  "features": [{"metric": "years_in_business", "bins": [
//!      {"min": 0, "max": 1, "points": 0}, {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]}],
//!  "cutoff": 40}
//! ```
//! Each listed metric's bins must cover `0 ..= max(metric)` exactly: the first
//! starts at 0, each next one at the previous `max + 1`, and only the last may
//! leave `max` out (open-ended). At most [`MAX_BINS`] bins per metric and at
//! most [`MAX_POINTS`] points per bin; a metric not listed scores 0.
//!
//! Refused with [`Error::Scorecard`]: unknown fields or metrics, a metric
//! listed twice, no features, overlapping or missing bins, and any model
//! whose score range could overflow: for a linear model, the lowest and
//! highest score over the metrics' ranges and the cutoff must lie within
//! `±2^62`, so `score - cutoff` always lies within `±2^63` — far below the
//! Ristretto group order (no wrap-around in commitments) and inside the
//! 64-bit range proofs.
//!
//! # Hash
//!
//! [`Scorecard::hash`] is a Poseidon hash (BN254, circomlib parameters) of
//! the model's canonical field elements `e`, absorbed 15 at a time:
//! `acc_0 = len(e)`, `acc_{k+1} = Poseidon(acc_k, e_{15k} .. e_{15k+14})`
//! (the last chunk zero-padded), hash = the last `acc`.
//! - linear: `e = [tag_linear, hash_string(id), version, bias, cutoff,
//!   w_0 .. w_5]` (weights in schema order, 0 for a metric not listed;
//!   negative numbers as `p - |x|`);
//! - binned: `e = [tag_binned, hash_string(id), version, cutoff,
//!   slot_{0,0} .. slot_{5,7}]`, 6 metrics x [`MAX_BINS`] slots, where
//!   `slot = lower + points * 2^64`; slots past a metric's last bin repeat
//!   it, and a metric not listed has 8 slots `(0, 0)`. The circuit evaluates
//!   `points(m) = sum_j [m >= lower_j] (points_j - points_{j-1})`.
//!
//! The tags are `hash_string("zkcred/scorecard/v1/linear")` and
//! `hash_string("zkcred/scorecard/v1/binned")`. The hash ignores the order
//! of features in the JSON and whether a metric is listed with weight 0.

use serde::{Deserialize, Serialize};
use zkcred_circuits::{scorecard, Fr};

use crate::metrics::{printable, Metric, Metrics, METRIC_COUNT};
use zkcred_core::{encoding::hash_string, Error, Result};

/// The model format version.
pub const SCORECARD_FORMAT_VERSION: u64 = 1;
/// Most bins per metric (the circuit's fixed slots).
pub const MAX_BINS: usize = 8;
/// Most points one bin gives.
pub const MAX_POINTS: u64 = 1 << 20;
/// Bound on |score| and |cutoff| of a linear model.
pub const SCORE_BOUND: i128 = 1 << 62;
/// Canonical field elements absorbed per Poseidon call.
pub const HASH_RATE: usize = 15;

/// One bin: metric values `min ..= max` give `points`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bin {
    /// Lowest value in the bin.
    pub min: u64,
    /// Highest value in the bin; `None` for the open-ended last bin.
    pub max: Option<u64>,
    /// Points the bin gives.
    pub points: u64,
}

/// A linear scorecard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinearScorecard {
    /// The metrics and their weights, as listed.
    pub features: Vec<(Metric, i64)>,
    /// The constant term.
    pub bias: i64,
    /// The lowest accepted score.
    pub cutoff: i64,
}

impl LinearScorecard {
    /// Weights in schema order (0 for a metric not listed).
    pub fn weights(&self) -> [i64; METRIC_COUNT] {
        let mut w = [0; METRIC_COUNT];
        for (m, x) in &self.features {
            w[m.index()] = *x;
        }
        w
    }

    /// `sum(w_i m_i) + bias`, exact.
    pub fn score(&self, metrics: &Metrics) -> i128 {
        let w = self.weights();
        Metric::ALL
            .iter()
            .map(|m| i128::from(w[m.index()]) * i128::from(metrics.get(*m)))
            .sum::<i128>()
            + i128::from(self.bias)
    }
}

/// A binned points scorecard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinnedScorecard {
    /// The metrics and their bins, as listed.
    pub features: Vec<(Metric, Vec<Bin>)>,
    /// The lowest accepted total.
    pub cutoff: u64,
}

impl BinnedScorecard {
    /// The fixed slots `(lower, points)`: [`MAX_BINS`] per metric, schema order.
    pub fn slots(&self) -> [[(u64, u64); MAX_BINS]; METRIC_COUNT] {
        let mut out = [[(0, 0); MAX_BINS]; METRIC_COUNT];
        for (m, bins) in &self.features {
            for (j, slot) in out[m.index()].iter_mut().enumerate() {
                let b = &bins[j.min(bins.len() - 1)];
                *slot = (b.min, b.points);
            }
        }
        out
    }

    /// Total points of `metrics`.
    pub fn score(&self, metrics: &Metrics) -> u64 {
        self.features
            .iter()
            .map(|(m, bins)| {
                let v = metrics.get(*m);
                bins.iter()
                    .rev()
                    .find(|b| v >= b.min)
                    .map_or(0, |b| b.points)
            })
            .sum()
    }
}

/// A scorecard model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scorecard {
    /// The model's name.
    pub id: String,
    /// The model's own version (not the format version).
    pub version: u64,
    /// Linear or binned.
    pub kind: ScorecardKind,
    hash: Fr,
}

/// The two model types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScorecardKind {
    /// Weights per metric.
    Linear(LinearScorecard),
    /// Bins and points per metric.
    Binned(BinnedScorecard),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ScorecardJson {
    scorecard_version: u64,
    id: String,
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    features: Vec<FeatureJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bias: Option<i64>,
    cutoff: i64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeatureJson {
    metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weight: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bins: Option<Vec<BinJson>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BinJson {
    min: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<u64>,
    points: u64,
}

fn bad(msg: impl Into<String>) -> Error {
    Error::Scorecard(msg.into())
}

fn metric_of(name: &str) -> Result<Metric> {
    Metric::from_name(name).map_err(|_| bad(format!("unknown metric `{}`", printable(name))))
}

fn check_bins(m: Metric, bins: &[BinJson]) -> Result<Vec<Bin>> {
    let name = m.name();
    if bins.is_empty() || bins.len() > MAX_BINS {
        return Err(bad(format!("`{name}`: between 1 and {MAX_BINS} bins")));
    }
    let mut next = 0u64; // the lowest value not yet covered
    let mut out = Vec::with_capacity(bins.len());
    for (j, b) in bins.iter().enumerate() {
        if b.points > MAX_POINTS {
            return Err(bad(format!(
                "`{name}` bin {j}: more than {MAX_POINTS} points"
            )));
        }
        if b.min < next {
            return Err(bad(format!("`{name}` bin {j}: overlapping bins")));
        }
        if b.min > next {
            return Err(bad(format!(
                "`{name}` bin {j}: missing bins (values {next} ..= {} are in none)",
                b.min - 1
            )));
        }
        if b.min > m.max_value() {
            return Err(bad(format!(
                "`{name}` bin {j}: starts above the metric's maximum {}",
                m.max_value()
            )));
        }
        let last = j + 1 == bins.len();
        match b.max {
            Some(max) if max < b.min => {
                return Err(bad(format!("`{name}` bin {j}: max below min")));
            }
            Some(max) if last && max < m.max_value() => {
                return Err(bad(format!(
                    "`{name}`: missing bins (values {} ..= {} are in none)",
                    max + 1,
                    m.max_value()
                )));
            }
            Some(max) => next = max.saturating_add(1),
            None if !last => {
                return Err(bad(format!(
                    "`{name}` bin {j}: only the last bin may leave out max"
                )));
            }
            None => {}
        }
        out.push(Bin {
            min: b.min,
            max: b.max,
            points: b.points,
        });
    }
    Ok(out)
}

/// A signed integer as a field element (`p - |x|` when negative).
pub(crate) fn fr_of_i64(x: i64) -> Fr {
    let f = Fr::from(x.unsigned_abs());
    if x < 0 {
        -f
    } else {
        f
    }
}

/// The chained Poseidon hash of the module documentation (the circuit's,
/// [`zkcred_circuits::scorecard::hash_elements`]).
pub fn hash_elements(elements: &[Fr]) -> Fr {
    scorecard::hash_elements(elements)
}

/// Checks a model document's shape field by field before serde reads it, so
/// an error names the field and where it is (`missing field 'cutoff'`,
/// `'points' must be a non-negative integer (features[0].bins[2])`) instead
/// of a JSON position in a document the user may never have seen (a dict
/// from Python, an object from JavaScript).
fn check_shape(doc: &serde_json::Value) -> Result<()> {
    use serde_json::{Map, Value};
    type Obj = Map<String, Value>;
    fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Obj> {
        v.as_object().ok_or_else(|| {
            bad(if at.is_empty() {
                "a scorecard must be a JSON object".to_string()
            } else {
                format!("{} must be an object", at.trim_start_matches(" in "))
            })
        })
    }
    fn fields(obj: &Obj, at: &str, required: &[&str], optional: &[&str]) -> Result<()> {
        if let Some(r) = required.iter().find(|r| !obj.contains_key(**r)) {
            return Err(bad(format!("missing field '{r}'{at}")));
        }
        if let Some(k) = obj
            .keys()
            .find(|k| !required.contains(&k.as_str()) && !optional.contains(&k.as_str()))
        {
            return Err(bad(format!("unknown field '{}'{at}", printable(k))));
        }
        Ok(())
    }
    fn integer(obj: &Obj, key: &str, at: &str, signed: bool) -> Result<()> {
        match obj.get(key) {
            None => Ok(()),
            Some(v) if v.as_u64().is_some() || (signed && v.as_i64().is_some()) => Ok(()),
            Some(_) if signed => Err(bad(format!("'{key}' must be an integer{at}"))),
            Some(_) => Err(bad(format!("'{key}' must be a non-negative integer{at}"))),
        }
    }
    fn string(obj: &Obj, key: &str, at: &str) -> Result<()> {
        match obj.get(key) {
            Some(v) if !v.is_string() => Err(bad(format!("'{key}' must be a string{at}"))),
            _ => Ok(()),
        }
    }
    fn array<'a>(obj: &'a Obj, key: &str, at: &str) -> Result<&'a [Value]> {
        match obj.get(key) {
            None => Ok(&[]),
            Some(v) => v
                .as_array()
                .map(Vec::as_slice)
                .ok_or_else(|| bad(format!("'{key}' must be a list{at}"))),
        }
    }

    let top = object(doc, "")?;
    fields(
        top,
        "",
        &[
            "scorecardVersion",
            "id",
            "version",
            "type",
            "features",
            "cutoff",
        ],
        &["bias"],
    )?;
    integer(top, "scorecardVersion", "", false)?;
    string(top, "id", "")?;
    integer(top, "version", "", false)?;
    string(top, "type", "")?;
    integer(top, "bias", "", true)?;
    integer(top, "cutoff", "", true)?;
    for (i, f) in array(top, "features", "")?.iter().enumerate() {
        let at = format!(" in features[{i}]");
        let f = object(f, &at)?;
        fields(f, &at, &["metric"], &["weight", "bins"])?;
        string(f, "metric", &at)?;
        integer(f, "weight", &at, true)?;
        for (j, b) in array(f, "bins", &at)?.iter().enumerate() {
            let at = format!(" in features[{i}].bins[{j}]");
            let b = object(b, &at)?;
            fields(b, &at, &["min", "points"], &["max"])?;
            for key in ["min", "max", "points"] {
                integer(b, key, &at, false)?;
            }
        }
    }
    Ok(())
}

impl Scorecard {
    /// Parses and validates a model. Malformed JSON is an [`Error::Json`]
    /// (with its position); a document of the wrong shape a
    /// [`Error::Scorecard`] naming the field ([`Scorecard::from_value`]).
    pub fn from_json(json: &str) -> Result<Scorecard> {
        let doc: serde_json::Value = serde_json::from_str(json)?;
        Scorecard::from_value(&doc)
    }

    /// Validates a model given as a JSON value (a dict from Python, an object
    /// from JavaScript). Every error is an [`Error::Scorecard`] (or
    /// [`Error::UnsupportedVersion`]) naming the field and where it is, e.g.
    /// `missing field 'cutoff'`, `'points' must be a non-negative integer
    /// (features[0].bins[2])`; never a JSON position.
    pub fn from_value(doc: &serde_json::Value) -> Result<Scorecard> {
        check_shape(doc)?;
        let j = ScorecardJson::deserialize(doc)
            .map_err(|_| bad("the document does not have the shape of a scorecard"))?;
        if j.scorecard_version != SCORECARD_FORMAT_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "scorecard",
                found: j.scorecard_version,
                supported: SCORECARD_FORMAT_VERSION,
            });
        }
        if j.id.is_empty() {
            return Err(bad("the id is empty"));
        }
        let id_hash = hash_string(&j.id).map_err(|_| bad("the id is longer than 465 bytes"))?;
        if j.features.is_empty() {
            return Err(bad("no features"));
        }
        let mut seen = [false; METRIC_COUNT];
        let mut metric = |name: &str| -> Result<Metric> {
            let m = metric_of(name)?;
            if std::mem::replace(&mut seen[m.index()], true) {
                return Err(bad(format!("`{}` is listed twice", m.name())));
            }
            Ok(m)
        };
        let kind = match j.kind.as_str() {
            "linear" => {
                let mut features = Vec::new();
                for f in &j.features {
                    let m = metric(&f.metric)?;
                    if f.bins.is_some() {
                        return Err(bad(format!("`{}`: a linear model has no bins", m.name())));
                    }
                    let w = f
                        .weight
                        .ok_or_else(|| bad(format!("`{}`: missing weight", m.name())))?;
                    features.push((m, w));
                }
                let lin = LinearScorecard {
                    features,
                    bias: j.bias.unwrap_or(0),
                    cutoff: j.cutoff,
                };
                // The score's range over every metric vector in the schema.
                let (mut lo, mut hi) = (i128::from(lin.bias), i128::from(lin.bias));
                for (m, w) in &lin.features {
                    let extreme = i128::from(*w) * i128::from(m.max_value());
                    if extreme < 0 {
                        lo += extreme;
                    } else {
                        hi += extreme;
                    }
                }
                let cutoff = i128::from(lin.cutoff);
                if lo <= -SCORE_BOUND
                    || hi >= SCORE_BOUND
                    || cutoff <= -SCORE_BOUND
                    || cutoff >= SCORE_BOUND
                {
                    return Err(bad(
                        "overflow of the score range: scores and cutoff must stay within ±2^62 over the metrics' ranges",
                    ));
                }
                ScorecardKind::Linear(lin)
            }
            "binned" => {
                if j.bias.is_some() {
                    return Err(bad("a binned model has no bias"));
                }
                let mut features = Vec::new();
                for f in &j.features {
                    let m = metric(&f.metric)?;
                    if f.weight.is_some() {
                        return Err(bad(format!(
                            "`{}`: a binned model has no weights",
                            m.name()
                        )));
                    }
                    let bins = f
                        .bins
                        .as_deref()
                        .ok_or_else(|| bad(format!("`{}`: missing bins", m.name())))?;
                    features.push((m, check_bins(m, bins)?));
                }
                let cutoff = u64::try_from(j.cutoff)
                    .map_err(|_| bad("a binned model's cutoff is non-negative"))?;
                let best: u64 = features
                    .iter()
                    .map(|(_, bins)| bins.iter().map(|b| b.points).max().unwrap_or(0))
                    .sum();
                if cutoff > best {
                    return Err(bad(format!(
                        "overflow of the score range: the cutoff is above the highest total ({best})"
                    )));
                }
                ScorecardKind::Binned(BinnedScorecard { features, cutoff })
            }
            _ => return Err(bad("type must be `linear` or `binned`")),
        };
        let mut s = Scorecard {
            id: j.id,
            version: j.version,
            kind,
            hash: Fr::from(0u64),
        };
        s.hash = hash_elements(&s.elements(id_hash));
        Ok(s)
    }

    /// The model as JSON (features in the order they were listed).
    pub fn to_json(&self) -> String {
        let (kind, features, bias, cutoff) = match &self.kind {
            ScorecardKind::Linear(l) => (
                "linear",
                l.features
                    .iter()
                    .map(|(m, w)| FeatureJson {
                        metric: m.name().into(),
                        weight: Some(*w),
                        bins: None,
                    })
                    .collect(),
                Some(l.bias),
                l.cutoff,
            ),
            ScorecardKind::Binned(b) => (
                "binned",
                b.features
                    .iter()
                    .map(|(m, bins)| FeatureJson {
                        metric: m.name().into(),
                        weight: None,
                        bins: Some(
                            bins.iter()
                                .map(|b| BinJson {
                                    min: b.min,
                                    max: b.max,
                                    points: b.points,
                                })
                                .collect(),
                        ),
                    })
                    .collect(),
                None,
                b.cutoff as i64, // validated <= 6 * MAX_POINTS
            ),
        };
        serde_json::to_string_pretty(&ScorecardJson {
            scorecard_version: SCORECARD_FORMAT_VERSION,
            id: self.id.clone(),
            version: self.version,
            kind: kind.into(),
            features,
            bias,
            cutoff,
        })
        .expect("scorecards serialize")
    }

    /// The model's hash (see the module documentation).
    pub fn hash(&self) -> Fr {
        self.hash
    }

    /// The canonical field elements the hash absorbs.
    fn elements(&self, id_hash: Fr) -> Vec<Fr> {
        match &self.kind {
            ScorecardKind::Linear(l) => {
                let mut e = vec![
                    tag("zkcred/scorecard/v1/linear"),
                    id_hash,
                    Fr::from(self.version),
                    fr_of_i64(l.bias),
                    fr_of_i64(l.cutoff),
                ];
                e.extend(l.weights().iter().map(|w| fr_of_i64(*w)));
                e
            }
            ScorecardKind::Binned(b) => binned_model(id_hash, self.version, b).elements(),
        }
    }

    /// The binned model in the circuit's fixed slots, if the model is binned.
    pub fn circuit_model(&self) -> Option<scorecard::BinnedModel> {
        let id_hash = hash_string(&self.id).expect("validated when parsed");
        match &self.kind {
            ScorecardKind::Binned(b) => Some(binned_model(id_hash, self.version, b)),
            ScorecardKind::Linear(_) => None,
        }
    }

    /// Whether `metrics` reach the cutoff.
    pub fn passes(&self, metrics: &Metrics) -> bool {
        match &self.kind {
            ScorecardKind::Linear(l) => l.score(metrics) >= i128::from(l.cutoff),
            ScorecardKind::Binned(b) => b.score(metrics) >= b.cutoff,
        }
    }

    /// The linear model, or an error naming what was expected.
    pub fn as_linear(&self) -> Result<&LinearScorecard> {
        match &self.kind {
            ScorecardKind::Linear(l) => Ok(l),
            ScorecardKind::Binned(_) => Err(bad(
                "the transparent path proves linear scorecards (binned ones go through the succinct path)",
            )),
        }
    }

    /// The binned model, or an error naming what was expected.
    pub fn as_binned(&self) -> Result<&BinnedScorecard> {
        match &self.kind {
            ScorecardKind::Binned(b) => Ok(b),
            ScorecardKind::Linear(_) => Err(bad(
                "the succinct path proves binned scorecards (linear ones go through the transparent path)",
            )),
        }
    }
}

fn binned_model(id_hash: Fr, version: u64, b: &BinnedScorecard) -> scorecard::BinnedModel {
    scorecard::BinnedModel {
        tag: tag("zkcred/scorecard/v1/binned"),
        id_hash,
        version,
        cutoff: b.cutoff,
        slots: b.slots(),
    }
}

fn tag(s: &str) -> Fr {
    hash_string(s).expect("short tag")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINEAR: &str = r#"{"scorecardVersion": 1, "id": "lender/sme", "version": 3, "type": "linear",
        "features": [{"metric": "on_time_repayment_bps", "weight": 1}, {"metric": "defaults_24m", "weight": -500}],
        "bias": 10, "cutoff": 8000}"#;
    const BINNED: &str = r#"{"scorecardVersion": 1, "id": "lender/pts", "version": 1, "type": "binned",
        "features": [{"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0},
            {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]}], "cutoff": 20}"#;

    fn metrics(bps: u64, defaults: u64, years: u64) -> Metrics {
        Metrics::new([0, 0, bps, 0, years, defaults]).unwrap()
    }

    fn refused(json: &str, needle: &str) {
        match Scorecard::from_json(json) {
            Err(Error::Scorecard(msg)) => assert!(msg.contains(needle), "{msg} lacks {needle}"),
            other => panic!("expected a scorecard error with `{needle}`, got {other:?}"),
        }
    }

    #[test]
    fn linear_scores_and_round_trips() {
        let s = Scorecard::from_json(LINEAR).unwrap();
        let l = s.as_linear().unwrap();
        assert_eq!(l.score(&metrics(9_000, 2, 0)), 9_000 - 1_000 + 10);
        assert!(s.passes(&metrics(9_000, 1, 0)));
        assert!(!s.passes(&metrics(8_000, 1, 0)));
        let again = Scorecard::from_json(&s.to_json()).unwrap();
        assert_eq!(again, s);
        assert!(s.as_binned().is_err());
    }

    #[test]
    fn binned_scores_from_the_bin_containing_the_value() {
        let s = Scorecard::from_json(BINNED).unwrap();
        let b = s.as_binned().unwrap();
        for (years, points) in [(0, 0), (1, 0), (2, 20), (4, 20), (5, 40), (500, 40)] {
            assert_eq!(b.score(&metrics(0, 0, years)), points, "{years}");
        }
        // The slots repeat the last bin; absent metrics are (0, 0).
        let slots = b.slots();
        assert_eq!(
            slots[Metric::YearsInBusiness.index()][..4],
            [(0, 0), (2, 20), (5, 40), (5, 40)]
        );
        assert_eq!(slots[0], [(0, 0); MAX_BINS]);
        assert_eq!(Scorecard::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn hash_is_stable_and_separates_models() {
        let a = Scorecard::from_json(LINEAR).unwrap();
        // Reordered features and whitespace: same hash.
        let reordered = r#"{"scorecardVersion": 1, "id": "lender/sme", "version": 3, "type": "linear",
            "features": [{"metric": "defaults_24m", "weight": -500}, {"metric": "on_time_repayment_bps", "weight": 1}],
            "bias": 10, "cutoff": 8000}"#;
        assert_eq!(Scorecard::from_json(reordered).unwrap().hash(), a.hash());
        for changed in [
            LINEAR.replace("\"version\": 3", "\"version\": 4"),
            LINEAR.replace("lender/sme", "lender/smf"),
            LINEAR.replace("-500", "-501"),
            LINEAR.replace("\"bias\": 10", "\"bias\": -10"),
            LINEAR.replace("8000", "8001"),
        ] {
            assert_ne!(
                Scorecard::from_json(&changed).unwrap().hash(),
                a.hash(),
                "{changed}"
            );
        }
        let b = Scorecard::from_json(BINNED).unwrap();
        let changed = BINNED.replace("\"points\": 40", "\"points\": 41");
        assert_ne!(Scorecard::from_json(&changed).unwrap().hash(), b.hash());
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn bad_models_are_refused_with_clear_errors() {
        refused(
            &LINEAR.replace("defaults_24m", "profit"),
            "unknown metric `profit`",
        );
        refused(
            &LINEAR.replace(
                "\"metric\": \"defaults_24m\"",
                "\"metric\": \"on_time_repayment_bps\"",
            ),
            "listed twice",
        );
        refused(&BINNED.replace("\"min\": 2", "\"min\": 1"), "overlapping");
        refused(&BINNED.replace("\"min\": 2", "\"min\": 3"), "missing bins");
        refused(
            &BINNED.replace(
                "{\"min\": 5, \"points\": 40}",
                "{\"min\": 5, \"max\": 99, \"points\": 40}",
            ),
            "missing bins",
        );
        refused(
            &BINNED.replace("\"min\": 0, \"max\": 1", "\"min\": 0"),
            "only the last",
        );
        refused(
            &BINNED.replace("\"cutoff\": 20", "\"cutoff\": 41"),
            "overflow of the score range",
        );
        // 10^15 (the revenue's range) x 5,000 > 2^62; x 4,000 is not.
        let revenue = |w: i64| {
            LINEAR.replace(
                "\"metric\": \"defaults_24m\", \"weight\": -500",
                &format!("\"metric\": \"annual_revenue\", \"weight\": {w}"),
            )
        };
        refused(&revenue(-5_000), "overflow of the score range");
        refused(&revenue(5_000), "overflow of the score range");
        assert!(Scorecard::from_json(&revenue(-4_000)).is_ok());
        refused(&LINEAR.replace("8000", "9223372036854775807"), "overflow");
        refused(&LINEAR.replace("\"linear\"", "\"tree\""), "type");
        refused(
            &LINEAR.replace(
                "\"features\": [",
                "\"features\": [{\"metric\": \"defaults_24m\", \"weight\": 1, \"bins\": []},",
            ),
            "",
        );
        refused(
            r#"{"scorecardVersion": 1, "id": "x", "version": 1, "type": "linear", "features": [], "cutoff": 0}"#,
            "no features",
        );
        let nine_bins: Vec<String> = (0..9)
            .map(|i| format!("{{\"min\": {i}, \"max\": {i}, \"points\": 1}}"))
            .collect();
        refused(
            &BINNED.replace(
                "[{\"min\": 0, \"max\": 1, \"points\": 0},\n            {\"min\": 2, \"max\": 4, \"points\": 20}, {\"min\": 5, \"points\": 40}]",
                &format!("[{}]", nine_bins.join(",")),
            ),
            "bins",
        );
        assert!(matches!(
            Scorecard::from_json(
                &LINEAR.replace("\"scorecardVersion\": 1", "\"scorecardVersion\": 2")
            ),
            Err(Error::UnsupportedVersion { .. })
        ));
        // Issue #15 (Python point 4): a document of the wrong shape names the
        // field, not a JSON position.
        refused(
            &LINEAR.replace("\"bias\"", "\"intercept\""),
            "unknown field 'intercept'",
        );
        assert!(matches!(Scorecard::from_json("{"), Err(Error::Json(_))));
    }

    #[test]
    fn a_document_of_the_wrong_shape_names_the_field() {
        refused(
            &BINNED.replace(", \"cutoff\": 20", ""),
            "missing field 'cutoff'",
        );
        refused(
            &BINNED.replace("\"points\": 20", "\"points\": 20.5"),
            "'points' must be a non-negative integer in features[0].bins[1]",
        );
        refused(
            &BINNED.replace("\"points\": 20", "\"points\": \"20\""),
            "'points' must be a non-negative integer in features[0].bins[1]",
        );
        refused(
            &LINEAR.replace("\"weight\": 1", "\"weight\": 1.5"),
            "'weight' must be an integer in features[0]",
        );
        refused(&BINNED.replace("\"min\": 5, ", ""), "missing field 'min'");
        refused("[1, 2]", "must be a JSON object");
        refused(
            &LINEAR.replace("\"features\": [", "\"features\": [3, "),
            "features[0] must be an object",
        );
        let e = Scorecard::from_value(&serde_json::json!({"id": "x"})).unwrap_err();
        assert!(matches!(e, Error::Scorecard(_)), "{e:?}");
        assert!(!e.to_string().contains("column"), "{e}");
        // A valid value loads as its JSON does.
        let doc: serde_json::Value = serde_json::from_str(BINNED).unwrap();
        assert_eq!(
            Scorecard::from_value(&doc).unwrap(),
            Scorecard::from_json(BINNED).unwrap()
        );
    }
}
