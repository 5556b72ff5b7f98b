//! AWS SDK configuration from settings: region, an optional endpoint (moto in tests) and
//! optional static credentials (else the default chain: environment, instance role, …).

use aws_config::{BehaviorVersion, Region};
use secrecy::ExposeSecret;

use crate::config::AwsSettings;

pub async fn sdk_config(settings: &AwsSettings) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(settings.region.clone()));
    if let Some(endpoint) = &settings.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    if let Some(access_key_id) = &settings.access_key_id {
        loader = loader.credentials_provider(aws_sdk_s3::config::Credentials::new(
            access_key_id.clone(),
            settings.secret_access_key.expose_secret().to_owned(),
            None,
            None,
            "vivid-settings",
        ));
    }
    loader.load().await
}

/// An S3 client; path-style addressing when a custom endpoint is set (moto, MinIO).
pub fn s3_client(config: &aws_config::SdkConfig, settings: &AwsSettings) -> aws_sdk_s3::Client {
    let s3 = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(settings.endpoint_url.is_some())
        .build();
    aws_sdk_s3::Client::from_conf(s3)
}

/// Creates a private bucket in the client's region (outside us-east-1, S3 wants the region
/// named as the bucket's location).
pub async fn create_bucket(s3: &aws_sdk_s3::Client, bucket: &str) -> anyhow::Result<()> {
    tracing::info!(%bucket, "creating an S3 bucket");
    let mut create = s3.create_bucket().bucket(bucket);
    let region = s3.config().region().map(|r| r.to_string());
    if let Some(region) = region.filter(|r| r != "us-east-1") {
        create = create.create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(
                    region.as_str(),
                ))
                .build(),
        );
    }
    create
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("creating bucket {bucket}: {e:?}"))?;
    Ok(())
}
