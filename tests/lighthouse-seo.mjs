// Runs Lighthouse's SEO audits on each address given, one after the other, in the Chromium
// already listening on the DevTools port given: node tests/lighthouse-seo.mjs PORT URL...
// Prints one JSON line per page: its address, its SEO score, and each audit of the category
// with its score (null for audits that do not apply or are checked by hand) and explanation.
// One Node process for every page: loading Lighthouse takes seconds, a page about as long.
import lighthouse from 'lighthouse';

const [port, ...urls] = process.argv.slice(2);
for (const url of urls) {
  const result = await lighthouse(url, {
    port: Number(port),
    onlyCategories: ['seo'],
    output: 'json',
    logLevel: 'error',
    // The pages come from this machine and their one script is deferred, so it has run by
    // the load event: Lighthouse's further waits for a quiet network and CPU (about a second
    // each, per page) would only add time. With them, the 16 pages took 92 s; without, 31 s.
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0,
    cpuQuietThresholdMs: 0,
    skipAboutBlank: true,
    disableFullPageScreenshot: true,
  });
  if (!result) {
    throw new Error(`Lighthouse gave no result for ${url}`);
  }
  const {lhr} = result;
  if (lhr.runtimeError) {
    throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  }
  const seo = lhr.categories.seo;
  const audits = seo.auditRefs.map(({id, weight}) => {
    const audit = lhr.audits[id];
    return {
      id,
      weight,
      score: audit.score,
      mode: audit.scoreDisplayMode,
      title: audit.title,
      explanation: audit.explanation ?? null,
    };
  });
  console.log(JSON.stringify({url, score: seo.score, audits}));
}
