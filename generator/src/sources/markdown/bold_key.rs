//! Bold-key lines: `**Key**: value<br />` (2017 pages), `- **Key**: value`
//! bullets, and multi-key option bullets `- **Value**: 1 **Label**: Open`.

/// A `**Key**: value` at the start of `s` (after list markers were removed):
/// (key, rest-of-line value).
pub(crate) fn split(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("**")?;
    let close = rest.find("**")?;
    let key = rest[..close].trim();
    let after = &rest[close + 2..];
    // `**Key**: v` or `**Key:** v`
    let (key, value) = if let Some(v) = after.strip_prefix(':') {
        (key, v)
    } else if let Some(k) = key.strip_suffix(':') {
        (k.trim(), after)
    } else {
        return None;
    };
    if key.is_empty() || key.len() > 80 {
        return None;
    }
    Some((key, value.trim()))
}

/// All `**Key**: value` pairs of one line, in order
/// (`**Value**: 0 **Label**: Open **DefaultStatus**: 1` → three pairs).
pub(crate) fn pairs(s: &str) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    let mut rest = s.trim();
    while let Some(start) = rest.find("**") {
        let after_open = &rest[start + 2..];
        let Some(close) = after_open.find("**") else {
            break;
        };
        let key = after_open[..close].trim();
        let after = &after_open[close + 2..];
        let Some(after) = after.strip_prefix(':') else {
            // Not a key: bold text inside a value; skip past it.
            rest = after;
            continue;
        };
        // The value runs to the next `**Key**:`.
        let mut vend = after.len();
        let mut search = 0;
        while let Some(p) = after[search..].find("**") {
            let at = search + p;
            let tail = &after[at + 2..];
            if let Some(c) = tail.find("**") {
                if tail[c + 2..].starts_with(':') {
                    vend = at;
                    break;
                }
                search = at + 2 + c + 2;
            } else {
                break;
            }
        }
        out.push((key, after[..vend].trim()));
        rest = &after[vend..];
        if vend == after.len() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_keys() {
        assert_eq!(
            split("**DisplayName**: Lead<br />"),
            Some(("DisplayName", "Lead<br />"))
        );
        assert_eq!(split("**Label**: "), Some(("Label", "")));
        assert_eq!(
            split("**Added by**: Service Solution"),
            Some(("Added by", "Service Solution"))
        );
        assert_eq!(split("**bold** text"), None);
        assert_eq!(
            pairs("**Value**: 0 **Label**: Open **DefaultStatus**: 1 **InvariantName**: Open"),
            vec![
                ("Value", "0"),
                ("Label", "Open"),
                ("DefaultStatus", "1"),
                ("InvariantName", "Open")
            ]
        );
        assert_eq!(
            pairs("**TrueOption Value**: 1 **Label**: No"),
            vec![("TrueOption Value", "1"), ("Label", "No")]
        );
        assert_eq!(
            pairs("**Value**: 1 **Label**: a **b** c"),
            vec![("Value", "1"), ("Label", "a **b** c")]
        );
    }
}
