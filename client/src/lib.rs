//! dvgen-client: a typed async Dataverse Web API client for the crates dvgen
//! generates.
//!
//! The generated crate gives the types ([`Entity`](dvgen_runtime::Entity)
//! structs, [`Changes`](dvgen_runtime::Changes) bodies,
//! [`Query`](dvgen_runtime::Query) strings, relationship descriptors); this
//! crate sends them:
//!
//! * [`Client::retrieve`] by id or [`AlternateKey`], with `$select`/`$expand`;
//! * [`Client::list`]: a [`Stream`](futures_core::Stream) of pages or rows
//!   following `@odata.nextLink`, with `Prefer: odata.maxpagesize`, `$count`
//!   and the total record count;
//! * [`Client::create`] (optionally `return=representation`),
//!   [`Client::update`] (`If-Match: *` or the row's ETag),
//!   [`Client::upsert`] (`If-None-Match: *` / `If-Match: *` to limit it),
//!   [`Client::delete`];
//! * [`Client::associate`] / [`Client::disassociate`] through relationship
//!   descriptors (`$ref`);
//! * [`Client::batch`]: `$batch` with change sets, every operation's
//!   [`Outcome`] reported;
//! * annotations (`Prefer: odata.include-annotations`) and impersonation
//!   ([`Caller`]: `MSCRMCallerID` / `CallerObjectId`).
//!
//! Faults: 429 and 503 are retried after `Retry-After` within a
//! [`RetryPolicy`]; every other failure is an [`Error`] with the HTTP status
//! and the typed [`ApiError`](dvgen_runtime::ApiError) body, 404 and 412 as
//! their own variants.
//!
//! ```no_run
//! # use dataverse_generated::lead::{columns, Lead};
//! # async fn demo() -> Result<(), dvgen_client::Error> {
//! use dvgen_client::{Client, StaticToken};
//! use dvgen_runtime::{Changes, Query};
//! use futures_util::TryStreamExt;
//!
//! let client = Client::builder("https://contoso.crm.dynamics.com")
//!     .token_source(StaticToken::new(std::env::var("DATAVERSE_TOKEN").unwrap_or_default()))
//!     .build()?;
//! let mut pages = client
//!     .list(Query::<Lead>::new().select(&[&columns::FULLNAME, &columns::SUBJECT]))
//!     .max_page_size(50)
//!     .pages();
//! while let Some(page) = pages.try_next().await? {
//!     for lead in &page.value {
//!         if let Some(id) = lead.leadid {
//!             let changes = Changes::<Lead>::new().set(columns::SUBJECT, "Follow up");
//!             client.update(id, &changes).if_match_row(lead).send().await?;
//!         }
//!     }
//! }
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
pub mod batch;
pub mod client;
pub mod error;
pub mod list;
pub mod operation;
pub mod requests;
pub mod retry;

pub use auth::{token_fn, AuthError, StaticToken, TokenFn, TokenFuture, TokenSource};
pub use batch::{Batch, BatchResponse, ChangeSet, Outcome, PartResponse};
pub use client::{Caller, Client, ClientBuilder, RawResponse};
pub use error::{BatchParseError, Error, Fault, Result};
pub use list::{List, Page, PageStream, RowStream};
pub use operation::{AlternateKey, IntoOperation, Operation, RowRef, Target};
pub use requests::{Create, Delete, Patch, Reference, Retrieve, Written};
/// HTTP methods for [`Operation::new`].
pub use reqwest::Method;
pub use retry::{RetryPolicy, Sleep, SleepFuture, TokioSleep};
