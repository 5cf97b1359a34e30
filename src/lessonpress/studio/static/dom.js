// Building the page from data: text always goes in as text (textContent), never as HTML.

/** An element: el("p", {className: "x", dataset: {n: 3}, on: {click: f}}, "text", child). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === "on") {
      for (const [name, handler] of Object.entries(value)) node.addEventListener(name, handler);
    } else if (key === "dataset") {
      Object.assign(node.dataset, value);
    } else if (key === "attrs") {
      for (const [name, attr] of Object.entries(value)) node.setAttribute(name, String(attr));
    } else {
      node[key] = value;
    }
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** Replace the element's children. */
export function fill(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

/** Offsets in JavaScript strings count UTF-16 units; the studio's server counts characters. */
export function toChars(text, units) {
  return Array.from(text.slice(0, units)).length;
}

export function toUnits(text, chars) {
  return Array.from(text).slice(0, chars).join("").length;
}
