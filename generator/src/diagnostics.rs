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
    /// Page path as given.
    pub file: String,
    /// 1-based line (0 when the diagnostic concerns the whole input).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// A new diagnostic.
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
            column,
            message: message.into(),
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
        write!(
            f,
            "{}[{}]: {}:{}:{}: {}",
            self.severity, self.code, self.file, self.line, self.column, self.message
        )
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

    /// An identifier was renamed to avoid a keyword or a collision.
    pub const RENAMED: &str = "DV0401";
    /// The emitter produced code that does not parse (a dvgen bug) or got a bad option.
    pub const EMIT_BUG: &str = "DV0402";
    /// Tables disagree about a global choice value's label; the first table wins.
    pub const CHOICE_CONFLICT: &str = "DV0403";
    /// A value does not fit the generated type (e.g. a choice value outside `i32`); it is left out.
    pub const OUT_OF_RANGE: &str = "DV0404";

    /// A column-selection pattern (`include_columns`/`exclude_columns`) that
    /// does not parse or matches no column.
    pub const BAD_SELECTION: &str = "DV0501";
}
