// Types of <dbcert-snippet> (dbcert-snippet.mjs): its attributes, properties and events.
// The module's own functions and the snippet types are in module.d.ts (written by
// `cargo xtask wasm` from the shared contract, npm/types/dbcert.d.ts).
import type { ClientInfo, Snippet, SslMode } from './module.js';

export type { ClientInfo, Snippet, SnippetOptions, SnippetView, SslMode } from './module.js';

/** Instantiates the module once, for every element (the same promise each call). */
export { load } from './module.js';

/**
 * The attributes of `<dbcert-snippet>`: kebab-case forms of the `snippet()` options, and the
 * view's. All are strings in HTML; lists are comma-separated.
 */
export interface DbcertSnippetAttributes {
  /** The client selected (and the only one without `clients`): an id of `clients()`. */
  client?: ClientInfo['id'];
  /** Clients shown as tabs, comma-separated: `jdbc,pymysql,mysql-cli`. */
  clients?: string;
  /** The SSL mode (default `VERIFY_IDENTITY`); any case, `_` or `-`. */
  mode?: SslMode | Lowercase<SslMode> | string;
  /** A mode switcher: the modes offered, comma-separated, or `all`. */
  modes?: string;
  /** `auto` (default: the reader's `prefers-color-scheme`), `light` or `dark`. */
  theme?: 'auto' | 'light' | 'dark';
  /** Elements with the same group follow each other's tab and mode choice. */
  group?: string;
  /** Left out: `<host>`. Angle brackets make a placeholder of your own: `<endpoint>`. */
  host?: string;
  port?: string | number;
  /** Left out: `<user>`; `<username>` is shown as a placeholder too. */
  user?: string;
  database?: string;
  /** What to write where the password goes (default `<password>`); never a real secret. */
  'password-placeholder'?: string;
  /** Path of the CA bundle (PEM for most clients). */
  ca?: string;
  /** The CA file's real format: `pem`, `der`, `p7b`, `jks`, `jceks`, `pkcs12`. */
  'ca-format'?: string;
  /** Path of a Java truststore (Java clients). */
  truststore?: string;
  'truststore-type'?: 'jks' | 'pkcs12';
  'truststore-password'?: string;
  /** Client (driver, connector, tool) version; latest when absent. */
  'client-version'?: string;
  'client-library'?: 'mysql' | 'mariadb';
  'server-flavor'?: 'mysql' | 'mariadb';
  /** As `SELECT VERSION()` reports it. */
  'server-version'?: string;
  /** TLS versions to allow, comma-separated: `TLSv1.2,TLSv1.3`. */
  'tls-versions'?: string;
  cipher?: string;
}

/** `dbcert-select`: a reader picked a tab or a mode. */
export interface DbcertSelectDetail {
  client: string;
  mode: SslMode | null;
}

/** `dbcert-copy`: a reader copied a snippet. */
export interface DbcertCopyDetail {
  text: string;
}

export interface DbcertSnippetEventMap extends HTMLElementEventMap {
  /** The element rendered; `detail` is the `snippet()` result of the selected client and mode. */
  'dbcert-snippet': CustomEvent<Snippet>;
  'dbcert-select': CustomEvent<DbcertSelectDetail>;
  'dbcert-copy': CustomEvent<DbcertCopyDetail>;
}

/** The `<dbcert-snippet>` element. */
export declare class DbcertSnippet extends HTMLElement {
  static observedAttributes: string[];
  /** The `snippet()` result of the selected client and mode, once the element has rendered. */
  snippet: Snippet | null;
  /** Selects the tab of `client` and the mode `mode`, where the element has them. */
  select(choice: { client?: string; mode?: SslMode }): void;
  addEventListener<K extends keyof DbcertSnippetEventMap>(
    type: K,
    listener: (this: DbcertSnippet, ev: DbcertSnippetEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'dbcert-snippet': DbcertSnippet;
  }
}
