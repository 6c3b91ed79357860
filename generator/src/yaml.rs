//! The only module that touches `serde_yaml` (deprecated upstream): YAML text
//! in, JSON values out, so that a replacement YAML parser is a local change.

use std::collections::BTreeMap;

/// A YAML syntax or shape error, located in the YAML text (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct YamlError {
    /// 1-based line within the YAML text (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

/// Parse YAML text that must be a mapping (or empty) into ordered JSON values.
/// Comments and blank lines are allowed; non-string keys are stringified.
pub fn parse_mapping(text: &str) -> Result<BTreeMap<String, serde_json::Value>, YamlError> {
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(to_error)?;
    match value {
        serde_yaml::Value::Null => Ok(BTreeMap::new()),
        serde_yaml::Value::Mapping(map) => Ok(map
            .into_iter()
            .map(|(k, v)| (key_string(&k), to_json(v)))
            .collect()),
        _ => Err(YamlError {
            line: 1,
            column: 1,
            message: "expected a mapping of keys to values".to_string(),
        }),
    }
}

/// Deserialize YAML text into `T` (used for `dvgen.yaml`).
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(to_error)
}

/// Serialize `value` as YAML (used by `dvgen dump --format yaml`).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(to_error)
}

fn to_error(e: serde_yaml::Error) -> YamlError {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .unwrap_or((0, 0));
    YamlError {
        line,
        column,
        message: e.to_string(),
    }
}

fn key_string(k: &serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => String::new(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn to_json(v: serde_yaml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        serde_yaml::Value::Null => J::Null,
        serde_yaml::Value::Bool(b) => J::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(J::Number)
                    .unwrap_or_else(|| J::String(n.to_string()))
            }
        }
        serde_yaml::Value::String(s) => J::String(s),
        serde_yaml::Value::Sequence(seq) => J::Array(seq.into_iter().map(to_json).collect()),
        serde_yaml::Value::Mapping(map) => J::Object(
            map.into_iter()
                .map(|(k, v)| (key_string(&k), to_json(v)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(t) => to_json(t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_lists() {
        let m = parse_mapping(
            "title: \"A\" # comment\n\nsearch.audienceType: \n  - developer\nms.date: 10/31/2017\n",
        )
        .unwrap();
        assert_eq!(m["title"], "A");
        assert_eq!(m["search.audienceType"], serde_json::json!(["developer"]));
        assert_eq!(m["ms.date"], "10/31/2017");
    }

    #[test]
    fn errors_have_a_line() {
        let e = parse_mapping("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(parse_mapping("- just\n- a list\n").is_err());
    }
}
