// ES module entry: the same instance as `require('dbcert')` (see index.js).
import api from './index.js';

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
