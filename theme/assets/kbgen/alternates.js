// The hreflang alternates in the head are for search engines. mkdocs-material reads every
// <link rel="alternate"> too, and fetches a sitemap.xml beside each one's address to map
// its language menu, as if each were a language's root. kbgen's alternates are this same
// page in the other languages, whose folders hold no sitemap: every such request would be
// a 404 in the console, and kbgen's own language menu (partials/alternate.html) already
// links each language's page. Those requests, and only those, are not sent: the theme then
// sees no alternates, as before the links were valid. Loaded before the theme's bundle.
(() => {
  const unsent = new Set(
    Array.from(document.querySelectorAll("link[rel=alternate][hreflang]"), (link) =>
      new URL("sitemap.xml", link.href).href,
    ),
  );
  if (unsent.size === 0) return;
  const skipped = new WeakSet();
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (unsent.has(new URL(String(url), document.baseURI).href)) skipped.add(this);
    else skipped.delete(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (skipped.has(this)) return undefined;
    return send.apply(this, args);
  };
})();
