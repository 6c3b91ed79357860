//! The collection envelope of Web API query responses.

use serde::{Deserialize, Serialize};

use crate::extra::Extra;

/// A page of rows: `{"@odata.context": ..., "value": [...], "@odata.nextLink": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection<T> {
    /// `@odata.context`.
    #[serde(
        rename = "@odata.context",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context: Option<String>,
    /// `@odata.count` (with `$count=true`).
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<i64>,
    /// `@Microsoft.Dynamics.CRM.totalrecordcount` (FetchXML / `$count`).
    #[serde(
        rename = "@Microsoft.Dynamics.CRM.totalrecordcount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_record_count: Option<i64>,
    /// `@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded`.
    #[serde(
        rename = "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_record_count_limit_exceeded: Option<bool>,
    /// The rows.
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    /// `@odata.nextLink`: the URL of the next page.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// Other annotations (`@Microsoft.Dynamics.CRM.fetchxmlpagingcookie`, ...).
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Self {
            context: None,
            count: None,
            total_record_count: None,
            total_record_count_limit_exceeded: None,
            value: Vec::new(),
            next_link: None,
            extra: Extra::default(),
        }
    }
}
