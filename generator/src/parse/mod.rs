//! Parse one reference page (any layout vintage) into a [`Page`].
//!
//! Placeholder: the real parser lands next.

use crate::model::{Page, PageInfo};

/// Parse one page. Never panics; problems become diagnostics on the page.
pub fn parse_page(path: &str, bytes: &[u8]) -> Page {
    let _ = bytes;
    Page {
        info: PageInfo {
            path: path.to_string(),
            ..PageInfo::default()
        },
        table: None,
        diagnostics: Vec::new(),
    }
}
