//! `probe(options)` and `probeAsync(options)`: a live MySQL server's TLS setup, through
//! `dbcert-probe` (sockets and rustls). Native only: the wasm package throws
//! `unsupported_platform` (a browser cannot open a raw socket).
//!
//! `probe` blocks the JS thread for as long as the server takes (up to the timeout per
//! connection, one connection for the greeting and one per TLS version); `probeAsync` does the
//! same work on the libuv thread pool and settles a `Promise`, and never throws.

use dbcert_core::probe::ProbeRequest;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, ScopedTask, Unknown};
use napi_derive::napi;

use crate::{guard, now, options_required, settle, IntoJs, Model, Outcome};

/// The example named when `probe` is called without options.
const PROBE_EXAMPLE: &str = "{address: \"db.example.com:3306\", ca: caPem}";

/// `probe({address, host, ca, caPassword, tlsVersions, timeoutMs, at})`: the probe report.
#[napi]
pub fn probe<'e>(env: &'e Env, options: Option<Unknown<'_>>) -> napi::Result<Unknown<'e>> {
    let work = ProbeWork::new(env, options);
    settle(env, work.run())?.into_js(env)
}

/// `probeAsync({…})`: `probe` on the libuv thread pool.
#[napi(js_name = "probeAsync")]
pub fn probe_async(env: &Env, options: Option<Unknown<'_>>) -> AsyncTask<ProbeWork> {
    AsyncTask::new(ProbeWork::new(env, options))
}

/// One probe: its options, read (and copied) on the JS thread, or why they could not be.
pub struct ProbeWork {
    request: Outcome<ProbeRequest>,
}

impl ProbeWork {
    fn new(env: &Env, options: Option<Unknown<'_>>) -> Self {
        Self {
            request: options_required(env, options, "probe", PROBE_EXAMPLE),
        }
    }

    fn run(&self) -> Outcome<Model> {
        let request = self.request.as_ref().map_err(Clone::clone)?;
        guard(|| Model::new(&dbcert_probe::probe(request, now())?))
    }
}

impl<'t> ScopedTask<'t> for ProbeWork {
    type Output = Outcome<Model>;
    type JsValue = Unknown<'t>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.run())
    }

    fn resolve(&mut self, env: &'t Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        settle(env, output)?.into_js(env)
    }
}
