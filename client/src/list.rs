//! Lists: pages that follow `@odata.nextLink`, as a [`Stream`] of pages or of rows.

use std::pin::Pin;

use dvgen_runtime::{Collection, Entity, Query};
use futures_core::Stream;
use futures_util::{stream, TryStreamExt};
use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::operation::{entity_set, with_query, IntoOperation, Operation};

/// The annotations that carry the total record count with `$count=true`.
pub const TOTAL_COUNT_ANNOTATIONS: &str =
    "Microsoft.Dynamics.CRM.totalrecordcount,Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded";

/// `GET <set>?<query>`: see [`Client::list`].
#[must_use = "a list does nothing until read"]
pub struct List<E> {
    client: Client,
    query: Query<E>,
    max_page_size: Option<u32>,
    annotations: Option<String>,
    count: bool,
}

/// The stream of [`List::pages`]: boxed, so it is `Unpin` (`.try_next().await` works directly).
pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<Page<T>>> + Send + 'static>>;

/// The stream of [`List::rows`].
pub type RowStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'static>>;

/// One page of rows (the response envelope: rows, `@odata.count`,
/// `@Microsoft.Dynamics.CRM.totalrecordcount`, `@odata.nextLink`).
pub type Page<T> = Collection<T>;

impl<E: Entity> List<E> {
    /// `Prefer: odata.maxpagesize=<n>` (at most 5000), sent with every page.
    pub fn max_page_size(mut self, n: u32) -> Self {
        self.max_page_size = Some(n);
        self
    }
    /// `Prefer: odata.include-annotations="<value>"`.
    pub fn annotations(mut self, value: impl Into<String>) -> Self {
        self.annotations = Some(value.into());
        self
    }
    /// `$count=true`, and the total record count annotations: each page's
    /// [`Collection::count`], [`Collection::total_record_count`] and
    /// [`Collection::total_record_count_limit_exceeded`].
    pub fn with_count(mut self) -> Self {
        self.count = true;
        self
    }

    fn annotations_value(&self) -> Option<String> {
        let explicit = self
            .annotations
            .clone()
            .or_else(|| self.client.default_annotations().map(str::to_owned));
        match (explicit, self.count) {
            (Some(a), true) if a.trim() == "*" => Some(a),
            (Some(a), true) => Some(format!("{a},{TOTAL_COUNT_ANNOTATIONS}")),
            (None, true) => Some(TOTAL_COUNT_ANNOTATIONS.to_owned()),
            (a, false) => a,
        }
    }

    fn page_operation(&self, target: Option<&str>) -> Result<Operation> {
        let mut op = match target {
            Some(next) => Operation::absolute(Method::GET, next),
            None => {
                let q = if self.count {
                    self.query.clone().count()
                } else {
                    self.query.clone()
                };
                Operation::new(
                    Method::GET,
                    with_query(entity_set::<E>()?.to_owned(), &q.to_query_string()),
                )
            }
        }
        .reads();
        if let Some(n) = self.max_page_size {
            op = op.prefer(format!("odata.maxpagesize={n}"));
        }
        op.annotations = self.annotations_value();
        Ok(op)
    }

    /// The first page only.
    pub async fn first_page(self) -> Result<Page<E>>
    where
        E: DeserializeOwned + Default,
    {
        let op = self.page_operation(None)?;
        read_page(&self.client, &op).await
    }

    /// Every page, following `@odata.nextLink` unchanged, each requested
    /// with the same `Prefer` header.
    pub fn pages(self) -> PageStream<E>
    where
        E: DeserializeOwned + Default + Send + 'static,
    {
        self.pages_as::<E>()
    }

    /// [`pages`](Self::pages) with rows read as `T` (`serde_json::Value`, a
    /// struct of your own for a `$select`).
    pub fn pages_as<T>(self) -> PageStream<T>
    where
        T: DeserializeOwned + Default + Send + 'static,
        E: 'static,
    {
        enum State {
            First(Result<Operation>),
            Next(String),
            Done,
        }
        let first = self.page_operation(None);
        Box::pin(stream::try_unfold(
            (self, State::First(first)),
            |(list, state)| async move {
                let op = match state {
                    State::Done => return Ok(None),
                    State::First(op) => op?,
                    State::Next(link) => list.page_operation(Some(&link))?,
                };
                let page: Page<T> = read_page(&list.client, &op).await?;
                let next = match &page.next_link {
                    Some(link) => State::Next(link.clone()),
                    None => State::Done,
                };
                Ok(Some((page, (list, next))))
            },
        ))
    }

    /// Every row of every page, in order.
    pub fn rows(self) -> RowStream<E>
    where
        E: DeserializeOwned + Default + Send + 'static,
    {
        Box::pin(
            self.pages()
                .map_ok(|page| stream::iter(page.value.into_iter().map(Ok)))
                .try_flatten(),
        )
    }
}

async fn read_page<T: DeserializeOwned + Default>(
    client: &Client,
    op: &Operation,
) -> Result<Page<T>> {
    let a = client.send(op).await?;
    serde_json::from_slice(&a.body).map_err(|source| Error::Decode {
        url: a.url.to_string(),
        source,
    })
}

impl<E: Entity> IntoOperation for List<E> {
    /// The first page's request (for a `$batch`).
    fn into_operation(self) -> Result<Operation> {
        self.page_operation(None)
    }
}

impl Client {
    /// Lists rows of `E` matching `query` (`$select`, `$filter`, `$orderby`,
    /// `$expand`, `$top`); read with [`List::pages`], [`List::rows`] or
    /// [`List::first_page`].
    pub fn list<E: Entity>(&self, query: Query<E>) -> List<E> {
        List {
            client: self.clone(),
            query,
            max_page_size: None,
            annotations: None,
            count: false,
        }
    }
}
