//! Request builders: retrieve, create, update, upsert, delete, associate and
//! disassociate. Each one is sent with `.send()` or put into a
//! [`Batch`](crate::Batch) (they implement [`IntoOperation`]).

use std::marker::PhantomData;

use bytes::Bytes;
use dvgen_runtime::metadata::{RelationshipDescriptor, RelationshipKind};
use dvgen_runtime::query::navigation_from;
use dvgen_runtime::{Changes, Entity, HasExtra, Query};
use reqwest::Method;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::client::{Answer, Client};
use crate::error::{Error, Result};
use crate::operation::{
    entity_set, id_from_entity_url, with_query, IntoOperation, Operation, RowRef,
};

const RETURN_REPRESENTATION: &str = "return=representation";

fn decode<T: DeserializeOwned>(a: &Answer) -> Result<T> {
    serde_json::from_slice(&a.body).map_err(|source| Error::Decode {
        url: a.url.to_string(),
        source,
    })
}

/// What a write returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Written<E> {
    /// HTTP status (`204`, or `200`/`201` with a representation).
    pub status: u16,
    /// `OData-EntityId`: the URL of the row.
    pub entity_id: Option<String>,
    /// The row's id, from `OData-EntityId` (or the returned row).
    pub id: Option<Uuid>,
    /// The row, when `return=representation` was asked for.
    pub row: Option<E>,
}

fn written<E: Entity + DeserializeOwned>(a: &Answer, representation: bool) -> Result<Written<E>> {
    let entity_id = a.header("OData-EntityId").map(str::to_owned);
    let mut id = entity_id.as_deref().and_then(id_from_entity_url);
    let row = if representation && !a.body.is_empty() {
        if id.is_none() {
            let map: serde_json::Map<String, serde_json::Value> = decode(a)?;
            id = E::PRIMARY_ID_ATTRIBUTE
                .and_then(|k| map.get(k))
                .and_then(|v| v.as_str())
                .and_then(|s| Uuid::parse_str(s).ok());
        }
        Some(decode::<E>(a)?)
    } else {
        None
    };
    Ok(Written {
        status: a.status,
        entity_id,
        id,
        row,
    })
}

fn body_of<E: Entity>(changes: &Changes<E>) -> Result<Bytes> {
    Ok(Bytes::from(changes.to_json_string()?))
}

/// `GET <set>(<id or key>)`: see [`Client::retrieve`].
#[must_use = "a request does nothing until sent"]
pub struct Retrieve<'c, E> {
    client: &'c Client,
    row: RowRef<E>,
    query: Option<Query<E>>,
    annotations: Option<String>,
}

impl<E: Entity> Retrieve<'_, E> {
    /// `$select` / `$expand` options (`$filter`, `$orderby`, `$top` are for lists).
    pub fn query(mut self, query: Query<E>) -> Self {
        self.query = Some(query);
        self
    }
    /// `Prefer: odata.include-annotations="<value>"`.
    pub fn annotations(mut self, value: impl Into<String>) -> Self {
        self.annotations = Some(value.into());
        self
    }
    /// The row as `E`.
    pub async fn send(self) -> Result<E>
    where
        E: DeserializeOwned,
    {
        self.send_as().await
    }
    /// The row as any type (`serde_json::Value`, a struct of your own).
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<T> {
        let client = self.client;
        let op = self.into_operation()?;
        decode(&client.send(&op).await?)
    }
}

impl<E: Entity> IntoOperation for Retrieve<'_, E> {
    fn into_operation(self) -> Result<Operation> {
        let qs = self.query.map(|q| q.to_query_string()).unwrap_or_default();
        let mut op = Operation::new(Method::GET, with_query(self.row.path()?, &qs)).reads();
        op.annotations = self.annotations;
        Ok(op)
    }
}

/// `POST <set>`: see [`Client::create`].
#[must_use = "a request does nothing until sent"]
pub struct Create<'c, E> {
    client: &'c Client,
    body: Result<Bytes>,
    representation: bool,
    query: Option<Query<E>>,
    _e: PhantomData<fn() -> E>,
}

impl<E: Entity> Create<'_, E> {
    /// `Prefer: return=representation`: the created row comes back (`201`).
    pub fn return_representation(mut self) -> Self {
        self.representation = true;
        self
    }
    /// `$select`/`$expand` of the returned row (implies
    /// [`return_representation`](Self::return_representation)).
    pub fn select(mut self, query: Query<E>) -> Self {
        self.representation = true;
        self.query = Some(query);
        self
    }
    /// Sends; the new row's id is in [`Written::id`].
    pub async fn send(self) -> Result<Written<E>>
    where
        E: DeserializeOwned,
    {
        let client = self.client;
        let representation = self.representation;
        let op = self.into_operation()?;
        written(&client.send(&op).await?, representation)
    }
}

impl<E: Entity> IntoOperation for Create<'_, E> {
    fn into_operation(self) -> Result<Operation> {
        let qs = self.query.map(|q| q.to_query_string()).unwrap_or_default();
        let mut op = Operation::new(Method::POST, with_query(entity_set::<E>()?.to_owned(), &qs))
            .body(self.body?);
        if self.representation {
            op = op.prefer(RETURN_REPRESENTATION).reads();
        }
        Ok(op)
    }
}

/// What a `PATCH` may do to a row that does or does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    /// No header: create or update.
    None,
    /// `If-Match: <etag>` or `If-Match: *`.
    IfMatch(String),
    /// `If-None-Match: *`.
    IfNoneMatchAny,
}

/// `PATCH <set>(<id or key>)`: see [`Client::update`] and [`Client::upsert`].
#[must_use = "a request does nothing until sent"]
pub struct Patch<'c, E> {
    client: &'c Client,
    row: RowRef<E>,
    body: Result<Bytes>,
    condition: Result<Condition>,
    representation: bool,
}

impl<E: Entity> Patch<'_, E> {
    /// `If-Match: <etag>`: only if the row is unchanged since it was read
    /// (else [`Error::PreconditionFailed`]).
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.condition = Ok(Condition::IfMatch(etag.into()));
        self
    }
    /// `If-Match` with the `@odata.etag` of a row read earlier; an error
    /// when the row has none (the condition is never dropped).
    pub fn if_match_row(mut self, row: &impl HasExtra) -> Self {
        self.condition = match row.extra().etag() {
            Some(etag) => Ok(Condition::IfMatch(etag.to_owned())),
            None => Err(Error::Usage(format!(
                "the `{}` row has no @odata.etag to send with If-Match",
                E::LOGICAL_NAME
            ))),
        };
        self
    }
    /// `If-Match: *`: update only, never create (an absent row is [`Error::NotFound`]).
    pub fn prevent_create(mut self) -> Self {
        self.condition = Ok(Condition::IfMatch("*".into()));
        self
    }
    /// `If-None-Match: *`: create only, never update (an existing row is
    /// [`Error::PreconditionFailed`]).
    pub fn prevent_update(mut self) -> Self {
        self.condition = Ok(Condition::IfNoneMatchAny);
        self
    }
    /// `Prefer: return=representation`: the row comes back (`200`).
    pub fn return_representation(mut self) -> Self {
        self.representation = true;
        self
    }
    /// Sends.
    pub async fn send(self) -> Result<Written<E>>
    where
        E: DeserializeOwned,
    {
        let client = self.client;
        let representation = self.representation;
        let op = self.into_operation()?;
        written(&client.send(&op).await?, representation)
    }
}

impl<E: Entity> IntoOperation for Patch<'_, E> {
    fn into_operation(self) -> Result<Operation> {
        let mut op = Operation::new(Method::PATCH, self.row.path()?).body(self.body?);
        op = match self.condition? {
            Condition::None => op,
            Condition::IfMatch(etag) => op.header("If-Match", etag),
            Condition::IfNoneMatchAny => op.header("If-None-Match", "*"),
        };
        if self.representation {
            op = op.prefer(RETURN_REPRESENTATION).reads();
        }
        Ok(op)
    }
}

/// `DELETE <set>(<id or key>)`: see [`Client::delete`].
#[must_use = "a request does nothing until sent"]
pub struct Delete<'c, E> {
    client: &'c Client,
    row: RowRef<E>,
    if_match: Result<Option<String>>,
}

impl<E: Entity> Delete<'_, E> {
    /// `If-Match: <etag>`: only if the row is unchanged since it was read.
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Ok(Some(etag.into()));
        self
    }
    /// `If-Match` with the `@odata.etag` of a row read earlier (an error when it has none).
    pub fn if_match_row(mut self, row: &impl HasExtra) -> Self {
        self.if_match = match row.extra().etag() {
            Some(etag) => Ok(Some(etag.to_owned())),
            None => Err(Error::Usage(format!(
                "the `{}` row has no @odata.etag to send with If-Match",
                E::LOGICAL_NAME
            ))),
        };
        self
    }
    /// Sends.
    pub async fn send(self) -> Result<()> {
        let client = self.client;
        let op = self.into_operation()?;
        client.send(&op).await.map(drop)
    }
}

impl<E: Entity> IntoOperation for Delete<'_, E> {
    fn into_operation(self) -> Result<Operation> {
        let mut op = Operation::new(Method::DELETE, self.row.path()?);
        if let Some(etag) = self.if_match? {
            op = op.header("If-Match", etag);
        }
        Ok(op)
    }
}

/// A `$ref` request (associate or disassociate): see [`Client::associate`].
#[must_use = "a request does nothing until sent"]
pub struct Reference<'c> {
    client: &'c Client,
    op: Result<Operation>,
}

impl Reference<'_> {
    /// Sends.
    pub async fn send(self) -> Result<()> {
        let op = self.op?;
        self.client.send(&op).await.map(drop)
    }
}

impl IntoOperation for Reference<'_> {
    fn into_operation(self) -> Result<Operation> {
        self.op
    }
}

/// The navigation property from `E` along `rel`, whether it is
/// single-valued, and the table at its other end.
fn navigation<E: Entity>(
    rel: &'static RelationshipDescriptor,
) -> Result<(&'static str, bool, &'static str)> {
    let nav = navigation_from(rel, E::LOGICAL_NAME)?;
    // The descriptor may come from either table's module: `kind` is from the
    // holding table's side, so look at which side `E` is on.
    let single = rel.kind != RelationshipKind::ManyToMany
        && rel.referencing_table == E::LOGICAL_NAME
        && rel.referencing_navigation_property == Some(nav);
    let other = if rel.referenced_table == E::LOGICAL_NAME && !single {
        rel.referencing_table
    } else {
        rel.referenced_table
    };
    Ok((nav, single, other))
}

fn check_target(rel: &'static RelationshipDescriptor, expected: &str, given: &str) -> Result<()> {
    if expected == given {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "relationship `{}` leads to `{expected}`, not `{given}`",
            rel.schema_name
        )))
    }
}

impl Client {
    /// Retrieves one row by id or alternate key:
    /// `client.retrieve::<Lead>(id).query(q).send().await`.
    pub fn retrieve<E: Entity>(&self, row: impl Into<RowRef<E>>) -> Retrieve<'_, E> {
        Retrieve {
            client: self,
            row: row.into(),
            query: None,
            annotations: None,
        }
    }

    /// Creates a row from `changes` (`POST <set>`, `204` with `OData-EntityId`).
    pub fn create<E: Entity>(&self, changes: &Changes<E>) -> Create<'_, E> {
        Create {
            client: self,
            body: body_of(changes),
            representation: false,
            query: None,
            _e: PhantomData,
        }
    }

    /// Updates an existing row with `changes`: `PATCH` with `If-Match: *`, so
    /// an absent row is [`Error::NotFound`] and never created;
    /// [`Patch::if_match`] / [`Patch::if_match_row`] send an ETag instead.
    pub fn update<E: Entity>(
        &self,
        row: impl Into<RowRef<E>>,
        changes: &Changes<E>,
    ) -> Patch<'_, E> {
        Patch {
            client: self,
            row: row.into(),
            body: body_of(changes),
            condition: Ok(Condition::IfMatch("*".into())),
            representation: false,
        }
    }

    /// Creates or updates a row (`PATCH` without a condition);
    /// [`Patch::prevent_update`] / [`Patch::prevent_create`] limit it.
    pub fn upsert<E: Entity>(
        &self,
        row: impl Into<RowRef<E>>,
        changes: &Changes<E>,
    ) -> Patch<'_, E> {
        Patch {
            client: self,
            row: row.into(),
            body: body_of(changes),
            condition: Ok(Condition::None),
            representation: false,
        }
    }

    /// Deletes a row.
    pub fn delete<E: Entity>(&self, row: impl Into<RowRef<E>>) -> Delete<'_, E> {
        Delete {
            client: self,
            row: row.into(),
            if_match: Ok(None),
        }
    }

    /// Links row `id` of `E` to row `target` of `T` through `relationship`:
    /// `POST <set>(<id>)/<collection nav>/$ref` (or `PUT` for a
    /// single-valued navigation property) with
    /// `{"@odata.id": "<base>/<T's set>(<target>)"}`.
    pub fn associate<E: Entity, T: Entity>(
        &self,
        id: Uuid,
        relationship: &'static RelationshipDescriptor,
        target: Uuid,
    ) -> Reference<'_> {
        let op = (|| {
            let (_, _, other) = navigation::<E>(relationship)?;
            check_target(relationship, other, T::LOGICAL_NAME)?;
            self.associate_op::<E>(id, relationship, entity_set::<T>()?, target)
        })();
        Reference { client: self, op }
    }

    /// [`associate`](Self::associate) with a target table that is not
    /// generated: its entity set is given (`"contacts"`).
    pub fn associate_in_set<E: Entity>(
        &self,
        id: Uuid,
        relationship: &'static RelationshipDescriptor,
        target_entity_set: &str,
        target: Uuid,
    ) -> Reference<'_> {
        let op = self.associate_op::<E>(id, relationship, target_entity_set, target);
        Reference { client: self, op }
    }

    fn associate_op<E: Entity>(
        &self,
        id: Uuid,
        relationship: &'static RelationshipDescriptor,
        target_set: &str,
        target: Uuid,
    ) -> Result<Operation> {
        let (nav, single, _) = navigation::<E>(relationship)?;
        let source = RowRef::<E>::Id(id).path()?;
        let target_url = self
            .base_url()
            .join(&format!("{target_set}({})", target.hyphenated()))
            .map_err(|e| Error::Usage(format!("invalid entity set `{target_set}`: {e}")))?;
        let body = serde_json::json!({ "@odata.id": target_url.as_str() }).to_string();
        let method = if single { Method::PUT } else { Method::POST };
        Ok(Operation::new(method, format!("{source}/{nav}/$ref")).body(body))
    }

    /// Removes a link made by [`associate`](Self::associate):
    /// `DELETE <set>(<id>)/<collection nav>(<target>)/$ref`, or
    /// `DELETE <set>(<id>)/<single nav>/$ref` (then `target` is not needed).
    pub fn disassociate<E: Entity>(
        &self,
        id: Uuid,
        relationship: &'static RelationshipDescriptor,
        target: Option<Uuid>,
    ) -> Reference<'_> {
        let op = (|| {
            let (nav, single, _) = navigation::<E>(relationship)?;
            let source = RowRef::<E>::Id(id).path()?;
            let path = match (single, target) {
                (true, _) => format!("{source}/{nav}/$ref"),
                (false, Some(t)) => format!("{source}/{nav}({})/$ref", t.hyphenated()),
                (false, None) => {
                    return Err(Error::Usage(format!(
                        "`{nav}` is collection-valued: disassociate needs the related row's id"
                    )))
                }
            };
            Ok(Operation::new(Method::DELETE, path))
        })();
        Reference { client: self, op }
    }
}
