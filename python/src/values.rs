//! Conversions between Python values and the JSON values core takes:
//! `str`, `int`, `bool`, `datetime.date`, lists, sets and dicts in, and what
//! data scientists hold instead (numpy scalars and arrays, anything with
//! `__index__`, a pandas `Series` or other mapping, a midnight `datetime`
//! or pandas `Timestamp` as a date); typed Python values out (a `date`
//! attribute as `datetime.date`).

use pyo3::{
    exceptions::PyTypeError,
    prelude::*,
    types::{
        PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyFrozenSet, PyInt, PyList,
        PySet, PyString, PyTimeAccess, PyTuple,
    },
    IntoPyObjectExt,
};
use serde_json::{Map, Number, Value};
use zkcred_core::{date::Date, schema::AttributeType, Error as CoreError};

use crate::errors::{to_py, InvalidDateError};

/// A Python value as JSON: `None`, `bool`, `int` (64-bit), `float`, `str`,
/// `datetime.date` (as `YYYY-MM-DD`; a `datetime` or pandas `Timestamp` at
/// midnight too), lists, tuples, sets (sorted, so the request's JSON does
/// not depend on hash order) and dicts with `str` keys; and what numpy and
/// pandas give instead: a mapping with `keys()` and `items()` (a `Series`)
/// as a dict, an object with `tolist()` (numpy scalars and arrays, pandas
/// arrays) as what that returns, anything else with `__index__` as an int.
pub fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_json_inner(obj, true)
}

fn to_json_inner(obj: &Bound<'_, PyAny>, convert: bool) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: Python's bool is an int.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(v) = obj.extract::<u64>() {
            return Ok(Value::from(v));
        }
        if let Ok(v) = obj.extract::<i64>() {
            return Ok(Value::from(v));
        }
        return Err(to_py(CoreError::Encoding(
            "an integer outside the 64-bit range",
        )));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| to_py(CoreError::Encoding("a float that is not finite")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyDate>() {
        // `datetime.datetime` and pandas' `Timestamp` too, at midnight.
        return Ok(Value::String(date_from_py(obj)?.to_string()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return items_to_json(d.items().as_any());
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return Ok(Value::Array(
            obj.try_iter()?
                .map(|v| to_json(&v?))
                .collect::<PyResult<_>>()?,
        ));
    }
    if obj.is_instance_of::<PySet>() || obj.is_instance_of::<PyFrozenSet>() {
        let mut values = obj
            .try_iter()?
            .map(|v| to_json(&v?))
            .collect::<PyResult<Vec<_>>>()?;
        values.sort_by_key(|v| v.to_string());
        return Ok(Value::Array(values));
    }
    if convert {
        // A pandas Series (a DataFrame row) or another mapping.
        if obj.hasattr("keys")? && obj.hasattr("items")? {
            return items_to_json(&obj.call_method0("items")?);
        }
        // numpy scalars and arrays, pandas arrays: their Python values.
        if obj.hasattr("tolist")? {
            if let Ok(plain) = obj.call_method0("tolist") {
                return to_json_inner(&plain, false);
            }
        }
        // Any other integer type.
        if obj.hasattr("__index__")? {
            let index = obj.py().import("operator")?.call_method1("index", (obj,))?;
            return to_json_inner(&index, false);
        }
    }
    Err(PyTypeError::new_err(format!(
        "cannot use a value of type {} here (expected None, bool, int, str, datetime.date, list, set or dict, or a numpy or pandas equivalent)",
        obj.get_type().name()?
    )))
}

/// `(key, value)` pairs with `str` keys as a JSON object.
fn items_to_json(items: &Bound<'_, PyAny>) -> PyResult<Value> {
    let mut map = Map::new();
    for item in items.try_iter()? {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let key = k
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("dict keys must be str"))?
            .to_cow()?
            .into_owned();
        map.insert(key, to_json(&v)?);
    }
    Ok(Value::Object(map))
}

/// A dict with `str` keys as a JSON object.
pub fn to_json_object(obj: &Bound<'_, PyAny>) -> PyResult<Map<String, Value>> {
    match to_json(obj)? {
        Value::Object(map) => Ok(map),
        _ => Err(PyTypeError::new_err("expected a dict with str keys")),
    }
}

/// A `datetime.date`, a `datetime.datetime` or pandas `Timestamp` at
/// midnight (its calendar date; a time of day is refused, since a date
/// attribute or a policy's day has none), or a `YYYY-MM-DD` string, as a
/// core date.
pub fn date_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Date> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Date::parse(&s.to_cow()?).map_err(to_py);
    }
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        let nanos = match obj.getattr("nanosecond") {
            Ok(n) => n.extract::<u32>().unwrap_or(1),
            Err(_) => 0,
        };
        let midnight = dt.get_hour() == 0
            && dt.get_minute() == 0
            && dt.get_second() == 0
            && dt.get_microsecond() == 0
            && nanos == 0;
        if !midnight {
            // The time itself is not shown: it may be part of an attribute.
            return Err(InvalidDateError::new_err(
                "expected a date, got a datetime with a time of day: pass its .date(), or a pandas Timestamp at midnight (.normalize())",
            ));
        }
    }
    let d = obj.cast::<PyDate>().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected a datetime.date (or a midnight datetime / pandas Timestamp) or a YYYY-MM-DD string, not {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    Date::from_ymd(
        i64::from(d.get_year()),
        u32::from(d.get_month()),
        u32::from(d.get_day()),
    )
    .map_err(to_py)
}

/// A core date as `datetime.date` (`InvalidDateError` for year 0, which
/// Python's dates lack).
pub fn date_to_py(py: Python<'_>, d: Date) -> PyResult<Bound<'_, PyDate>> {
    let (y, m, day) = d.ymd();
    if y < 1 {
        return Err(to_py(CoreError::InvalidDate));
    }
    PyDate::new(py, y as i32, m as u8, day as u8)
}

/// A JSON value as a Python value.
pub fn from_json<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_bound_py_any(py)?,
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)?
            }
        }
        Value::String(s) => s.into_bound_py_any(py)?,
        Value::Array(a) => {
            let items = a
                .iter()
                .map(|v| from_json(py, v))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, v) in o {
                d.set_item(k, from_json(py, v)?)?;
            }
            d.into_any()
        }
    })
}

/// An attribute value as the Python value of its type: `date` attributes
/// as `datetime.date`, everything else as [`from_json`].
pub fn attribute_to_py<'py>(
    py: Python<'py>,
    kind: Option<&AttributeType>,
    value: &Value,
) -> PyResult<Bound<'py, PyAny>> {
    match (kind, value) {
        (Some(AttributeType::Date), Value::String(s)) => {
            Ok(date_to_py(py, Date::parse(s).map_err(to_py)?)?.into_any())
        }
        _ => from_json(py, value),
    }
}
