//! Page classification: kind (reference / extension / conceptual), product
//! and layout vintage, from the H1, front matter, NOTEs and what the scan found.

use crate::model::{FrontMatter, PageKind, Product, Vintage};

use super::preamble::{product_of, Preamble, H1};
use super::sections::{Layout, SectionKind};

/// Which documentation set a page belongs to.
pub(crate) fn product(path: &str, fm: &FrontMatter, h1: &H1<'_>, pre: &Preamble) -> Product {
    if let Some(p) = h1.product {
        return p;
    }
    if let Some(p) = fm.title.as_deref().and_then(product_of) {
        return p;
    }
    for n in &pre.notes {
        if n.contains("Customer Service") {
            return Product::CustomerService;
        }
    }
    if let Some(p) = fm.description.as_deref().and_then(product_of) {
        return p;
    }
    if pre.includes.iter().any(|i| i.contains("omnichannel")) {
        return Product::CustomerService;
    }
    let service = fm.ms_service.as_deref().unwrap_or("").to_ascii_lowercase();
    if service.contains("customer-service") || service.contains("customerservice") {
        return Product::CustomerService;
    }
    if service.contains("crm") || service.contains("dynamics-365") {
        return Product::Dynamics365;
    }
    if let Some(p) = path_hint(path) {
        return p;
    }
    for n in &pre.notes {
        if let Some(p) = product_of(n) {
            return p;
        }
    }
    if service.contains("powerapps") {
        return Product::Dataverse;
    }
    Product::Unknown
}

/// Product suggested by the folder names of the page path.
fn path_hint(path: &str) -> Option<Product> {
    let p = path.to_ascii_lowercase();
    if p.contains("customer-service") || p.contains("customerservice") {
        Some(Product::CustomerService)
    } else if p.contains("data-platform") || p.contains("dataverse") {
        Some(Product::Dataverse)
    } else if p.contains("dynamics-365")
        || p.contains("d365")
        || p.starts_with("ce/")
        || p.contains("/ce/")
    {
        Some(Product::Dynamics365)
    } else {
        None
    }
}

/// Facts gathered while parsing the sections, for the vintage.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Signals {
    /// Properties came from bold-key lines.
    pub bold_lines: bool,
    /// Properties table used bold keys.
    pub bold_keys: bool,
    /// A V4 messages header (`Name <br />Is Event?`).
    pub v4_messages: bool,
    /// Count of entries/rows that carried reference data.
    pub data: usize,
}

/// The kind of page.
pub(crate) fn kind(h1_text: Option<&str>, pre: &Preamble, signals: &Signals) -> PageKind {
    if pre.extends.is_some() {
        return PageKind::Extension;
    }
    if h1_text.is_some_and(|h| h.trim().to_ascii_lowercase().starts_with("about ")) {
        return PageKind::Conceptual;
    }
    if signals.data > 0 {
        PageKind::Reference
    } else {
        PageKind::Conceptual
    }
}

/// The layout vintage.
pub(crate) fn vintage(kind: PageKind, layout: &Layout<'_>, signals: &Signals) -> Vintage {
    match kind {
        PageKind::Conceptual => return Vintage::Conceptual,
        PageKind::Extension => return Vintage::V5Extension,
        // Markdown pages are never the project layer; classified as reference pages.
        PageKind::Reference | PageKind::Project => {}
    }
    if signals.bold_lines {
        return Vintage::V1BoldKey;
    }
    if signals.bold_keys || signals.v4_messages {
        return Vintage::V4Generated;
    }
    let title_of = |k: SectionKind| {
        layout
            .sections
            .iter()
            .find(|s| s.kind == k)
            .map(|s| s.title.to_ascii_lowercase())
    };
    let props = title_of(SectionKind::Properties);
    let cols = title_of(SectionKind::Writable).or_else(|| title_of(SectionKind::ReadOnly));
    let rel_lower = layout.sections.iter().any(|s| {
        matches!(
            s.kind,
            SectionKind::OneToMany | SectionKind::ManyToOne | SectionKind::ManyToMany
        ) && s.title.ends_with("relationships")
    });
    if props.as_deref().is_some_and(|p| p.starts_with("entity")) {
        return Vintage::V2Classic;
    }
    match cols.as_deref() {
        Some(c) if c.contains("columns/") => {
            if rel_lower {
                Vintage::V4Generated
            } else {
                Vintage::V3Table
            }
        }
        Some(_) if props.is_some() => Vintage::V3Hybrid,
        Some(_) => Vintage::V2Classic,
        None if rel_lower => Vintage::V4Generated,
        None if props.is_some() => Vintage::V3Table,
        None => Vintage::Unknown,
    }
}
