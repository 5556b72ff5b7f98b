//! moto (S3 + DynamoDB) for the tests that use the real AWS SDK clients.

use secrecy::SecretString;
use vivid::config::Settings;

/// moto's address: `scripts/test` starts it and sets `VIVID_TEST_AWS_ENDPOINT`.
pub fn aws_endpoint() -> String {
    std::env::var("VIVID_TEST_AWS_ENDPOINT")
        .expect("VIVID_TEST_AWS_ENDPOINT must name a moto server (scripts/test starts one)")
}

/// Settings pointing history at moto, with a table and bucket of their own.
pub fn with_aws_history(settings: &mut Settings) {
    let unique = uuid::Uuid::now_v7().simple().to_string();
    settings.aws.endpoint_url = Some(aws_endpoint());
    settings.aws.access_key_id = Some("test".into());
    settings.aws.secret_access_key = SecretString::from("test");
    settings.history.dynamodb_table = Some(format!("vivid-history-{unique}"));
    settings.history.s3_bucket = format!("vivid-history-{unique}");
}
