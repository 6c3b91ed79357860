//! Diagnostics: every problem found in input, with a stable code, file and line.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Input that could not be understood; something may be missing from the output.
    Error,
    /// Input that was understood with a guess, or a fact that was overridden.
    Warning,
    /// Information (e.g. a rename the naming pass made).
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One diagnostic, located in an input page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// Stable code, e.g. `DV0101`; see [`codes`].
    pub code: String,
    /// Page path as given; empty when no input file is concerned (an option,
    /// or a generator bug).
    pub file: String,
    /// 1-based line, or 0 for a *file-level* diagnostic, which concerns the
    /// whole file and no line of it (an empty page, a page without H1 or
    /// sections); see [`Diagnostic::is_file_level`]. It is then shown as
    /// `file` alone, never as `file:0:0`.
    pub line: u32,
    /// 1-based column; 0 exactly when `line` is 0.
    pub column: u32,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// A new diagnostic. Line 0 makes it file-level (its column is then 0);
    /// on a line, a column of 0 becomes 1.
    pub fn new(
        severity: Severity,
        code: &str,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code: code.to_string(),
            file: file.into(),
            line,
            column: if line == 0 { 0 } else { column.max(1) },
            message: message.into(),
        }
    }

    /// A file-level diagnostic: it concerns the whole file, no line of it.
    pub fn file_level(
        severity: Severity,
        code: &str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(severity, code, file, 0, 0, message)
    }

    /// True when the diagnostic concerns the whole file rather than a line.
    pub fn is_file_level(&self) -> bool {
        self.line == 0
    }

    /// Where it points: `file:line:column`, `file` for a file-level
    /// diagnostic, empty when there is no file either.
    pub fn location(&self) -> String {
        if self.is_file_level() {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }

    /// An error.
    pub fn error(code: &str, file: &str, line: u32, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, line, 1, message)
    }

    /// A warning.
    pub fn warning(code: &str, file: &str, line: u32, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, line, 1, message)
    }

    /// A note.
    pub fn note(code: &str, file: &str, line: u32, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, file, line, 1, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: ", self.severity, self.code)?;
        let location = self.location();
        if !location.is_empty() {
            write!(f, "{location}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Stable diagnostic codes. Codes are never reused for another meaning.
///
/// - `DV00xx`: file level (encoding, front matter, classification)
/// - `DV01xx`: page structure (sections, headings, tables)
/// - `DV02xx`: values (numbers, booleans, choice rows)
/// - `DV03xx`: merging pages
/// - `DV04xx`: naming and emitting
pub mod codes {
    /// The input is not valid UTF-8 (decoded lossily).
    pub const INVALID_UTF8: &str = "DV0001";
    /// The input is empty.
    pub const EMPTY_INPUT: &str = "DV0002";
    /// No front matter, or it is not terminated.
    pub const MISSING_FRONT_MATTER: &str = "DV0003";
    /// The front matter is not valid YAML.
    pub const BAD_FRONT_MATTER: &str = "DV0004";
    /// No H1.
    pub const MISSING_H1: &str = "DV0005";
    /// The page could not be classified; treated as conceptual.
    pub const UNCLASSIFIED_PAGE: &str = "DV0006";
    /// The input looks binary (NUL bytes or control characters).
    pub const BINARY_INPUT: &str = "DV0007";
    /// A reference page yields no table logical name.
    pub const NO_TABLE_NAME: &str = "DV0008";
    /// An input exceeds a resource bound.
    pub const TOO_LARGE: &str = "DV0009";
    /// An XML file of a solution is malformed; it is not read.
    pub const BAD_XML: &str = "DV0010";
    /// A file a solution references (a root component, a global choice, a
    /// relationship) is not in the folder.
    pub const MISSING_COMPONENT: &str = "DV0011";

    /// A `##` section heading that is not known.
    pub const UNKNOWN_SECTION: &str = "DV0101";
    /// A line that is not understood where it is.
    pub const UNKNOWN_LINE: &str = "DV0102";
    /// A property row whose key is not known (kept in `other`).
    pub const UNKNOWN_PROPERTY: &str = "DV0103";
    /// A table row with the wrong number of cells.
    pub const BAD_TABLE_ROW: &str = "DV0104";
    /// A table header that is not known.
    pub const UNKNOWN_TABLE_HEADER: &str = "DV0105";
    /// An entry heading (`###`) without the expected anchor or name.
    pub const BAD_ENTRY_HEADING: &str = "DV0106";
    /// A column appears twice on one page.
    pub const DUPLICATE_COLUMN: &str = "DV0107";
    /// A relationship appears twice in one section.
    pub const DUPLICATE_RELATIONSHIP: &str = "DV0108";
    /// A column entry without a `LogicalName`.
    pub const MISSING_LOGICAL_NAME: &str = "DV0109";
    /// A choice list whose column is not on the page.
    pub const ORPHAN_CHOICES: &str = "DV0110";
    /// A page that ends in the middle of an entry.
    pub const TRUNCATED: &str = "DV0111";
    /// An XML element or attribute of a solution that is not known (not in the output).
    pub const UNKNOWN_ELEMENT: &str = "DV0112";
    /// A required XML element or attribute is missing; the item is skipped.
    pub const MISSING_ELEMENT: &str = "DV0113";

    /// A value that should be a number is not.
    pub const BAD_NUMBER: &str = "DV0201";
    /// A value that should be a boolean is not.
    pub const BAD_BOOLEAN: &str = "DV0202";
    /// A choice row that cannot be read.
    pub const BAD_CHOICE_ROW: &str = "DV0203";
    /// A cascade value that is not known.
    pub const BAD_CASCADE: &str = "DV0204";
    /// A message row that cannot be read.
    pub const BAD_MESSAGE_ROW: &str = "DV0205";
    /// An unknown attribute type.
    pub const UNKNOWN_TYPE: &str = "DV0206";
    /// A duplicate choice value in one list.
    pub const DUPLICATE_CHOICE: &str = "DV0207";
    /// A lookup target given as an object type code that is not a fixed standard one.
    pub const UNKNOWN_TYPE_CODE: &str = "DV0208";

    /// Two pages disagree about a fact; one was chosen.
    pub const MERGE_CONFLICT: &str = "DV0301";
    /// An extension page whose base table is not in the input.
    pub const ORPHAN_EXTENSION: &str = "DV0302";
    /// Several pages document the same table; the newest wins.
    pub const SUPERSEDED_PAGE: &str = "DV0303";
    /// A patch for a column the base table does not have.
    pub const PATCH_WITHOUT_BASE: &str = "DV0304";
    /// A conceptual page that could not be attached to a table.
    pub const UNATTACHED_CONCEPTUAL: &str = "DV0305";
    /// A table the project's schema only mentions (no columns, no docs page): not generated.
    pub const PROJECT_TABLE_WITHOUT_COLUMNS: &str = "DV0306";

    /// An identifier was renamed to avoid a keyword or a collision.
    pub const RENAMED: &str = "DV0401";
    /// The emitter produced code that does not parse (a dvgen bug) or got a bad option.
    pub const EMIT_BUG: &str = "DV0402";
    /// Tables disagree about a global choice value's label; the first table wins.
    pub const CHOICE_CONFLICT: &str = "DV0403";
    /// A value does not fit the generated type (e.g. a choice value outside `i32`); it is left out.
    pub const OUT_OF_RANGE: &str = "DV0404";

    // Exported table definitions (Web API JSON, `sources::metadata_json`).
    /// A JSON file that is not valid JSON (nothing of it is read).
    pub const JSON_SYNTAX: &str = "DV0030";
    /// A line of a JSON file that is not JSON (prose where items were cut) or a trailing comma: skipped.
    pub const JSON_REPAIRED: &str = "DV0031";
    /// A JSON file that is not an exported table definition.
    pub const NOT_METADATA: &str = "DV0032";
    /// A property of a metadata export that is not known (not in the output).
    pub const UNKNOWN_JSON_PROPERTY: &str = "DV0130";
    /// A metadata object without the key that names it (`LogicalName`, `SchemaName`, `Value`).
    pub const MISSING_JSON_KEY: &str = "DV0131";
    /// Attribute definitions (an option-set cast) whose table no file names.
    pub const ORPHAN_CAST: &str = "DV0132";
    /// A JSON value of the wrong type (a string where a number belongs, ...).
    pub const BAD_JSON_VALUE: &str = "DV0230";

    /// A column-selection pattern (`include_columns`/`exclude_columns`) that
    /// does not parse or matches no column.
    pub const BAD_SELECTION: &str = "DV0501";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_level_diagnostics_show_no_position() {
        let d = Diagnostic::file_level(Severity::Warning, codes::MISSING_H1, "a.md", "no H1");
        assert!(d.is_file_level());
        assert_eq!((d.line, d.column), (0, 0));
        assert_eq!(d.to_string(), "warning[DV0005]: a.md: no H1");
        // The line-0 constructors used across dvgen give the same.
        let d = Diagnostic::error(codes::EMIT_BUG, "lead.rs", 0, "bug");
        assert_eq!((d.line, d.column), (0, 0));
        assert_eq!(d.to_string(), "error[DV0402]: lead.rs: bug");
        // No file either (an option): just the message.
        let d = Diagnostic::error(codes::EMIT_BUG, "", 0, "bad option");
        assert_eq!(d.to_string(), "error[DV0402]: bad option");
        // On a line: file:line:column, a column of 0 becomes 1.
        let d = Diagnostic::new(Severity::Note, codes::RENAMED, "b.md", 7, 0, "renamed");
        assert!(!d.is_file_level());
        assert_eq!(d.to_string(), "note[DV0401]: b.md:7:1: renamed");
    }
}
