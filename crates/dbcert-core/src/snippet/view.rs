//! What a rendered snippet view shows ([`View`]): one client or tabs across several, one SSL
//! mode or a switcher across several, and each (client, mode) pair's [`Snippet`]. The HTML and
//! Markdown renderers ([`super::html`], [`super::markdown`]) both draw a [`Panels`].

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::{generate, Snippet, SnippetOptions, SslMode};
use crate::error::{Error, ErrorCode, Result};

/// How a snippet is shown: the second argument of `snippetHtml` / `snippetMarkdown`, and the
/// view attributes of `<dbcert-snippet>` (`clients`, `modes`, `theme`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct View {
    /// Client ids shown as tabs, in this order (the options' `client` is the one selected);
    /// none: only the options' `client`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub clients: Vec<String>,
    /// SSL modes offered by a mode switcher (`all` for the five); the options' `mode` is the one
    /// selected. None: no switcher.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub modes: Vec<String>,
    /// `auto` (default: the reader's `prefers-color-scheme`), `light` or `dark`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub theme: Option<String>,
    /// Static HTML only: the URL of `dbcert-snippet.css`, linked inside the element so that a
    /// page with no script is styled (without it the code shows unstyled).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub stylesheet: Option<String>,
}

/// The snippets of a view, resolved: `clients[i]` × `modes[j]` is `snippets[i][j]`.
#[derive(Clone, Debug)]
pub struct Panels {
    /// Each tab's client id and display name.
    pub clients: Vec<(String, String)>,
    /// The modes of the switcher (one when there is none).
    pub modes: Vec<SslMode>,
    /// Whether the view has a mode switcher.
    pub switcher: bool,
    /// Index of the selected client and mode.
    pub selected: (usize, usize),
    /// One row per client, one snippet per mode.
    pub snippets: Vec<Vec<Snippet>>,
    /// The theme: `auto`, `light` or `dark`.
    pub theme: &'static str,
}

/// Most tabs a view may have (every client once).
pub const MAX_TABS: usize = 19;

impl View {
    /// Generates every snippet of the view. Errors as [`generate`] does, and for an unknown
    /// mode or theme, or more than [`MAX_TABS`] clients.
    pub fn panels(&self, options: &SnippetOptions) -> Result<Panels> {
        let mut ids: Vec<String> = Vec::new();
        for id in self
            .clients
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            if !ids.iter().any(|i| i == id) {
                ids.push(id.to_owned());
            }
        }
        if ids.is_empty() {
            ids.push(options.client.trim().to_owned());
        }
        if ids.len() > MAX_TABS {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!("at most {MAX_TABS} clients in one view"),
            ));
        }
        let mut modes: Vec<SslMode> = Vec::new();
        for m in &self.modes {
            let parsed: Vec<SslMode> = if m.trim().eq_ignore_ascii_case("all") {
                SslMode::ALL.to_vec()
            } else {
                vec![m.parse()?]
            };
            for m in parsed {
                if !modes.contains(&m) {
                    modes.push(m);
                }
            }
        }
        let switcher = !modes.is_empty();
        if !switcher {
            modes.push(options.mode);
        }
        let theme = match self.theme.as_deref().map(str::trim) {
            None | Some("" | "auto") => "auto",
            Some("light") => "light",
            Some("dark") => "dark",
            Some(other) => {
                return Err(Error::new(
                    ErrorCode::InvalidOption,
                    format!(
                        "unknown theme {}; expected auto, light or dark",
                        super::quote::debug(other)
                    ),
                ))
            }
        };
        let all = super::clients();
        let mut clients = Vec::with_capacity(ids.len());
        let mut snippets = Vec::with_capacity(ids.len());
        for id in &ids {
            let mut row = Vec::with_capacity(modes.len());
            for &mode in &modes {
                let mut o = options.clone();
                o.client.clone_from(id);
                o.mode = mode;
                row.push(generate(&o)?);
            }
            let name = all
                .iter()
                .find(|c| c.id == row[0].client)
                .map_or_else(|| id.clone(), |c| c.name.clone());
            clients.push((row[0].client.clone(), name));
            snippets.push(row);
        }
        let selected = (
            clients
                .iter()
                .position(|(id, _)| *id == options.client.trim())
                .unwrap_or(0),
            modes.iter().position(|m| *m == options.mode).unwrap_or(0),
        );
        Ok(Panels {
            clients,
            modes,
            switcher,
            selected,
            snippets,
            theme,
        })
    }
}
