//! Lists leads page by page and updates the first one's subject, with
//! optimistic concurrency (its ETag).
//!
//! ```sh
//! DATAVERSE_URL=https://contoso.crm.dynamics.com \
//! DATAVERSE_TOKEN=$(az account get-access-token --resource https://contoso.crm.dynamics.com --query accessToken -o tsv) \
//! cargo run -p dvgen-client --example list_and_update_leads
//! ```

use dataverse_generated::lead::{columns, Lead};
use dvgen_client::{Client, Error, StaticToken};
use dvgen_runtime::{Changes, Order, Query};
use futures_util::TryStreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATAVERSE_URL").map_err(|_| "set DATAVERSE_URL")?;
    let token = std::env::var("DATAVERSE_TOKEN").map_err(|_| "set DATAVERSE_TOKEN")?;
    let client = Client::builder(url)
        .token_source(StaticToken::new(token))
        .annotations("OData.Community.Display.V1.FormattedValue")
        .build()?;

    let query = Query::<Lead>::new()
        .select(&[&columns::FULLNAME, &columns::SUBJECT, &columns::STATECODE])
        .order_by(columns::CREATEDON, Order::Desc);
    let mut pages = client.list(query).max_page_size(50).with_count().pages();
    let mut first: Option<Lead> = None;
    let mut n = 0;
    while let Some(page) = pages.try_next().await? {
        n += 1;
        println!(
            "page {n}: {} leads (total: {:?})",
            page.value.len(),
            page.total_record_count
        );
        for lead in &page.value {
            println!(
                "  {:<40} {:<50} {}",
                lead.fullname.as_deref().unwrap_or("-"),
                lead.subject.as_deref().unwrap_or("-"),
                columns::STATECODE.formatted_value(lead).unwrap_or("-"),
            );
        }
        if first.is_none() {
            first = page.value.into_iter().next();
        }
    }

    let Some(lead) = first else {
        println!("no leads");
        return Ok(());
    };
    let Some(id) = lead.leadid else {
        return Err("the lead has no id".into());
    };
    let subject = format!("{} (reviewed)", lead.subject.as_deref().unwrap_or("Lead"));
    let changes = Changes::<Lead>::new().set(columns::SUBJECT, subject.as_str());
    match client.update(id, &changes).if_match_row(&lead).send().await {
        Ok(_) => println!("updated {id}: subject = {subject}"),
        Err(Error::PreconditionFailed(_)) => {
            println!("{id} changed since it was read; not updated")
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
