// The language menu (partials/alternate.html): the language a reader picks is kept in
// their browser, under the key the menu names (data-kb-remember), so that the site's
// root page (kbgen/templates/root/index.html) sends them to it next time, before the
// languages their browser asks for.

const menu = document.querySelector("[data-kb-languages][data-kb-remember]");

if (menu) {
  const key = menu.getAttribute("data-kb-remember");
  menu.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-kb-language]");
    if (!link) return;
    try {
      localStorage.setItem(key, link.getAttribute("data-kb-language"));
    } catch {
      // Storage refused (private mode, policy): the menu still leads there.
    }
  });
}
