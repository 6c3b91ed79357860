//! `ApiError` / `ErrorBody` read against Microsoft's documented error bodies
//! (`tests/fixtures/api-errors/`, CC BY 4.0: see the NOTICE.md there).

use dvgen_runtime::api_error::{HELP_LINK, INNER_ERROR_MESSAGE};
use dvgen_runtime::{ApiError, ErrorBody};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/api-errors/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> ApiError {
    ErrorBody::from_slice(&fixture(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .error
}

#[test]
fn plugin_error_keeps_every_annotation() {
    let e = read("plugin-error-annotations.json");
    assert_eq!(e.code, "0x80040265");
    assert_eq!(e.hex_code(), Some(0x8004_0265));
    assert_eq!(e.message, "Example Error Message.");
    assert_eq!(e.operation_status(), Some(1));
    assert_eq!(e.sub_error_code(), Some(12345));
    assert_eq!(
        e.help_link(),
        Some("http://go.microsoft.com/fwlink/?LinkID=398563&error=Microsoft.Crm.CrmException%3a80040265&client=platform")
    );
    assert_eq!(e.annotation(HELP_LINK), e.help_link());
    let trace = e.trace_text().expect("trace text");
    assert!(
        trace.starts_with("\r\n[MyNamespace: MyNamespace.MyClass ]\r\n"),
        "{trace:?}"
    );
    assert!(trace.contains("at MyNamespace.MyClass.Execute(IServiceProvider serviceProvider)"));
    assert_eq!(
        e.annotation(INNER_ERROR_MESSAGE),
        Some("Example Error Message.")
    );
    assert_eq!(e.inner_error, None);
    assert!(!e.is_service_protection());
    // Every other key is kept, in the order received.
    let keys: Vec<&str> = e.extra.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "@Microsoft.PowerApps.CDS.ErrorDetails.OperationStatus",
            "@Microsoft.PowerApps.CDS.ErrorDetails.SubErrorCode",
            "@Microsoft.PowerApps.CDS.HelpLink",
            "@Microsoft.PowerApps.CDS.TraceText",
            "@Microsoft.PowerApps.CDS.InnerError.Message",
        ]
    );
    assert_eq!(e.to_string(), "Example Error Message. (0x80040265)");
}

#[test]
fn the_documented_plugin_error_as_printed_is_not_json() {
    // The page's body lacks a comma; a reader must report that, not guess.
    let err = ErrorBody::from_slice(&fixture("plugin-error-annotations.verbatim.txt"))
        .expect_err("the printed body is invalid JSON");
    assert!(err.is_syntax(), "{err}");
}

#[test]
fn innererror_type_and_stacktrace() {
    let e = read("version-mismatch-innererror.json");
    assert_eq!(e.code, "");
    assert_eq!(e.hex_code(), None);
    assert_eq!(
        e.message,
        "The version of the existing record doesn't match the RowVersion property provided."
    );
    let inner = e.inner_error.as_ref().expect("innererror");
    assert_eq!(inner.message, e.message);
    assert_eq!(
        inner.error_type,
        "System.ServiceModel.FaultException`1[[Microsoft.Xrm.Sdk.OrganizationServiceFault, Microsoft.Xrm.Sdk, Version=8.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]"
    );
    assert_eq!(
        inner.stacktrace,
        "  <stack trace details omitted for brevity>"
    );
    assert!(inner.inner.is_none());
    assert!(e.extra.is_empty());
    assert_eq!(
        e.to_string(),
        "The version of the existing record doesn't match the RowVersion property provided."
    );

    let dup = read("duplicate-key-innererror.json");
    assert_eq!(
        dup.message,
        "A record with matching key values already exists."
    );
    assert_eq!(
        dup.inner_error.as_ref().map(|i| i.message.as_str()),
        Some("Cannot insert duplicate key.")
    );
}

#[test]
fn plain_documented_bodies() {
    let cases = [
        ("batch-subject-too-long.json", "0x80044331", "A validation error occurred.  The length of the 'subject' attribute of the 'task' entity exceeded the maximum allowed length of '200'."),
        ("resource-not-found-for-segment.json", "0x8006088a", "Resource not found for the segment 'Account'."),
        ("property-not-found.json", "0x0", "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'."),
        ("no-http-resource.json", "", "No HTTP resource was found that matches the request URI '[Organization URI]/api/data/v9.2/WhoAmI'."),
        ("upsert-record-does-not-exist.json", "", "account With Id = 00000000-0000-0000-0000-000000000001 Does Not Exist"),
        ("upsert-matching-key-exists.json", "", "A record with matching key values already exists."),
        ("version-mismatch.json", "", "The version of the existing record doesn't match the RowVersion property provided."),
    ];
    for (file, code, message) in cases {
        let e = read(file);
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            (code, message),
            "{file}"
        );
        assert!(e.inner_error.is_none() && e.extra.is_empty(), "{file}");
    }
    assert_eq!(read("property-not-found.json").hex_code(), Some(0));
}

#[test]
fn service_protection_codes() {
    for (file, code) in [
        ("service-protection-0x80072322.json", 0x8007_2322),
        ("service-protection-0x80072321.json", 0x8007_2321),
        ("service-protection-0x80072326.json", 0x8007_2326),
    ] {
        let e = read(file);
        assert_eq!(e.hex_code(), Some(code), "{file}");
        assert!(e.is_service_protection(), "{file}");
    }
    assert!(!read("batch-subject-too-long.json").is_service_protection());
}

#[test]
fn round_trips_through_serde() {
    for file in [
        "plugin-error-annotations.json",
        "version-mismatch-innererror.json",
    ] {
        let body = ErrorBody::from_slice(&fixture(file)).unwrap();
        let again: ErrorBody =
            serde_json::from_str(&serde_json::to_string(&body).unwrap()).unwrap();
        assert_eq!(again, body, "{file}");
    }
}

#[test]
fn nested_inner_errors_and_missing_fields() {
    let body = br#"{"error":{"message":"outer","innererror":{"message":"middle","type":"T","internalexception":{"message":"deepest"}},"target":"x"}}"#;
    let e = ErrorBody::from_slice(body).unwrap().error;
    assert_eq!(e.code, "");
    let inner = e.inner_error.unwrap();
    assert_eq!(inner.inner.map(|i| i.message), Some("deepest".to_owned()));
    assert_eq!(e.extra.get("target"), Some(&serde_json::json!("x")));
    assert!(ErrorBody::from_slice(b"<html>502 Bad Gateway</html>").is_err());
    assert!(ErrorBody::from_slice(br#"{"value":[]}"#).is_err());
}
