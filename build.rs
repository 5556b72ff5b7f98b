// Embedded migrations are read at compile time: rebuild when an SQL file changes.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
