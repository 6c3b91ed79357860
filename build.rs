//! Generates typed Dataverse tables from `docs-input/` into `$OUT_DIR/dvgen/`
//! with `dvgen::Builder`: the build-script path users copy.
//!
//! For the tests only, it also generates one real corpus page with a
//! multi-select (Choices) column, which no `docs-input/` table has, into
//! `$OUT_DIR/dvgen_multiselect/` (`tests/webapi_generated.rs` includes it),
//! the unpacked solutions of `tests/fixtures/solutions/` layered over the
//! account reference page into `$OUT_DIR/dvgen_solutions/`
//! (`tests/solution_generated.rs` includes it), and the `lead` table with the
//! 20 columns of the `generated_deserialize` bench selected
//! (`include_columns`, with a wildcard) into `$OUT_DIR/dvgen_lead_selected/`
//! (the bench and `tests/webapi_generated.rs` include it).

fn main() {
    if let Err(e) = dvgen::Builder::new()
        .input("docs-input")
        .generate_to_out_dir()
    {
        eprintln!("dvgen: {e}");
        std::process::exit(1);
    }
    let Some(out) = std::env::var_os("OUT_DIR") else {
        eprintln!("dvgen: OUT_DIR is not set");
        std::process::exit(1);
    };
    if let Err(e) = dvgen::Builder::new()
        .input("tests/corpus/dataverse/mspp_columnpermission.md")
        .out_dir(std::path::Path::new(&out).join("dvgen_multiselect"))
        .generate_to_out_dir()
    {
        eprintln!("dvgen (multi-select test page): {e}");
        std::process::exit(1);
    }
    if let Err(e) = dvgen::Builder::new()
        .input("tests/corpus/dataverse/account.2023.md")
        .input("tests/fixtures/solutions/contoso-handmade")
        .input("tests/fixtures/solutions/pre-rec-evidence")
        .input("tests/fixtures/solutions/rules-engine")
        .out_dir(std::path::Path::new(&out).join("dvgen_solutions"))
        .generate_to_out_dir()
    {
        eprintln!("dvgen (solution fixtures): {e}");
        std::process::exit(1);
    }
    if let Err(e) = dvgen::Builder::new()
        .input("docs-input")
        .include_tables(["lead"])
        .include_columns(
            "lead",
            [
                "subject",
                "fullname",
                "companyname",
                "emailaddress1",
                "telephone1",
                "revenue",
                "exchangerate",
                "numberofemployees",
                "versionnumber",
                "address1_lat*",
                "donotemail",
                "leadqualitycode",
                "statecode",
                "statuscode",
                "estimatedclosedate",
                "modifiedon",
                "parentaccountid",
                "ownerid",
                "transactioncurrencyid",
            ],
        )
        .out_dir(std::path::Path::new(&out).join("dvgen_lead_selected"))
        .generate_to_out_dir()
    {
        eprintln!("dvgen (lead with a column selection): {e}");
        std::process::exit(1);
    }
}
