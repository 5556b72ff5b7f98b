//! A local stand-in for AWS Elemental MediaConvert's REST API (`/2017-08-29/jobs`), enough for
//! the real `aws-sdk-mediaconvert` client: CreateJob records the request and answers
//! `SUBMITTED`; GetJob answers the job's current state, which a test moves along;
//! CancelJob marks it `CANCELED`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use super::stub_server;

#[derive(Default)]
struct Stub {
    /// id → the job as GetJob answers it.
    jobs: Mutex<HashMap<String, Value>>,
    /// Job ids in creation order.
    order: Mutex<Vec<String>>,
    /// Every CreateJob body, in order.
    created: Mutex<Vec<Value>>,
}

pub struct MediaConvertStub {
    pub base: String,
    stub: Arc<Stub>,
}

impl MediaConvertStub {
    pub async fn start() -> Self {
        let stub = Arc::new(Stub::default());
        let (listener, base) = stub_server::listener();
        stub_server::serve(listener, stub.clone(), |routes| {
            routes
                .route("/2017-08-29/jobs", web::post().to(create_job))
                .route("/2017-08-29/jobs/{id}", web::get().to(get_job))
                .route("/2017-08-29/jobs/{id}", web::delete().to(cancel_job));
        });
        Self { base, stub }
    }

    /// The CreateJob requests received so far.
    pub fn created(&self) -> Vec<Value> {
        self.stub.created.lock().unwrap().clone()
    }

    /// The `index`-th job created.
    pub fn job_by_index(&self, index: usize) -> Option<Value> {
        let id = self.stub.order.lock().unwrap().get(index).cloned()?;
        self.job(&id)
    }

    pub fn job(&self, id: &str) -> Option<Value> {
        self.stub.jobs.lock().unwrap().get(id).cloned()
    }

    /// Moves a job along, as MediaConvert would: merges `fields` into it.
    pub fn update(&self, id: &str, fields: Value) {
        let mut jobs = self.stub.jobs.lock().unwrap();
        let job = jobs.get_mut(id).expect("a known job");
        for (key, value) in fields.as_object().unwrap() {
            job[key] = value.clone();
        }
    }
}

async fn create_job(stub: web::Data<Stub>, body: web::Json<Value>) -> HttpResponse {
    let body = body.into_inner();
    if body["role"].as_str().is_none_or(str::is_empty) || !body["settings"].is_object() {
        return HttpResponse::BadRequest()
            .json(json!({"message": "role and settings are required"}));
    }
    let id = format!("{}-stub", uuid::Uuid::now_v7().simple());
    let job = json!({
        "id": id,
        "arn": format!("arn:aws:mediaconvert:us-east-1:000000000000:jobs/{id}"),
        "status": "SUBMITTED",
        "role": body["role"],
        "queue": body.get("queue").cloned().unwrap_or(json!("Default")),
        "settings": body["settings"],
        "userMetadata": body["userMetadata"],
        "createdAt": 1_700_000_000,
    });
    stub.created.lock().unwrap().push(body);
    stub.order.lock().unwrap().push(id.clone());
    stub.jobs.lock().unwrap().insert(id, job.clone());
    HttpResponse::Created().json(json!({ "job": job }))
}

async fn get_job(stub: web::Data<Stub>, id: web::Path<String>) -> HttpResponse {
    match stub.jobs.lock().unwrap().get(id.as_str()) {
        Some(job) => HttpResponse::Ok().json(json!({ "job": job })),
        None => HttpResponse::NotFound().json(json!({"message": "no such job"})),
    }
}

async fn cancel_job(stub: web::Data<Stub>, id: web::Path<String>) -> HttpResponse {
    match stub.jobs.lock().unwrap().get_mut(id.as_str()) {
        Some(job) => {
            job["status"] = json!("CANCELED");
            HttpResponse::Accepted().json(json!({}))
        }
        None => HttpResponse::NotFound().json(json!({"message": "no such job"})),
    }
}
