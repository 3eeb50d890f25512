// A category's questions (kbgen/templates/pages/category.md) are collapsed items, each
// opening in place. A link to "#<id>" of a question opens it, on arrival and when the
// hash changes; opening an item puts its "#<id>" in the address, so that a reader can
// share it. Without JavaScript, the stylesheet shows the answer a link names.

const items = document.querySelectorAll("[data-kb-questions] details");

function itemOf(id) {
  if (!id) return null;
  const target = document.getElementById(id);
  return target ? target.closest("[data-kb-questions] details") : null;
}

function openFromHash() {
  let id = "";
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return;
  }
  const item = itemOf(id);
  if (!item) return;
  item.open = true;
  item.querySelector("summary").scrollIntoView({ block: "start" });
}

for (const item of items) {
  item.addEventListener("toggle", () => {
    const id = item.querySelector("summary [id]")?.id;
    if (!item.open || !id || location.hash === `#${id}`) return;
    history.replaceState(history.state, "", `#${encodeURIComponent(id)}`);
  });
}

window.addEventListener("hashchange", openFromHash);
openFromHash();
