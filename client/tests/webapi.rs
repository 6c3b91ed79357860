//! The client against a local server answering with Microsoft's documented
//! Web API responses (`tests/fixtures/`, CC BY 4.0: see NOTICE.md there).
//! Every test asserts the exact requests sent.

mod common;

use std::time::Duration;

use common::account::{self, Account};
use common::*;
use dataverse_generated::lead::{self, columns, Lead};
use dataverse_generated::opportunity::Opportunity;
use dvgen_client::{AlternateKey, Caller, Error, RetryPolicy};
use dvgen_runtime::{Changes, Collection, HasExtra, Money, Query};
use futures_util::TryStreamExt;
use uuid::Uuid;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LEAD_ID: &str = "7d51925c-cde2-e411-80db-00155d2a68cb";
const OPP_ID: &str = "e73ffc82-e292-ed11-aad1-000d3a9933c9";

fn id(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

async fn no_content(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204).insert_header("OData-Version", "4.0"))
        .mount(server)
        .await;
}

// ---------------------------------------------------------------- paging

#[tokio::test]
async fn pages_follow_next_link_unchanged_with_the_same_prefer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/data/v9.1/accounts"))
        .and(query_param("$select", "name"))
        .and(wiremock::matchers::query_param_is_missing("$skiptoken"))
        .respond_with(fixture("paging-page1.http", &server))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/data/v9.1/accounts"))
        .and(query_param("$select", "name"))
        .and(query_param(
            "$skiptoken",
            "<cookie pagenumber=\"2\" pagingcookie=\"%3ccookie%20page%3d%221%22%3e%3caccountid%20last%3d%22%7b8151925C-CDE2-E411-80DB-00155D2A68CB%7d%22%20first%3d%22%7b7D51925C-CDE2-E411-80DB-00155D2A68CB%7d%22%20%2f%3e%3c%2fcookie%3e\" />",
        ))
        .respond_with(fixture("paging-page2.http", &server))
        .mount(&server)
        .await;
    // The documented example is on v9.1: point the client there.
    let client = dvgen_client::Client::builder(format!("{}/api/data/v9.1/", server.uri()))
        .token_source(dvgen_client::StaticToken::new(TOKEN))
        .build()
        .unwrap();
    let pages: Vec<Collection<Account>> = client
        .list(Query::<Account>::new().select(&[&account::columns::NAME]))
        .max_page_size(3)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert!(pages[0].next_link.is_some() && pages[1].next_link.is_none());
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.value)
        .map(|a| a.name.as_deref().unwrap())
        .collect();
    assert_eq!(names.len(), 6);
    assert_eq!(names[0], "Fourth Coffee (sample)");
    assert_eq!(pages[0].value[2].extra().etag(), Some("W/\"468026\""));
    assert_eq!(
        pages[1].value[0].accountid,
        Some(id("89390c24-9c72-e511-80d4-00155d2a68d1"))
    );

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].url.query(), Some("$select=name"));
    // The next link is sent byte for byte as the service wrote it.
    assert_eq!(
        reqs[1].url.query(),
        Some("$select=name&$skiptoken=%3Ccookie%20pagenumber=%222%22%20pagingcookie=%22%253ccookie%2520page%253d%25221%2522%253e%253caccountid%2520last%253d%2522%257b8151925C-CDE2-E411-80DB-00155D2A68CB%257d%2522%2520first%253d%2522%257b7D51925C-CDE2-E411-80DB-00155D2A68CB%257d%2522%2520%252f%253e%253c%252fcookie%253e%22%20/%3E")
    );
    for r in &reqs {
        assert_eq!(r.method.as_str(), "GET");
        assert_standard_headers(r);
        assert_eq!(headers_all(r, "prefer"), ["odata.maxpagesize=3"]);
        assert!(r.body.is_empty());
    }
}

#[tokio::test]
async fn rows_stream_count_and_total_record_count() {
    let server = MockServer::start().await;
    let page = |next: Option<String>, names: &[&str]| {
        let mut v = serde_json::json!({
            "@odata.context": format!("{}/api/data/v9.2/$metadata#leads(fullname)", server.uri()),
            "@odata.count": 3,
            "@Microsoft.Dynamics.CRM.totalrecordcount": 3,
            "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded": false,
            "value": names.iter().map(|n| serde_json::json!({"@odata.etag": "W/\"1\"", "fullname": n})).collect::<Vec<_>>(),
        });
        if let Some(n) = next {
            v["@odata.nextLink"] = serde_json::json!(n);
        }
        ResponseTemplate::new(200).set_body_json(v)
    };
    let next = format!(
        "{}/api/data/v9.2/leads?$select=fullname&$count=true&$skiptoken=2",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/api/data/v9.2/leads"))
        .and(query_param("$skiptoken", "2"))
        .respond_with(page(None, &["C"]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/data/v9.2/leads"))
        .respond_with(page(Some(next), &["A", "B"]))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let list = client
        .list(Query::<Lead>::new().select(&[&columns::FULLNAME]))
        .with_count()
        .max_page_size(2);
    let first = client
        .list(Query::<Lead>::new().select(&[&columns::FULLNAME]))
        .with_count()
        .first_page()
        .await
        .unwrap();
    assert_eq!((first.count, first.total_record_count), (Some(3), Some(3)));
    assert_eq!(first.total_record_count_limit_exceeded, Some(false));
    let rows: Vec<Lead> = list.rows().try_collect().await.unwrap();
    let names: Vec<_> = rows
        .iter()
        .map(|r| r.fullname.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["A", "B", "C"]);

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0].url.query(), Some("$select=fullname&$count=true"));
    assert_eq!(
        headers_all(&reqs[0], "prefer"),
        ["odata.include-annotations=\"Microsoft.Dynamics.CRM.totalrecordcount,Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded\""]
    );
    assert_eq!(
        reqs[2].url.query(),
        Some("$select=fullname&$count=true&$skiptoken=2")
    );
    for r in &reqs[1..] {
        assert_eq!(
            headers_all(r, "prefer"),
            ["odata.maxpagesize=2,odata.include-annotations=\"Microsoft.Dynamics.CRM.totalrecordcount,Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded\""]
        );
    }
}

#[tokio::test]
async fn a_next_link_to_another_host_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": [{"fullname": "A"}],
            "@odata.nextLink": "https://elsewhere.example/api/data/v9.2/leads?$skiptoken=2",
        })))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let mut pages = client.list(Query::<Lead>::new()).pages();
    assert_eq!(pages.try_next().await.unwrap().unwrap().value.len(), 1);
    let err = pages.try_next().await.unwrap_err();
    assert!(
        matches!(&err, Error::Usage(m) if m.contains("elsewhere.example")),
        "{err}"
    );
    assert!(
        pages.try_next().await.unwrap().is_none(),
        "the stream ends after an error"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

// ---------------------------------------------------------------- retrieve

#[tokio::test]
async fn retrieve_by_id_and_by_alternate_key_with_annotations() {
    let server = MockServer::start().await;
    let body = serde_json::json!({
        "@odata.context": format!("{}/api/data/v9.2/$metadata#leads(fullname,subject)/$entity", server.uri()),
        "@odata.etag": "W/\"470867\"",
        "fullname": "Susanna Stubberod",
        "subject": "Interested in product",
        "subject@OData.Community.Display.V1.FormattedValue": "Interested in product",
        "leadid": LEAD_ID,
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let q = Query::<Lead>::new().select(&[&columns::FULLNAME, &columns::SUBJECT]);
    let lead: Lead = client
        .retrieve(id(LEAD_ID))
        .query(q.clone())
        .annotations("*")
        .send()
        .await
        .unwrap();
    assert_eq!(lead.leadid, Some(id(LEAD_ID)));
    assert_eq!(lead.extra().etag(), Some("W/\"470867\""));
    assert_eq!(
        columns::SUBJECT.formatted_value(&lead),
        Some("Interested in product")
    );

    let key = AlternateKey::<Lead>::new().with(columns::EMAILADDRESS1, "o'brien@example.com");
    let _: Lead = client
        .with_annotations("OData.Community.Display.V1.FormattedValue")
        .retrieve(key)
        .query(q)
        .send()
        .await
        .unwrap();

    let reqs = requests(&server).await;
    assert_eq!(
        reqs[0].url.path(),
        format!("/api/data/v9.2/leads({LEAD_ID})")
    );
    assert_eq!(reqs[0].url.query(), Some("$select=fullname,subject"));
    assert_eq!(
        headers_all(&reqs[0], "prefer"),
        ["odata.include-annotations=\"*\""]
    );
    assert_standard_headers(&reqs[0]);
    assert_eq!(
        reqs[1].url.path(),
        "/api/data/v9.2/leads(emailaddress1='o''brien@example.com')"
    );
    assert_eq!(
        headers_all(&reqs[1], "prefer"),
        ["odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\""]
    );
}

#[tokio::test]
async fn a_missing_row_is_not_found_with_the_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(fixture("resource-not-found-404.http", &server))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let err = client
        .retrieve::<Lead>(id(LEAD_ID))
        .send()
        .await
        .unwrap_err();
    let Error::NotFound(fault) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(fault.status, 404);
    let api = fault.error.as_ref().unwrap();
    assert_eq!(api.code, "0x8006088a");
    assert_eq!(api.message, "Resource not found for the segment 'Account'.");
    assert_eq!(err.status(), Some(404));
    assert_eq!(requests(&server).await.len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_kept_as_text() {
    // The documented plug-in error lacks a comma: not JSON; the client must
    // report the status and the text, not lose them.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fixture("plugin-error-400.http", &server))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let changes = Changes::<Account>::new().set(account::columns::NAME, "Example Account");
    let err = client.create(&changes).send().await.unwrap_err();
    let Error::Api(fault) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(fault.status, 400);
    assert!(fault.error.is_none());
    assert!(
        fault
            .body
            .contains("\"message\": \"Example Error Message.\""),
        "{}",
        fault.body
    );
    assert!(err.to_string().contains("HTTP 400"), "{err}");
    let r = &requests(&server).await[0];
    assert_eq!(r.url.path(), "/api/data/v9.2/accounts");
    assert_eq!(body_text(r), r#"{"name":"Example Account"}"#);
}

// ---------------------------------------------------------------- writes

#[tokio::test]
async fn create_sends_only_the_set_columns_and_bind_names() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/data/v9.2/leads"))
        .respond_with(fixture("create-204.http", &server))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let account = id("78914942-34cb-ed11-b596-0022481d68cd");
    let changes = Changes::<Lead>::new()
        .set(columns::SUBJECT, "Follow up")
        .set(columns::REVENUE, "25000.00".parse::<Money>().unwrap())
        .bind_to::<Opportunity, _>(columns::QUALIFYINGOPPORTUNITYID, id(OPP_ID))
        .bind_in_set(columns::PARENTACCOUNTID, "account", "accounts", account)
        .clear(columns::DESCRIPTION);
    let written = client.create(&changes).send().await.unwrap();
    assert_eq!(written.status, 204);
    assert_eq!(written.id, Some(id("7eb682f1-ca75-e511-80d4-00155d2a68d1")));
    assert_eq!(
        written.entity_id.as_deref(),
        Some(
            format!(
                "{}/api/data/v9.0/accounts(7eb682f1-ca75-e511-80d4-00155d2a68d1)",
                server.uri()
            )
            .as_str()
        )
    );
    assert!(written.row.is_none());

    let r = &requests(&server).await[0];
    assert_eq!(r.method.as_str(), "POST");
    assert_eq!(r.url.query(), None);
    assert_standard_headers(r);
    assert_eq!(header(r, "content-type"), Some("application/json"));
    assert!(header(r, "prefer").is_none());
    assert_eq!(
        body_text(r),
        concat!(
            r#"{"subject":"Follow up","revenue":25000.00,"#,
            r#""qualifyingopportunityid@odata.bind":"/opportunities(e73ffc82-e292-ed11-aad1-000d3a9933c9)","#,
            r#""parentaccountid@odata.bind":"/accounts(78914942-34cb-ed11-b596-0022481d68cd)","#,
            r#""description":null}"#
        )
    );
}

#[tokio::test]
async fn create_with_representation_reads_the_row() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fixture("create-representation-201.http", &server))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let changes = Changes::<Account>::new().set(account::columns::NAME, "Sample Account");
    let written = client
        .create(&changes)
        .select(Query::<Account>::new().select(&[&account::columns::NAME]))
        .send()
        .await
        .unwrap();
    assert_eq!(written.status, 201);
    assert_eq!(written.id, Some(id("d6f193fc-ce85-e611-80d8-00155d2a68de")));
    let row = written.row.unwrap();
    assert_eq!(row.name.as_deref(), Some("Sample Account"));
    assert_eq!(
        row.revenue.map(|m| m.to_string()),
        Some("5000000.0000".to_owned())
    );
    assert_eq!(row.extra().etag(), Some("W/\"536530\""));
    let r = &requests(&server).await[0];
    assert_eq!(r.url.path(), "/api/data/v9.2/accounts");
    assert_eq!(r.url.query(), Some("$select=name"));
    assert_eq!(headers_all(r, "prefer"), ["return=representation"]);
}

#[tokio::test]
async fn update_sends_the_rows_etag_and_412_is_precondition_failed() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(fixture("version-mismatch-412.http", &server))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let read: Lead = serde_json::from_value(serde_json::json!({
        "@odata.etag": "W/\"470867\"", "leadid": LEAD_ID, "subject": "old"
    }))
    .unwrap();
    let changes = Changes::<Lead>::new().set(columns::SUBJECT, "Updated subject");
    let err = client
        .update(read.leadid.unwrap(), &changes)
        .if_match_row(&read)
        .send()
        .await
        .unwrap_err();
    let Error::PreconditionFailed(fault) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(fault.status, 412);
    assert_eq!(
        err.api_error().map(|e| e.message.as_str()),
        Some("The version of the existing record doesn't match the RowVersion property provided.")
    );
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method.as_str(), "PATCH");
    assert_eq!(r.url.path(), format!("/api/data/v9.2/leads({LEAD_ID})"));
    assert_eq!(headers_all(r, "if-match"), ["W/\"470867\""]);
    assert!(header(r, "if-none-match").is_none());
    assert_eq!(body_text(r), r#"{"subject":"Updated subject"}"#);

    // A row without an ETag cannot be updated "if unchanged": an error, no request.
    let no_etag = Lead::default();
    let err = client
        .update(id(LEAD_ID), &changes)
        .if_match_row(&no_etag)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn update_never_creates_and_upsert_conditions() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(wiremock::matchers::header("If-Match", "*"))
        .respond_with(fixture("upsert-missing-404.http", &server))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(wiremock::matchers::header("If-None-Match", "*"))
        .respond_with(fixture("upsert-exists-412.http", &server))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204).insert_header(
            "OData-EntityId",
            format!("{}/api/data/v9.2/leads({LEAD_ID})", server.uri()),
        ))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let changes = Changes::<Lead>::new().set(columns::SUBJECT, "s");

    let err = client
        .update(id(LEAD_ID), &changes)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NotFound(f) if f.message() == "account With Id = 00000000-0000-0000-0000-000000000001 Does Not Exist"),
        "{err:?}"
    );

    let err = client
        .upsert(id(LEAD_ID), &changes)
        .prevent_update()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::PreconditionFailed(f) if f.message() == "A record with matching key values already exists."),
        "{err:?}"
    );

    let err = client
        .upsert(id(LEAD_ID), &changes)
        .prevent_create()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)));

    let key = AlternateKey::<Lead>::new().with(columns::EMAILADDRESS1, "someone@example.com");
    let w = client.upsert(key, &changes).send().await.unwrap();
    assert_eq!(w.id, Some(id(LEAD_ID)));

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 4);
    assert_eq!(headers_all(&reqs[0], "if-match"), ["*"]);
    assert_eq!(headers_all(&reqs[1], "if-none-match"), ["*"]);
    assert!(header(&reqs[1], "if-match").is_none());
    assert_eq!(headers_all(&reqs[2], "if-match"), ["*"]);
    assert!(header(&reqs[3], "if-match").is_none() && header(&reqs[3], "if-none-match").is_none());
    assert_eq!(
        reqs[3].url.path(),
        "/api/data/v9.2/leads(emailaddress1='someone@example.com')"
    );
    assert!(reqs.iter().all(|r| body_text(r) == r#"{"subject":"s"}"#));
}

#[tokio::test]
async fn update_with_representation_and_delete_with_etag() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "@odata.etag": "W/\"470868\"", "leadid": LEAD_ID, "subject": "new"
        })))
        .mount(&server)
        .await;
    no_content(&server).await;
    let (client, _) = client(&server);
    let changes = Changes::<Lead>::new().set(columns::SUBJECT, "new");
    let w = client
        .update(id(LEAD_ID), &changes)
        .if_match("W/\"470867\"")
        .return_representation()
        .send()
        .await
        .unwrap();
    assert_eq!(
        w.row.as_ref().and_then(|r| r.subject.as_deref()),
        Some("new")
    );
    assert_eq!(w.id, Some(id(LEAD_ID)), "from the returned row");
    client
        .delete::<Lead>(id(LEAD_ID))
        .if_match("W/\"470868\"")
        .send()
        .await
        .unwrap();

    let reqs = requests(&server).await;
    assert_eq!(headers_all(&reqs[0], "prefer"), ["return=representation"]);
    assert_eq!(headers_all(&reqs[0], "if-match"), ["W/\"470867\""]);
    assert_eq!(reqs[1].method.as_str(), "DELETE");
    assert_eq!(
        reqs[1].url.path(),
        format!("/api/data/v9.2/leads({LEAD_ID})")
    );
    assert_eq!(headers_all(&reqs[1], "if-match"), ["W/\"470868\""]);
    assert!(reqs[1].body.is_empty() && header(&reqs[1], "content-type").is_none());
}

// ---------------------------------------------------------------- $ref

#[tokio::test]
async fn associate_and_disassociate_through_relationship_descriptors() {
    let server = MockServer::start().await;
    no_content(&server).await;
    let (client, _) = client(&server);
    let (lead_id, opp_id) = (id(LEAD_ID), id(OPP_ID));
    let contact = id("70bf4d48-34cb-ed11-b596-0022481d68cd");
    let rels = &lead::relationships::OPPORTUNITY_ORIGINATING_LEAD;
    client
        .associate::<Lead, Opportunity>(lead_id, rels, opp_id)
        .send()
        .await
        .unwrap();
    client
        .associate::<Lead, Opportunity>(
            lead_id,
            &lead::relationships::LEAD_QUALIFYING_OPPORTUNITY,
            opp_id,
        )
        .send()
        .await
        .unwrap();
    client
        .associate_in_set::<Lead>(
            lead_id,
            &lead::relationships::CONTACTLEADS_ASSOCIATION,
            "contacts",
            contact,
        )
        .send()
        .await
        .unwrap();
    client
        .disassociate::<Lead>(lead_id, rels, Some(opp_id))
        .send()
        .await
        .unwrap();
    client
        .disassociate::<Lead>(
            lead_id,
            &lead::relationships::LEAD_QUALIFYING_OPPORTUNITY,
            None,
        )
        .send()
        .await
        .unwrap();
    // The same relationship, described in opportunity's module (one-to-many
    // from there): still the single-valued navigation property from Lead.
    client
        .associate::<Lead, Opportunity>(
            lead_id,
            &dataverse_generated::opportunity::relationships::LEAD_QUALIFYING_OPPORTUNITY,
            opp_id,
        )
        .send()
        .await
        .unwrap();
    // Wrong target table, or a collection without the related id: errors, nothing sent.
    let err = client
        .associate::<Lead, Lead>(lead_id, rels, opp_id)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Usage(m) if m.contains("opportunity_originating_lead")),
        "{err}"
    );
    assert!(client
        .disassociate::<Lead>(lead_id, rels, None)
        .send()
        .await
        .is_err());

    let base = base(&server);
    let reqs = requests(&server).await;
    let got: Vec<(String, String, String)> = reqs
        .iter()
        .map(|r| (r.method.to_string(), r.url.path().to_owned(), body_text(r)))
        .collect();
    let lead = format!("/api/data/v9.2/leads({LEAD_ID})");
    assert_eq!(
        got,
        [
            (
                "POST".into(),
                format!("{lead}/opportunity_originating_lead/$ref"),
                format!(r#"{{"@odata.id":"{base}opportunities({OPP_ID})"}}"#)
            ),
            (
                "PUT".into(),
                format!("{lead}/qualifyingopportunityid/$ref"),
                format!(r#"{{"@odata.id":"{base}opportunities({OPP_ID})"}}"#)
            ),
            (
                "POST".into(),
                format!("{lead}/contactleads_association/$ref"),
                format!(r#"{{"@odata.id":"{base}contacts({contact})"}}"#)
            ),
            (
                "DELETE".into(),
                format!("{lead}/opportunity_originating_lead({OPP_ID})/$ref"),
                String::new()
            ),
            (
                "DELETE".into(),
                format!("{lead}/qualifyingopportunityid/$ref"),
                String::new()
            ),
            (
                "PUT".into(),
                format!("{lead}/qualifyingopportunityid/$ref"),
                format!(r#"{{"@odata.id":"{base}opportunities({OPP_ID})"}}"#)
            ),
        ]
    );
    assert_eq!(header(&reqs[0], "content-type"), Some("application/json"));
}

// ---------------------------------------------------------------- headers

#[tokio::test]
async fn impersonation_headers() {
    let server = MockServer::start().await;
    no_content(&server).await;
    let (client, _) = client(&server);
    let user = id("4026be43-6b69-e111-8f65-78e7d1620f5e");
    client
        .impersonate(Caller::SystemUserId(user))
        .delete::<Lead>(id(LEAD_ID))
        .send()
        .await
        .unwrap();
    client
        .impersonate(Caller::ObjectId(user))
        .delete::<Lead>(id(LEAD_ID))
        .send()
        .await
        .unwrap();
    client.delete::<Lead>(id(LEAD_ID)).send().await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(headers_all(&reqs[0], "mscrmcallerid"), [user.to_string()]);
    assert!(header(&reqs[0], "callerobjectid").is_none());
    assert_eq!(headers_all(&reqs[1], "callerobjectid"), [user.to_string()]);
    assert!(header(&reqs[1], "mscrmcallerid").is_none());
    assert!(
        header(&reqs[2], "mscrmcallerid").is_none() && header(&reqs[2], "callerobjectid").is_none()
    );
}

#[tokio::test]
async fn a_closure_token_source_is_asked_before_every_attempt() {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(fixture("throttled-429.http", &server))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    no_content(&server).await;
    let calls = Arc::new(AtomicU32::new(0));
    let c = calls.clone();
    let sleep = RecordingSleep::default();
    let client = dvgen_client::Client::builder(server.uri())
        .token_source(dvgen_client::token_fn(move || {
            let n = c.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(format!("token-{n}")) }
        }))
        .sleeper(sleep.clone())
        .build()
        .unwrap();
    client.delete::<Lead>(id(LEAD_ID)).send().await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(header(&reqs[0], "authorization"), Some("Bearer token-1"));
    assert_eq!(header(&reqs[1], "authorization"), Some("Bearer token-2"));
    assert_eq!(sleep.waits(), [Duration::from_secs(2)]);
}

// ---------------------------------------------------------------- throttling

#[tokio::test]
async fn throttled_requests_wait_retry_after_then_succeed() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(fixture("throttled-429.http", &server))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(fixture("throttled-concurrent-429.http", &server))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    no_content(&server).await;
    let (client, sleep) = client(&server);
    let changes = Changes::<Lead>::new().set(columns::SUBJECT, "retried");
    client.update(id(LEAD_ID), &changes).send().await.unwrap();
    assert_eq!(
        sleep.waits(),
        [Duration::from_secs(2), Duration::from_secs(1)]
    );
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        // The same request each time, body included.
        assert_eq!(r.method.as_str(), "PATCH");
        assert_eq!(r.url.path(), format!("/api/data/v9.2/leads({LEAD_ID})"));
        assert_eq!(headers_all(r, "if-match"), ["*"]);
        assert_eq!(body_text(r), r#"{"subject":"retried"}"#);
    }
}

#[tokio::test]
async fn the_retry_budget_ends_in_a_throttled_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(fixture("throttled-429.http", &server))
        .mount(&server)
        .await;
    let policy = RetryPolicy {
        max_retries: 2,
        ..RetryPolicy::default()
    };
    let (client, sleep) = client_with(&server, policy);
    let err = client
        .retrieve::<Lead>(id(LEAD_ID))
        .send()
        .await
        .unwrap_err();
    let Error::Throttled { fault, attempts } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*attempts, 3);
    assert_eq!(fault.status, 429);
    assert_eq!(fault.retry_after, Some(Duration::from_secs(2)));
    let api = fault.error.as_ref().unwrap();
    assert_eq!(api.code, "0x80072322");
    assert!(api.is_service_protection());
    assert_eq!(sleep.waits(), [Duration::from_secs(2); 2]);
    assert_eq!(requests(&server).await.len(), 3);

    // A wait that would go past the total budget is not started.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(fixture("throttled-429.http", &server))
        .mount(&server)
        .await;
    let policy = RetryPolicy {
        max_total_wait: Duration::from_secs(3),
        ..RetryPolicy::default()
    };
    let (client, sleep) = client_with(&server, policy);
    let err = client
        .retrieve::<Lead>(id(LEAD_ID))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Throttled { attempts: 2, .. }),
        "{err:?}"
    );
    assert_eq!(sleep.waits(), [Duration::from_secs(2)]);

    // RetryPolicy::NONE: one attempt.
    let (client, sleep) = client_with(&server, RetryPolicy::NONE);
    let err = client
        .retrieve::<Lead>(id(LEAD_ID))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Throttled { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn service_unavailable_without_retry_after_backs_off_exponentially() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Service Unavailable"))
        .up_to_n_times(3)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"leadid": LEAD_ID})),
        )
        .mount(&server)
        .await;
    let policy = RetryPolicy {
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(300),
        ..RetryPolicy::default()
    };
    let (client, sleep) = client_with(&server, policy);
    let lead: Lead = client.retrieve(id(LEAD_ID)).send().await.unwrap();
    assert_eq!(lead.leadid, Some(id(LEAD_ID)));
    assert_eq!(
        sleep.waits(),
        [
            Duration::from_millis(100),
            Duration::from_millis(200),
            Duration::from_millis(300)
        ]
    );
    assert_eq!(requests(&server).await.len(), 4);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_and_is_not_resent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_millis(800)))
        .mount(&server)
        .await;
    let client = dvgen_client::Client::builder(server.uri())
        .token_source(dvgen_client::StaticToken::new(TOKEN))
        .timeout(Some(Duration::from_millis(100)))
        .build()
        .unwrap();
    let changes = Changes::<Lead>::new().set(columns::SUBJECT, "slow");
    let err = client.create(&changes).send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Timeout { after, .. } if *after == Duration::from_millis(100)),
        "{err:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

// ---------------------------------------------------------------- $batch

fn subject(s: &str) -> Changes<Lead> {
    Changes::<Lead>::new().set(columns::SUBJECT, s)
}

async fn batch_server(fixture_name: &str, crlf: bool) -> MockServer {
    let server = MockServer::start().await;
    let mut text = fixture_text(fixture_name, &server);
    if crlf {
        text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    Mock::given(method("POST"))
        .and(path("/api/data/v9.2/$batch"))
        .respond_with(response_from_http(&text))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn batch_with_a_change_set_sends_multipart_and_reads_every_outcome() {
    for crlf in [false, true] {
        let server = batch_server("batch-changeset-response.http", crlf).await;
        let (client, _) = client(&server);
        let mut batch = client.batch().boundary("batch_AAA123");
        let mut ids = Vec::new();
        batch.change_set(|cs| {
            for n in 1..=3 {
                ids.push(cs.add(client.create(&subject(&format!("Task {n} in batch")))));
            }
        });
        assert_eq!(ids, [1, 2, 3]);
        let list = batch.add(client.list(Query::<Lead>::new().select(&[&columns::SUBJECT])));
        assert_eq!((list, batch.len()), (3, 4));
        let res = batch.send().await.unwrap();

        assert_eq!(res.status, 200);
        assert!(res.all_succeeded());
        assert_eq!(res.outcomes.len(), 4);
        let created: Vec<Option<Uuid>> = res.outcomes[..3]
            .iter()
            .map(|o| o.success().and_then(|r| r.id()))
            .collect();
        assert_eq!(
            created,
            [
                Some(id("e73ffc82-e292-ed11-aad1-000d3a9933c9")),
                Some(id("e83ffc82-e292-ed11-aad1-000d3a9933c9")),
                Some(id("e93ffc82-e292-ed11-aad1-000d3a9933c9"))
            ]
        );
        let part = res.outcomes[0].success().unwrap();
        assert_eq!((part.status, part.content_id.as_deref()), (204, Some("1")));
        assert_eq!(part.header("odata-version"), Some("4.0"));
        let tasks: Collection<serde_json::Value> =
            res.outcomes[3].success().unwrap().json().unwrap();
        let subjects: Vec<&str> = tasks
            .value
            .iter()
            .map(|t| t["subject"].as_str().unwrap())
            .collect();
        assert_eq!(
            subjects,
            ["Task 1 in batch", "Task 2 in batch", "Task 3 in batch"]
        );

        let reqs = requests(&server).await;
        assert_eq!(reqs.len(), 1);
        let r = &reqs[0];
        assert_standard_headers(r);
        assert_eq!(
            header(r, "content-type"),
            Some("multipart/mixed; boundary=batch_AAA123")
        );
        assert!(header(r, "prefer").is_none());
        let mut expected = String::from(
            "--batch_AAA123\r\nContent-Type: multipart/mixed; boundary=changeset_1_AAA123\r\n\r\n",
        );
        for n in 1..=3 {
            expected.push_str(&format!(
                "--changeset_1_AAA123\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: {n}\r\n\r\n\
                 POST /api/data/v9.2/leads HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n\
                 {{\"subject\":\"Task {n} in batch\"}}\r\n"
            ));
        }
        expected.push_str(
            "--changeset_1_AAA123--\r\n--batch_AAA123\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
             GET /api/data/v9.2/leads?$select=subject HTTP/1.1\r\n\r\n--batch_AAA123--\r\n",
        );
        assert_eq!(body_text(r), expected);
    }
}

#[tokio::test]
async fn batch_parts_carry_their_own_headers() {
    let server = batch_server("batch-continue-on-error-response.http", false).await;
    let (client, _) = client(&server);
    let caller = client.impersonate(Caller::SystemUserId(id(OPP_ID)));
    let mut batch = caller.batch().boundary("batch_B").continue_on_error();
    let read: Lead =
        serde_json::from_value(serde_json::json!({"@odata.etag": "W/\"1\"", "leadid": LEAD_ID}))
            .unwrap();
    batch.add(
        client
            .update(id(LEAD_ID), &subject("a"))
            .if_match_row(&read),
    );
    batch.add(client.upsert(id(LEAD_ID), &subject("b")).prevent_update());
    batch.add(client.delete::<Lead>(id(LEAD_ID)));
    let res = batch.send().await.unwrap();
    assert_eq!(res.outcomes.len(), 3);

    let r = &requests(&server).await[0];
    assert_eq!(headers_all(r, "prefer"), ["odata.continue-on-error"]);
    assert_eq!(headers_all(r, "mscrmcallerid"), [OPP_ID]);
    let lead = format!("/api/data/v9.2/leads({LEAD_ID})");
    let part = |n: usize| body_text(r).split("--batch_B").nth(n).unwrap().to_owned();
    assert_eq!(
        part(1),
        format!("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nPATCH {lead} HTTP/1.1\r\nIf-Match: W/\"1\"\r\nContent-Type: application/json; type=entry\r\n\r\n{{\"subject\":\"a\"}}\r\n")
    );
    assert!(
        part(2).contains(&format!("PATCH {lead} HTTP/1.1\r\nIf-None-Match: *\r\n")),
        "{}",
        part(2)
    );
    assert!(
        part(3).ends_with(&format!("DELETE {lead} HTTP/1.1\r\n\r\n")),
        "{:?}",
        part(3)
    );
}

#[tokio::test]
async fn batch_continue_on_error_reports_the_failed_part_and_the_rest() {
    let server = batch_server("batch-continue-on-error-response.http", false).await;
    let (client, _) = client(&server);
    let mut batch = client.batch().continue_on_error();
    for s in ["Subject is too long", "Task 2 in batch", "Task 3 in batch"] {
        batch.add(client.create(&subject(s)));
    }
    let res = batch.send().await.unwrap();
    assert_eq!(res.status, 200);
    assert!(!res.all_succeeded());
    let dvgen_client::Outcome::Response(failed) = &res.outcomes[0] else {
        panic!("{:?}", res.outcomes[0])
    };
    assert_eq!(failed.status, 400);
    assert_eq!(
        failed.header("REQ_ID"),
        Some("de4c5227-4a28-4ebd-8ced-3392ece1697b")
    );
    let api = failed.error().unwrap();
    assert_eq!(api.code, "0x80044331");
    assert!(api.message.starts_with("A validation error occurred."));
    assert_eq!(
        res.outcomes[1].success().and_then(|r| r.id()),
        Some(id("aed2ae8b-3c94-ed11-aad1-000d3a9933c9"))
    );
    assert_eq!(
        res.outcomes[2].success().and_then(|r| r.id()),
        Some(id("b181a991-3c94-ed11-aad1-000d3a9933c9"))
    );
    let err = res.outcomes[0].clone().into_result().unwrap_err();
    assert_eq!(err.status(), Some(400));
}

#[tokio::test]
async fn batch_stopped_at_the_first_error_reports_the_rest_as_not_executed() {
    let server = batch_server("batch-error-response.http", true).await;
    let (client, _) = client(&server);
    let mut batch = client.batch();
    for s in ["Subject is too long", "Task 2 in batch", "Task 3 in batch"] {
        batch.add(client.create(&subject(s)));
    }
    let res = batch.send().await.unwrap();
    assert_eq!(res.status, 400);
    assert_eq!(res.outcomes.len(), 3, "no operation is dropped");
    assert!(
        matches!(&res.outcomes[0], dvgen_client::Outcome::Response(r) if r.status == 400 && r.error().unwrap().code == "0x80044331")
    );
    assert_eq!(res.outcomes[1], dvgen_client::Outcome::NotExecuted);
    assert_eq!(res.outcomes[2], dvgen_client::Outcome::NotExecuted);
}

#[tokio::test]
async fn a_failed_change_set_rolls_back_every_operation_in_it() {
    let server = batch_server("batch-error-response.http", false).await;
    let (client, _) = client(&server);
    let mut batch = client.batch();
    batch.change_set(|cs| {
        cs.add(client.create(&subject("Subject is too long")));
        cs.add(client.create(&subject("Task 2 in batch")));
    });
    batch.add(client.delete::<Lead>(id(LEAD_ID)));
    let res = batch.send().await.unwrap();
    assert_eq!(res.outcomes.len(), 3);
    for o in &res.outcomes[..2] {
        let dvgen_client::Outcome::RolledBack(r) = o else {
            panic!("{o:?}")
        };
        assert_eq!(r.status, 400);
    }
    assert_eq!(res.outcomes[2], dvgen_client::Outcome::NotExecuted);
}

#[tokio::test]
async fn batch_misuse_and_malformed_answers_are_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).insert_header("Content-Type", "multipart/mixed; boundary=b").set_body_bytes(
            "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--b--\r\n".as_bytes(),
        ))
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    // A GET in a change set is refused before sending.
    let mut batch = client.batch();
    batch.change_set(|cs| {
        cs.add(client.retrieve::<Lead>(id(LEAD_ID)));
    });
    assert!(matches!(batch.send().await, Err(Error::Usage(_))));
    // A build error of one operation fails the batch (nothing sent).
    let mut batch = client.batch();
    batch.add(client.create(&Changes::<Lead>::new().bind(columns::SUBJECT, "lead", id(LEAD_ID))));
    assert!(matches!(batch.send().await, Err(Error::Changes(_))));
    assert!(requests(&server).await.is_empty());
    // A body that contains the boundary would end its part early: refused.
    let mut batch = client.batch().boundary("batch_X");
    batch.add(
        dvgen_client::Operation::new(dvgen_client::Method::POST, "leads")
            .body("{\"subject\":\"\r\n--batch_X\"}"),
    );
    assert!(matches!(batch.send().await, Err(Error::Usage(m)) if m.contains("boundary")));
    assert!(requests(&server).await.is_empty());
    // More answers than operations.
    let mut batch = client.batch();
    batch.add(client.delete::<Lead>(id(LEAD_ID)));
    let err = batch.send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Batch(e) if e.reason.contains("more responses")),
        "{err}"
    );
}

#[tokio::test]
async fn batch_outcomes_become_typed_errors_naming_their_request() {
    let server = batch_server("batch-error-response.http", false).await;
    let (client, _) = client(&server);
    let mut batch = client.batch();
    batch.add(client.create(&subject("Subject is too long")));
    batch.add(client.delete::<Lead>(id(LEAD_ID)));
    let mut res = batch.send().await.unwrap();
    let err = res.outcomes.remove(0).into_result().unwrap_err();
    let Error::Api(fault) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(fault.status, 400);
    assert_eq!(fault.method, "POST");
    assert_eq!(fault.url, format!("{}leads", base(&server)));
    assert_eq!(
        fault.error.as_ref().map(|e| e.code.as_str()),
        Some("0x80044331")
    );
    assert!(matches!(
        res.outcomes.remove(0).into_result(),
        Err(Error::NotExecuted)
    ));
}

/// The README's OAuth client-credentials token source, against a local
/// token endpoint: one token request for several API requests (cached).
#[tokio::test]
async fn readme_client_credentials_token_source() {
    use std::sync::Arc;
    use std::time::Instant;
    use tokio::sync::Mutex;

    #[derive(serde::Deserialize)]
    struct TokenResponse {
        access_token: String,
        expires_in: u64,
    }

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tenant-id/oauth2/v2.0/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token_type": "Bearer", "expires_in": 3599, "access_token": "eyJ0eXAi.secret"
        })))
        .mount(&server)
        .await;
    no_content(&server).await;
    let login = server.uri(); // https://login.microsoftonline.com in real use
    let (tenant, client_id, client_secret) = (
        "tenant-id".to_owned(),
        "app-id".to_owned(),
        "s3cr=t&".to_owned(),
    );
    let scope = format!("{}/.default", server.uri());

    let http = reqwest::Client::new();
    let cache: Arc<Mutex<Option<(String, Instant)>>> = Arc::default();
    let source = dvgen_client::token_fn(move || {
        let (http, cache) = (http.clone(), cache.clone());
        let (login, tenant, id, secret, scope) = (
            login.clone(),
            tenant.clone(),
            client_id.clone(),
            client_secret.clone(),
            scope.clone(),
        );
        async move {
            let mut cached = cache.lock().await;
            if let Some((t, until)) = &*cached {
                if Instant::now() < *until {
                    return Ok(t.clone());
                }
            }
            let body = http
                .post(format!("{login}/{tenant}/oauth2/v2.0/token"))
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", &id),
                    ("client_secret", &secret),
                    ("scope", &scope),
                ])
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .map_err(dvgen_client::AuthError::from_source)?
                .bytes()
                .await
                .map_err(dvgen_client::AuthError::from_source)?;
            let r: TokenResponse =
                serde_json::from_slice(&body).map_err(dvgen_client::AuthError::from_source)?;
            let until = Instant::now() + Duration::from_secs(r.expires_in.saturating_sub(300));
            *cached = Some((r.access_token.clone(), until));
            Ok(r.access_token)
        }
    });
    let client = dvgen_client::Client::builder(server.uri())
        .token_source(source)
        .build()
        .unwrap();
    client.delete::<Lead>(id(LEAD_ID)).send().await.unwrap();
    client.delete::<Lead>(id(LEAD_ID)).send().await.unwrap();

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3, "one token request, two API requests");
    assert_eq!(reqs[0].url.path(), "/tenant-id/oauth2/v2.0/token");
    assert_eq!(
        body_text(&reqs[0]),
        format!(
            "grant_type=client_credentials&client_id=app-id&client_secret=s3cr%3Dt%26&scope={}",
            scope_encoded(&server)
        )
    );
    for r in &reqs[1..] {
        assert_eq!(header(r, "authorization"), Some("Bearer eyJ0eXAi.secret"));
    }
}

fn scope_encoded(server: &MockServer) -> String {
    format!("{}/.default", server.uri())
        .replace(':', "%3A")
        .replace('/', "%2F")
}
