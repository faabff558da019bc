//! A fact the advisor states, and the rule that makes every answer citable: a fact has a stable
//! id, one sentence of text and the public page that says so. The advisor builds every item of
//! its answer from a fact, so the source travels with the answer to the CLI, the JSON and the page.

use super::{alibaba_rds, aws_rds, azure_flexible, gcp_cloudsql, self_managed};

/// One sourced statement about a provider, a server version or a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fact {
    /// Stable id, `provider.topic` (`alibaba.forced_ssl`).
    pub id: &'static str,
    /// The statement, as the source says it.
    pub text: &'static str,
    /// The public page that states it (an `https://` URL).
    pub source: &'static str,
}

impl Fact {
    /// A fact (used in `const` tables).
    pub const fn new(id: &'static str, text: &'static str, source: &'static str) -> Self {
        Self { id, text, source }
    }

    /// Whether the fact obeys the rule: an id, some text and an `https://` source with a host.
    pub fn is_sourced(&self) -> bool {
        let host = self
            .source
            .strip_prefix("https://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("");
        !self.id.trim().is_empty() && !self.text.trim().is_empty() && host.contains('.')
    }
}

/// Every fact the advisor knows, provider by provider (Alibaba, AWS, Azure, Google Cloud, then
/// self-managed MySQL and MariaDB and the client facts).
pub fn all() -> Vec<&'static Fact> {
    alibaba_rds::FACTS
        .iter()
        .chain(aws_rds::FACTS)
        .chain(azure_flexible::FACTS)
        .chain(gcp_cloudsql::FACTS)
        .chain(self_managed::FACTS)
        .chain(super::clients::FACTS)
        .chain(super::client_certs::FACTS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_rejects_unsourced_facts() {
        assert!(Fact::new("a.b", "text", "https://dev.mysql.com/doc/").is_sourced());
        assert!(!Fact::new("a.b", "text", "").is_sourced());
        assert!(!Fact::new("a.b", "text", "http://dev.mysql.com/").is_sourced());
        assert!(!Fact::new("a.b", "", "https://dev.mysql.com/").is_sourced());
        assert!(!Fact::new("", "text", "https://dev.mysql.com/").is_sourced());
        assert!(!Fact::new("a.b", "text", "https://localhost/").is_sourced());
    }
}
