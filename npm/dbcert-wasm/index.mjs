// Node, ES module: `import {inspect} from 'dbcert-wasm'` gives ready functions (the same
// instance as `require`, see index.cjs).
import api from './index.cjs';

export const {
  detectFormat,
  inspect,
  inspectAsync,
  convert,
  convertAsync,
  verify,
  verifyAsync,
  snippet,
  snippetHtml,
  snippetMarkdown,
  clients,
  advise,
  probe,
  probeAsync,
} = api;
export default api;
