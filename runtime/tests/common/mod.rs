//! The tables the runtime's tests and benchmark use, in exactly the shape
//! dvgen emits: `generated/` is dvgen's build-script output for the pages in
//! `tests/pages/` (kept current by `tests/generated_tables.rs`; regenerate
//! with `DVGEN_BLESS=1 cargo test -p dvgen-runtime --test generated_tables`).
//! Below, short names for what the tests use.
#![allow(dead_code, unused_imports)]

include!("generated/lib.rs");

pub use account::{columns, Account};
pub use choices::{
    AccountAccountcategorycode as AccountCategoryCode, AccountCustomertypecode as CustomerTypeCode,
    SampleOutdooractivities as OutdoorActivities,
};
pub use contact::columns as contact_columns;
pub use contact::Contact;
