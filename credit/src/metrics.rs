//! The SME credit metric schema (`zkcred/sme-credit/v1`): six integer metrics,
//! each with a unit and a range.
//!
//! | metric | unit | range |
//! |---|---|---|
//! | `annual_revenue` | minor units of the attestation's currency (cents) | 0 ..= 10^15 |
//! | `monthly_transaction_volume` | minor units of the currency | 0 ..= 10^15 |
//! | `on_time_repayment_bps` | basis points (10,000 = 100 %) | 0 ..= 10,000 |
//! | `outstanding_debt` | minor units of the currency | 0 ..= 10^15 |
//! | `years_in_business` | whole years | 0 ..= 500 |
//! | `defaults_24m` | defaults in the last 24 months | 0 ..= 10,000 |
//!
//! Every range is below 2^50, which is what keeps scorecards from wrapping
//! (see [`super::model`]). In JSON the metrics are one object with exactly
//! these six keys and non-negative integer values:
//! `{"annual_revenue": 250000000, "monthly_transaction_volume": 1800000, ...}`.

use serde::Serialize;

use zkcred_core::{encoding::UniqueMap, Error, Result};

/// The schema's identifier, signed into every attestation.
pub const CREDIT_SCHEMA_ID: &str = "zkcred/sme-credit/v1";

/// Number of metrics in the schema.
pub const METRIC_COUNT: usize = 6;

/// One metric of the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// Annual revenue, minor currency units.
    AnnualRevenue,
    /// Average monthly transaction volume, minor currency units.
    MonthlyTransactionVolume,
    /// On-time repayment rate, basis points.
    OnTimeRepaymentBps,
    /// Outstanding debt, minor currency units.
    OutstandingDebt,
    /// Years in business.
    YearsInBusiness,
    /// Defaults in the last 24 months.
    Defaults24m,
}

impl Metric {
    /// Every metric, in schema order (the order of commitments and circuit slots).
    pub const ALL: [Metric; METRIC_COUNT] = [
        Metric::AnnualRevenue,
        Metric::MonthlyTransactionVolume,
        Metric::OnTimeRepaymentBps,
        Metric::OutstandingDebt,
        Metric::YearsInBusiness,
        Metric::Defaults24m,
    ];

    /// Position in schema order.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Metric::AnnualRevenue => "annual_revenue",
            Metric::MonthlyTransactionVolume => "monthly_transaction_volume",
            Metric::OnTimeRepaymentBps => "on_time_repayment_bps",
            Metric::OutstandingDebt => "outstanding_debt",
            Metric::YearsInBusiness => "years_in_business",
            Metric::Defaults24m => "defaults_24m",
        }
    }

    /// The unit.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::AnnualRevenue | Metric::MonthlyTransactionVolume | Metric::OutstandingDebt => {
                "minor_currency_units"
            }
            Metric::OnTimeRepaymentBps => "basis_points",
            Metric::YearsInBusiness => "years",
            Metric::Defaults24m => "count",
        }
    }

    /// The largest value the schema admits.
    pub fn max_value(self) -> u64 {
        match self {
            Metric::AnnualRevenue | Metric::MonthlyTransactionVolume | Metric::OutstandingDebt => {
                1_000_000_000_000_000
            }
            Metric::OnTimeRepaymentBps => 10_000,
            Metric::YearsInBusiness => 500,
            Metric::Defaults24m => 10_000,
        }
    }

    /// The metric named `name`.
    pub fn from_name(name: &str) -> Result<Metric> {
        Metric::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| Error::Metrics(format!("unknown metric `{}`", printable(name))))
    }
}

/// A name as it may be shown in an error: at most 64 printable characters.
pub(crate) fn printable(name: &str) -> String {
    name.chars()
        .take(64)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The six metric values of one SME, each within its range. Not `Debug`-printed
/// (the lender must not see them; they are the SME's secret).
#[derive(Clone, PartialEq, Eq, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct Metrics([u64; METRIC_COUNT]);

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics(..)")
    }
}

impl Metrics {
    /// The metrics from values in schema order, each checked against its range.
    pub fn new(values: [u64; METRIC_COUNT]) -> Result<Metrics> {
        for m in Metric::ALL {
            if values[m.index()] > m.max_value() {
                return Err(Error::Metrics(format!(
                    "`{}` is above the schema's maximum {}",
                    m.name(),
                    m.max_value()
                )));
            }
        }
        Ok(Metrics(values))
    }

    /// The value of `metric`.
    pub fn get(&self, metric: Metric) -> u64 {
        self.0[metric.index()]
    }

    /// The values in schema order.
    pub fn values(&self) -> &[u64; METRIC_COUNT] {
        &self.0
    }

    /// Parses the JSON object described in the module documentation.
    pub fn from_json(json: &str) -> Result<Metrics> {
        let map: UniqueMap = serde_json::from_str(json)?;
        Self::from_map(&map.0)
    }

    pub(crate) fn from_map(map: &serde_json::Map<String, serde_json::Value>) -> Result<Metrics> {
        let mut values = [None; METRIC_COUNT];
        for (name, value) in map {
            let m = Metric::from_name(name)?;
            let v = value.as_u64().ok_or_else(|| {
                Error::Metrics(format!("`{}` must be a non-negative integer", m.name()))
            })?;
            values[m.index()] = Some(v);
        }
        let mut out = [0u64; METRIC_COUNT];
        for m in Metric::ALL {
            out[m.index()] = values[m.index()]
                .ok_or_else(|| Error::Metrics(format!("`{}` is missing", m.name())))?;
        }
        Metrics::new(out)
    }

    /// The JSON object (for the SME's own files; it reveals every value).
    pub fn to_json_value(&self) -> serde_json::Value {
        let map: serde_json::Map<String, serde_json::Value> = Metric::ALL
            .iter()
            .map(|m| (m.name().to_string(), self.get(*m).into()))
            .collect();
        serde_json::Value::Object(map)
    }
}

/// The schema as JSON (what `zkcred credit schema` would print).
#[derive(Serialize)]
struct SchemaEntry {
    name: &'static str,
    unit: &'static str,
    max: u64,
}

/// The schema's metrics with their units and ranges, as JSON.
pub fn schema_json() -> serde_json::Value {
    serde_json::json!({
        "id": CREDIT_SCHEMA_ID,
        "metrics": Metric::ALL.iter().map(|m| SchemaEntry { name: m.name(), unit: m.unit(), max: m.max_value() }).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_ranges_fit_50_bits() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_name(m.name()).unwrap(), m);
            assert!(m.max_value() < 1 << 50);
        }
        assert!(matches!(
            Metric::from_name("revenue"),
            Err(Error::Metrics(_))
        ));
    }

    #[test]
    fn json_requires_every_metric_once_and_in_range() {
        let ok = r#"{"annual_revenue": 1, "monthly_transaction_volume": 2, "on_time_repayment_bps": 3,
            "outstanding_debt": 4, "years_in_business": 5, "defaults_24m": 6}"#;
        assert_eq!(
            Metrics::from_json(ok).unwrap().values(),
            &[1, 2, 3, 4, 5, 6]
        );
        let missing = r#"{"annual_revenue": 1}"#;
        assert!(
            matches!(Metrics::from_json(missing), Err(Error::Metrics(e)) if e.contains("missing"))
        );
        let negative = ok.replace("\"defaults_24m\": 6", "\"defaults_24m\": -6");
        assert!(matches!(
            Metrics::from_json(&negative),
            Err(Error::Metrics(_))
        ));
        let fraction = ok.replace("\"defaults_24m\": 6", "\"defaults_24m\": 6.5");
        assert!(matches!(
            Metrics::from_json(&fraction),
            Err(Error::Metrics(_))
        ));
        let too_big = ok.replace(
            "\"on_time_repayment_bps\": 3",
            "\"on_time_repayment_bps\": 10001",
        );
        assert!(matches!(
            Metrics::from_json(&too_big),
            Err(Error::Metrics(_))
        ));
        let repeated = ok.replace("}", ", \"defaults_24m\": 7}");
        assert!(matches!(Metrics::from_json(&repeated), Err(Error::Json(_))));
        let unknown = ok.replace("}", ", \"profit\": 7}");
        assert!(matches!(
            Metrics::from_json(&unknown),
            Err(Error::Metrics(_))
        ));
        assert!(Metrics::from_json("[1,2]").is_err());
    }

    #[test]
    fn debug_hides_values() {
        let m = Metrics::new([123_456, 0, 0, 0, 0, 0]).unwrap();
        assert!(!format!("{m:?}").contains("123456"));
    }
}
