//! Pages per second read through `dvgen-client` from a local server, against
//! a bare reqwest + serde_json loop over the same responses, in the same run.
//!
//! Both read every page into `Collection<Lead>` (the same deserialization)
//! and follow `@odata.nextLink`, so the difference is the client's own cost:
//! building requests and headers, the token source, the retry wrapper, the
//! stream. `cargo bench -p dvgen-client --bench pages`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dataverse_generated::lead::{columns, Lead};
use dvgen_client::{Client, StaticToken};
use dvgen_runtime::{Collection, Query};
use futures_util::TryStreamExt;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGES: usize = 20;
const ROWS: usize = 200;

fn row(page: usize, i: usize) -> serde_json::Value {
    let n = page * ROWS + i;
    serde_json::json!({
        "@odata.etag": format!("W/\"{}\"", 81_359_849 + n),
        "leadid": format!("{:08x}-34cb-ed11-b596-0022481d68cd", n),
        "fullname": format!("Lead {n} (sample)"),
        "firstname": "Susanna",
        "lastname": format!("Stubberod {n}"),
        "subject": "Interested in our newer offerings",
        "emailaddress1": format!("lead{n}@example.com"),
        "companyname": "Litware, Inc.",
        "revenue@OData.Community.Display.V1.FormattedValue": "$20,000.00",
        "revenue": 20000.0000,
        "statecode@OData.Community.Display.V1.FormattedValue": "Open",
        "statecode": 0,
        "statuscode@OData.Community.Display.V1.FormattedValue": "New",
        "statuscode": 1,
        "_parentaccountid_value@OData.Community.Display.V1.FormattedValue": "Litware, Inc. (sample)",
        "_parentaccountid_value": "78914942-34cb-ed11-b596-0022481d68cd",
        "_transactioncurrencyid_value": "228f42f8-e646-e111-8eb7-78e7d162ced1",
        "createdon": "2023-04-07T21:59:01Z",
        "modifiedon@OData.Community.Display.V1.FormattedValue": "4/7/2023 2:59 PM",
        "modifiedon": "2023-04-07T21:59:01Z",
    })
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    for p in 0..PAGES {
        let mut body = serde_json::json!({
            "@odata.context": format!("{}/api/data/v9.2/$metadata#leads", server.uri()),
            "value": (0..ROWS).map(|i| row(p, i)).collect::<Vec<_>>(),
        });
        if p + 1 < PAGES {
            body["@odata.nextLink"] = serde_json::json!(format!(
                "{}/api/data/v9.2/leads?$select=fullname&$skiptoken={}",
                server.uri(),
                p + 1
            ));
        }
        let bytes = serde_json::to_vec(&body).unwrap();
        let mut mock = Mock::given(method("GET")).and(path("/api/data/v9.2/leads"));
        mock = if p == 0 {
            mock.and(wiremock::matchers::query_param_is_missing("$skiptoken"))
        } else {
            mock.and(query_param("$skiptoken", p.to_string()))
        };
        mock.respond_with(
            ResponseTemplate::new(200)
                .insert_header("Content-Type", "application/json; odata.metadata=minimal")
                .set_body_bytes(bytes),
        )
        .mount(&server)
        .await;
    }
    server
}

async fn via_client(client: &Client) -> usize {
    // Page by page, each dropped after counting, like the bare loop.
    let mut pages = client
        .list(Query::<Lead>::new().select(&[&columns::FULLNAME]))
        .max_page_size(ROWS as u32)
        .pages();
    let (mut n, mut rows) = (0, 0);
    while let Some(page) = pages.try_next().await.unwrap() {
        n += 1;
        rows += page.value.len();
    }
    assert_eq!(rows, PAGES * ROWS);
    n
}

async fn bare(http: &reqwest::Client, first: &str) -> usize {
    let mut url = first.to_owned();
    let (mut pages, mut rows) = (0, 0);
    loop {
        let body = http
            .get(&url)
            .bearer_auth("bench-token")
            .header("Accept", "application/json")
            .header("OData-MaxVersion", "4.0")
            .header("OData-Version", "4.0")
            .header("Prefer", format!("odata.maxpagesize={ROWS}"))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let page: Collection<Lead> = serde_json::from_slice(&body).unwrap();
        pages += 1;
        rows += page.value.len();
        match page.next_link {
            Some(next) => url = next,
            None => break,
        }
    }
    assert_eq!(rows, PAGES * ROWS);
    pages
}

fn pages(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(server());
    let client = Client::builder(server.uri())
        .token_source(StaticToken::new("bench-token"))
        .build()
        .unwrap();
    let http = reqwest::Client::new();
    let first = format!("{}/api/data/v9.2/leads?$select=fullname", server.uri());
    assert_eq!(rt.block_on(via_client(&client)), PAGES);
    assert_eq!(rt.block_on(bare(&http, &first)), PAGES);

    // Paired rounds first: on a shared machine the load drifts, so the two
    // sides alternate round by round and the medians are compared.
    let rounds = 40;
    let (mut t_bare, mut t_client) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        let time = |client_side: bool| {
            let start = std::time::Instant::now();
            let n = if client_side {
                rt.block_on(via_client(&client))
            } else {
                rt.block_on(bare(&http, &first))
            };
            assert_eq!(n, PAGES);
            start.elapsed().as_secs_f64()
        };
        // Alternate which side goes first.
        if i % 2 == 0 {
            t_bare.push(time(false));
            t_client.push(time(true));
        } else {
            t_client.push(time(true));
            t_bare.push(time(false));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mb, mc) = (median(&mut t_bare), median(&mut t_client));
    println!(
        "paired medians over {rounds} rounds of {PAGES} pages x {ROWS} rows: bare {:.1} pages/s ({:.2} ms), \
         dvgen-client {:.1} pages/s ({:.2} ms), client/bare time {:.3}",
        PAGES as f64 / mb,
        mb * 1e3,
        PAGES as f64 / mc,
        mc * 1e3,
        mc / mb
    );

    let mut g = c.benchmark_group("pages");
    g.throughput(Throughput::Elements(PAGES as u64));
    g.sample_size(20).measurement_time(Duration::from_secs(6));
    // Alternate the order so neither side always runs on a warmer machine.
    g.bench_function("bare_reqwest_serde_json", |b| {
        b.iter(|| rt.block_on(bare(&http, &first)))
    });
    g.bench_function("dvgen_client", |b| {
        b.iter(|| rt.block_on(via_client(&client)))
    });
    g.bench_function("bare_reqwest_serde_json_again", |b| {
        b.iter(|| rt.block_on(bare(&http, &first)))
    });
    g.finish();
}

criterion_group!(benches, pages);
criterion_main!(benches);
