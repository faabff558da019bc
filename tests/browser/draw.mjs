// The page's draw time, shared by the browser suite (which prints it) and `cargo xtask bench`
// (W11, which judges it): from the file set on the CA input to the frame after its report was
// drawn (app.mjs reads, verifies and draws in one task once the file's bytes are in).

/** Sets `bytes` as the CA file `name` of the open page and resolves to the draw time in ms. */
export async function timeDraw(page, name, bytes) {
  await page.evaluate((n) => {
    const status = document.querySelector('#ca-status');
    window.__drawn = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (!status.textContent.includes(n)) return;
        watch.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - window.__fileSetAt));
      });
      watch.observe(status, { childList: true, subtree: true, characterData: true });
    });
  }, name);
  await page.setFile('#ca-file', name, bytes);
  return page.evaluate(() => window.__drawn);
}
