//! Links the addon against Node's N-API symbols (napi-rs's standard build script).

fn main() {
    napi_build::setup();
}
