fn main() {
    let profile = std::env::var("PROFILE").unwrap_or_default();
    println!("cargo:rustc-env=TALLY_PROFILE={profile}");
    println!("cargo:rerun-if-changed=build.rs");
}
