//! Documented code is compiled: every ```` ```rust ```` block of the README
//! and every ```` ```ignore ```` doc example in `generator/src` and
//! `runtime/src` appears, line for line, in a test below (or, for the
//! `include!` line, in this package's `src/lib.rs`), which compiles it against
//! the generated crates and runs it where it can run. An example that stops
//! compiling fails the build; an example edited in the docs but not here fails
//! `every_documented_example_is_compiled_here`.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The lines of `text`, trimmed, without blank ones and `//` comment lines
/// (which name the file an example belongs in).
fn code_lines(text: &str) -> Vec<String> {
    let plain_comment =
        |l: &str| l.starts_with("//") && !l.starts_with("///") && !l.starts_with("//!");
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !plain_comment(l))
        .collect()
}

/// Whether `needle` occurs as a contiguous run of lines in `haystack`.
fn contains_lines(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Fenced blocks whose opening fence is exactly ```` ```{info} ````, from
/// lines that already had any comment prefix removed.
fn fenced(lines: &[&str], info: &str) -> Vec<String> {
    let open = format!("```{info}");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in lines {
        let t = line.trim();
        match &mut current {
            None if t == open => current = Some(String::new()),
            Some(_) if t == "```" => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// `ignore` doc examples of every `.rs` file under `dir`: (file, block).
fn ignored_doc_examples(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ignored_doc_examples(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let docs: Vec<&str> = text
                .lines()
                .filter_map(|l| {
                    let t = l.trim_start();
                    t.strip_prefix("///").or_else(|| t.strip_prefix("//!"))
                })
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect();
            for block in fenced(&docs, "ignore") {
                let rel = path.strip_prefix(repo()).unwrap_or(&path);
                out.push((rel.display().to_string(), block));
            }
        }
    }
}

#[test]
fn every_documented_example_is_compiled_here() {
    let here = code_lines(include_str!("doc_examples.rs"));
    let lib = code_lines(include_str!("../src/lib.rs"));
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let readme_lines: Vec<&str> = readme.lines().collect();
    let mut examples: Vec<(String, String)> = fenced(&readme_lines, "rust")
        .into_iter()
        .map(|b| ("README.md".to_string(), b))
        .collect();
    let readme_blocks = examples.len();
    ignored_doc_examples(&repo().join("generator/src"), &mut examples);
    ignored_doc_examples(&repo().join("runtime/src"), &mut examples);
    assert_eq!(readme_blocks, 5, "README's Rust blocks");
    assert_eq!(examples.len() - readme_blocks, 5, "ignored doc examples");
    let missing: Vec<String> = examples
        .iter()
        .filter(|(_, block)| {
            let lines = code_lines(block);
            !contains_lines(&here, &lines) && !contains_lines(&lib, &lines)
        })
        .map(|(file, block)| format!("{file}:\n{block}"))
        .collect();
    assert!(
        missing.is_empty(),
        "documented examples not compiled by tests/doc_examples.rs:\n{}",
        missing.join("\n")
    );
}

// ------------------------------------------------------------ README.md

/// README "HTTP client (dvgen-client)" (compiled, not run: it needs an environment).
#[allow(dead_code, unused_variables, unused_mut, clippy::all)]
#[rustfmt::skip]
mod readme_client {
async fn example(
    token: String,
    id: uuid::Uuid,
    opp: uuid::Uuid,
    user: uuid::Uuid,
) -> Result<(), Box<dyn std::error::Error>> {
use dataverse_generated::lead::{self, columns, Lead};
use dataverse_generated::opportunity::Opportunity;
use dvgen_client::{AlternateKey, Caller, Client, Error, StaticToken};
use dvgen_runtime::{Changes, Query};
use futures_util::TryStreamExt;

let client = Client::builder("https://contoso.crm.dynamics.com") // + api/data/v9.2/
    .token_source(StaticToken::new(token))
    .annotations("OData.Community.Display.V1.FormattedValue")      // Prefer on reads
    .build()?;

// Pages (or rows) following @odata.nextLink, Prefer: odata.maxpagesize=50, $count.
let mut pages = client.list(Query::<Lead>::new().select(&[&columns::SUBJECT]))
    .max_page_size(50).with_count().pages();
while let Some(page) = pages.try_next().await? {
    println!("{} of {:?}", page.value.len(), page.total_record_count);
}

// Read, then update only if unchanged (If-Match: the row's @odata.etag).
let lead: Lead = client.retrieve(id).query(Query::new().select(&[&columns::SUBJECT])).send().await?;
let changes = Changes::<Lead>::new().set(columns::SUBJECT, "Follow up");
match client.update(id, &changes).if_match_row(&lead).send().await {
    Err(Error::PreconditionFailed(_)) => { /* changed meanwhile: read again */ }
    other => { other?; }
}
// Create (204 + OData-EntityId, or the row with return_representation()), upsert by
// alternate key without ever updating (If-None-Match: *), delete, link rows ($ref).
let new_id = client.create(&changes).send().await?.id;
let key = AlternateKey::<Lead>::new().with(columns::EMAILADDRESS1, "someone@example.com");
client.upsert(key, &changes).prevent_update().send().await?;
client.associate::<Lead, Opportunity>(id, &lead::relationships::OPPORTUNITY_ORIGINATING_LEAD, opp).send().await?;
client.impersonate(Caller::SystemUserId(user)).delete::<Lead>(id).send().await?; // MSCRMCallerID

// $batch with a change set; every operation's outcome comes back, in order.
let mut batch = client.batch().continue_on_error();
batch.change_set(|cs| { cs.add(client.create(&changes)); cs.add(client.delete::<Lead>(id)); });
batch.add(client.list(Query::<Lead>::new().top(5)));
for outcome in batch.send().await?.outcomes { /* Response(part) | RolledBack(part) | NotExecuted */ }
Ok(())
}
}

/// README "Tokens": the OAuth client-credentials token source (compiled, not run).
#[allow(dead_code, unused_variables, clippy::all)]
#[rustfmt::skip]
mod readme_client_credentials {
use dvgen_client::Client;
fn example(
    url: &str,
    tenant: String,
    client_id: String,
    client_secret: String,
) -> Result<(), Box<dyn std::error::Error>> {
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

#[derive(serde::Deserialize)]
struct TokenResponse { access_token: String, expires_in: u64 }

let http = reqwest::Client::new();
let cache: Arc<Mutex<Option<(String, Instant)>>> = Arc::default();
let source = dvgen_client::token_fn(move || {
    let (http, cache) = (http.clone(), cache.clone());
    let (tenant, id, secret) = (tenant.clone(), client_id.clone(), client_secret.clone());
    async move {
        let mut cached = cache.lock().await;
        if let Some((t, until)) = &*cached {
            if Instant::now() < *until { return Ok(t.clone()); }
        }
        let body = http
            .post(format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", &id),
                    ("client_secret", &secret), ("scope", "https://contoso.crm.dynamics.com/.default")])
            .send().await.and_then(|r| r.error_for_status())
            .map_err(dvgen_client::AuthError::from_source)?
            .bytes().await.map_err(dvgen_client::AuthError::from_source)?;
        let r: TokenResponse = serde_json::from_slice(&body).map_err(dvgen_client::AuthError::from_source)?;
        let until = Instant::now() + Duration::from_secs(r.expires_in.saturating_sub(300));
        *cached = Some((r.access_token.clone(), until));
        Ok(r.access_token)
    }
});
let client = Client::builder(url).token_source(source).build()?;
Ok(())
}
}

/// README "From a build script" (compiled, not run: `docs` is the reader's folder).
#[allow(dead_code)]
#[rustfmt::skip]
mod readme_build_script {
// build.rs   (build-dependencies: dvgen; dependencies: dvgen-runtime)
fn main() {
    dvgen::Builder::new()
        .input("docs")                // files or folders of pages
        .generate_to_out_dir()        // $OUT_DIR/dvgen/lib.rs + one file per table
        .unwrap();
}
}

/// README "Web API JSON", run on a page of one lead.
#[rustfmt::skip]
fn readme_web_api(
    body: String,
    org: &str,
    opp_id: dvgen_runtime::uuid::Uuid,
    account_id: dvgen_runtime::uuid::Uuid,
) -> Result<(String, String), Box<dyn std::error::Error>> {
use dataverse_generated::lead::{self, columns, Lead};
use dataverse_generated::opportunity::Opportunity;
use dvgen_runtime::{Changes, Collection, HasExtra, Money, Order, Query};

// Read a page of rows and follow a lookup.
let page: Collection<Lead> = serde_json::from_str(&body)?;
let row = &page.value[0];
let etag = row.extra().etag();                                  // for If-Match
let revenue = columns::REVENUE.formatted_value(row);            // "$20,000.00"
if let Some(parent) = columns::PARENTACCOUNTID.reference(row, row.parentaccountid) {
    println!("{:?} {} {:?}", parent.table, parent.id, parent.name); // account, GUID, primary name
}
// An expanded navigation property, typed when the target table is generated.
let opp: Option<Opportunity> = row.extra().expanded("qualifyingopportunityid").transpose()?;

// An update body with only the changed columns; lookups via @odata.bind.
let update = Changes::<Lead>::new()
    .set(columns::SUBJECT, "Follow up")
    .set(columns::REVENUE, "25000.00".parse::<Money>()?)
    .bind_to::<Opportunity, _>(columns::QUALIFYINGOPPORTUNITYID, opp_id) // "/opportunities(..)"
    .bind_in_set(columns::PARENTACCOUNTID, "account", "accounts", account_id)
    .clear(columns::DESCRIPTION);                                  // "description": null
assert!(update.validate_update().iter().all(|v| !v.is_error())); // MaxLength, ranges, ...
let json = update.to_json_string()?;

// A query string.
let q = Query::<Lead>::new()
    .select(&[&columns::FULLNAME, &columns::REVENUE])
    .filter(columns::REVENUE.gt(Money::from(10_000)) & columns::FULLNAME.contains("sample"))
    .expand(&lead::relationships::LEAD_QUALIFYING_OPPORTUNITY, Query::<Opportunity>::new())?
    .order_by(columns::REVENUE, Order::Desc)
    .top(10);
let url = format!("{org}/api/data/v9.2/leads?{}", q.to_query_string());
    assert_eq!(etag, Some("W/\"1\""));
    assert_eq!(revenue, Some("$20,000.00"));
    assert!(opp.is_some());
    Ok((json, url))
}

#[test]
fn readme_web_api_example_runs() {
    let id = |n: u8| dvgen_runtime::uuid::Uuid::from_u128(u128::from(n));
    let body = r#"{"value": [{
        "@odata.etag": "W/\"1\"",
        "fullname": "A sample lead",
        "revenue": 20000.0,
        "revenue@OData.Community.Display.V1.FormattedValue": "$20,000.00",
        "_parentaccountid_value": "00000000-0000-0000-0000-000000000002",
        "qualifyingopportunityid": {"name": "Opportunity"}
    }]}"#;
    let (json, url) =
        readme_web_api(body.to_string(), "https://org.example", id(1), id(2)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["subject"], "Follow up");
    assert_eq!(json["description"], serde_json::Value::Null);
    assert_eq!(
        json["parentaccountid@odata.bind"],
        "/accounts(00000000-0000-0000-0000-000000000002)"
    );
    assert!(
        url.starts_with("https://org.example/api/data/v9.2/leads?$select=fullname,revenue"),
        "{url}"
    );
}

// ------------------------------------------- runtime/src and generator/src

/// The runtime tests' tables (`runtime/tests/common/`): an `Account` of the
/// generated shape, as the runtime's examples assume.
#[path = "../runtime/tests/common/mod.rs"]
mod common;

/// `runtime/src/changes.rs`, [`dvgen_runtime::Changes`].
#[rustfmt::skip]
fn changes_example(id: dvgen_runtime::uuid::Uuid) -> Result<String, dvgen_runtime::ChangeError> {
    use common::{columns, Account};
    use dvgen_runtime::Changes;
let body = Changes::<Account>::new()
    .set(columns::NAME, "Contoso")
    .bind(columns::PRIMARYCONTACTID, "contact", id)
    .to_json_string()?;
    Ok(body)
}

#[test]
fn changes_example_runs() {
    let id = dvgen_runtime::uuid::Uuid::from_u128(7);
    let body: serde_json::Value = serde_json::from_str(&changes_example(id).unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "name": "Contoso",
            "primarycontactid@odata.bind": format!("/contacts({id})")
        })
    );
}

/// `runtime/src/query.rs`, [`dvgen_runtime::Query`].
#[test]
#[rustfmt::skip]
fn query_example_runs() {
    use common::{columns, Account};
    use dvgen_runtime::{Order, Query};
let q = Query::<Account>::new()
    .select(&[&columns::NAME, &columns::REVENUE])
    .filter(columns::REVENUE.gt(10000) & columns::NAME.starts_with("C"))
    .order_by(columns::NAME, Order::Desc)
    .top(10)
    .to_query_string(); // "$select=name,revenue&$filter=revenue%20gt%2010000%20and%20..."
    assert!(
        q.starts_with("$select=name,revenue&$filter=revenue%20gt%2010000%20and%20"),
        "{q}"
    );
}

/// `runtime/src/values.rs`, `impl_option_set_serde!`.
mod option_set_serde_example {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum LeadSourceCode {
        Advertisement,
        Unknown(i32),
    }
    impl dvgen_runtime::OptionSet for LeadSourceCode {
        const NAME: &'static str = "lead_leadsourcecode";
        const OPTIONS: &'static [dvgen_runtime::OptionMetadata] = &[];
        fn value(self) -> i32 {
            match self {
                Self::Advertisement => 1,
                Self::Unknown(v) => v,
            }
        }
        fn from_value(value: i32) -> Self {
            match value {
                1 => Self::Advertisement,
                v => Self::Unknown(v),
            }
        }
    }
    ::dvgen_runtime::impl_option_set_serde!(LeadSourceCode);

    #[test]
    fn option_set_serde_example_runs() {
        let v: LeadSourceCode = serde_json::from_str("1").unwrap();
        assert_eq!(v, LeadSourceCode::Advertisement);
        let v: LeadSourceCode = serde_json::from_str("\"42\"").unwrap();
        assert_eq!(v, LeadSourceCode::Unknown(42));
        assert_eq!(serde_json::to_string(&v).unwrap(), "42");
    }
}

/// `runtime/src/extra.rs`, [`dvgen_runtime::HasExtra`].
mod has_extra_example {
    pub struct Lead {
        pub extra: ::dvgen_runtime::Extra,
    }
    #[rustfmt::skip]
impl ::dvgen_runtime::HasExtra for Lead {
    fn extra(&self) -> &::dvgen_runtime::Extra { &self.extra }
    fn extra_mut(&mut self) -> &mut ::dvgen_runtime::Extra { &mut self.extra }
}

    #[test]
    fn has_extra_example_runs() {
        use dvgen_runtime::HasExtra;
        let mut lead = Lead {
            extra: serde_json::from_str(r#"{"@odata.etag": "W/\"5\""}"#).unwrap(),
        };
        assert_eq!(lead.extra().etag(), Some("W/\"5\""));
        lead.extra_mut().insert("x", serde_json::json!(1));
        assert!(lead.extra().contains_key("x"));
    }
}
