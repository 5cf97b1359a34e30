// View 2: a source's paragraphs, numbered as lessonpress find numbers them. Selecting
// passages (one or several, in any order) makes a quote, which the server checks as
// lessonpress check would; "Put in lesson" writes it as Document A or B of a part.

import { get, path, post } from "./api.js";
import { el, fill, toChars, toUnits } from "./dom.js";

export class SourcePane {
  constructor(app) {
    this.app = app;
    this.source = null; // {id, title, paragraphs, ...}
    this.pieces = []; // [{paragraph, start, end}] in characters
    this.found = []; // paragraph numbers of the last search
    this.words = "";
    // Digests of lesson files this page has written over: a state made from one of those
    // (a render started before the write) must not bring its old digest back.
    this.superseded = new Set();
    document.getElementById("source-select").addEventListener("change", (event) => {
      location.hash = `#/lesson/${encodeURIComponent(app.lesson)}/source/${encodeURIComponent(event.target.value)}`;
    });
    document.getElementById("find-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.find(document.getElementById("find-words").value);
    });
    document.getElementById("add-selection").addEventListener("click", () => this.addSelection());
    document.getElementById("clear-selection").addEventListener("click", () => this.setPieces([]));
    document.getElementById("put").addEventListener("click", () => this.put());
    document.getElementById("target").addEventListener("change", (event) => {
      this.target = event.target.value;
    });
  }

  /** Show source `id` (or keep the one shown), with the sources to choose from. */
  async show(id, sources) {
    const select = document.getElementById("source-select");
    fill(select, ...sources.map((s) => el("option", { value: s.id, selected: s.id === id }, `${s.id}: ${s.title}`)));
    if (!id) return this.empty("Choose a source to quote from.");
    if (this.wanted === id) return; // shown, or on its way (two calls may cross)
    await this.load(id);
  }

  async load(id) {
    this.wanted = id;
    const answer = await get(`/api/sources/${path(id)}`);
    if (this.wanted !== id) return; // another source was asked for meanwhile
    if (!answer.ok) return this.empty([answer.error, answer.hint].filter(Boolean).join(" — "));
    this.source = answer.data;
    this.found = [];
    this.pieces = [];
    const s = answer.data;
    document.getElementById("source-meta").textContent =
      `${s.title} · ${s.perspective} · ${s.license}${s.excerpted ? " · excerpts only" : ""}`;
    fill(document.getElementById("find-results"));
    this.render();
    this.setPieces([]);
  }

  empty(message) {
    this.source = null;
    this.wanted = null;
    document.getElementById("source-meta").textContent = message;
    fill(document.getElementById("paragraphs"));
  }

  /** The source changed on disk: read it again (the selection no longer fits it). */
  async reload() {
    if (!this.source) return;
    const answer = await get(`/api/sources/${path(this.source.id)}`);
    if (answer.ok && JSON.stringify(answer.data) === JSON.stringify(this.source)) return; // same text
    const had = this.pieces.length;
    await this.load(this.source.id);
    if (had) this.result("The source was saved meanwhile, so your selection was cleared.", "warning");
  }

  render() {
    const paragraphs = this.source.paragraphs.map((text, index) => {
      const number = index + 1;
      return el(
        "p",
        { className: "para", dataset: { n: number }, attrs: { id: `p${number}` } },
        el("span", { className: "n", attrs: { "aria-hidden": "true" } }, String(number)),
        el("span", { className: "t" }, ...this.marked(text, number)),
      );
    });
    fill(document.getElementById("paragraphs"), ...paragraphs);
  }

  /** A paragraph's text cut at the pieces and search words, each stretch marked as needed. */
  marked(text, number) {
    const ranges = this.pieces
      .filter((p) => p.paragraph === number)
      .map((p, index) => ({ start: toUnits(text, p.start), end: toUnits(text, p.end), kind: "piece", index: this.pieces.indexOf(p) }));
    if (this.words && this.found.includes(number)) {
      const lower = text.toLowerCase();
      let at = lower.indexOf(this.words);
      while (this.words && at >= 0) {
        ranges.push({ start: at, end: at + this.words.length, kind: "found" });
        at = lower.indexOf(this.words, at + this.words.length);
      }
    }
    const cuts = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [start, end] = [cuts[i], cuts[i + 1]];
      const covering = ranges.filter((r) => r.start <= start && end <= r.end);
      const stretch = text.slice(start, end);
      if (!covering.length) {
        out.push(stretch);
        continue;
      }
      const piece = covering.find((r) => r.kind === "piece");
      const classes = covering.map((r) => r.kind).join(" ");
      out.push(
        el("mark", {
          className: classes,
          title: piece ? "In your quote (click to take it out)" : "Found",
          dataset: piece ? { piece: piece.index } : {},
          on: piece ? { click: () => this.setPieces(this.pieces.filter((_, k) => k !== piece.index)) } : {},
        }, stretch),
      );
    }
    return out;
  }

  async find(words) {
    if (!this.source) return;
    this.words = words.trim().toLowerCase();
    const list = document.getElementById("find-results");
    if (!this.words) {
      this.found = [];
      fill(list);
      this.render();
      return;
    }
    const answer = await get(`/api/sources/${path(this.source.id)}/find?words=${encodeURIComponent(words)}`);
    if (!answer.ok) return fill(list, el("li", {}, answer.error));
    this.found = answer.data.passages.map((p) => p.paragraph);
    const items = answer.data.passages.map((p) =>
      el("li", {}, el("a", { href: `#p${p.paragraph}`, on: { click: (e) => { e.preventDefault(); document.getElementById(`p${p.paragraph}`).scrollIntoView({ block: "center" }); } } }, `Paragraph ${p.paragraph}`), `: ${p.text}`),
    );
    fill(list, ...(items.length ? items : [el("li", {}, "Not found in this source.")]));
    if (!answer.data.exact && items.length) list.prepend(el("li", { className: "note" }, "Not as a phrase; sentences holding every word:"));
    this.render();
  }

  /** The browser's selection, as spans of the paragraphs it covers. */
  selectedSpans() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return [];
    const spans = [];
    for (let r = 0; r < selection.rangeCount; r++) {
      const range = selection.getRangeAt(r);
      for (const paragraph of document.querySelectorAll("#paragraphs .para")) {
        const textNode = paragraph.querySelector(".t");
        if (!range.intersectsNode(textNode)) continue;
        const text = this.source.paragraphs[Number(paragraph.dataset.n) - 1];
        const start = textNode.contains(range.startContainer) ? offset(textNode, range.startContainer, range.startOffset) : 0;
        const end = textNode.contains(range.endContainer) ? offset(textNode, range.endContainer, range.endOffset) : text.length;
        if (end > start) spans.push({ paragraph: Number(paragraph.dataset.n), start: toChars(text, start), end: toChars(text, end) });
      }
    }
    return spans;
  }

  addSelection() {
    const spans = this.selectedSpans();
    if (!spans.length) {
      this.result("Select some words of the source first (drag over them).", "warning");
      return;
    }
    window.getSelection().removeAllRanges();
    this.setPieces([...this.pieces, ...spans]);
  }

  async setPieces(pieces) {
    this.pieces = pieces;
    if (this.source) this.render();
    const preview = document.getElementById("quote-preview");
    const info = document.getElementById("quote-info");
    const notes = document.getElementById("quote-notes");
    this.quote = null;
    this.result("");
    fill(notes);
    if (!pieces.length) {
      preview.hidden = true;
      info.textContent = "";
      this.updatePut();
      return;
    }
    const answer = await post("/api/quote", { source: this.source.id, spans: spans(pieces) });
    if (!answer.ok) {
      preview.hidden = true;
      info.textContent = [answer.error, answer.hint].filter(Boolean).join(" — ");
      this.updatePut();
      return;
    }
    this.quote = answer.data;
    preview.hidden = false;
    preview.textContent = answer.data.quote;
    const paragraphs = answer.data.paragraphs.join(", ");
    info.textContent = `${answer.data.words} words from paragraph${answer.data.paragraphs.length > 1 ? "s" : ""} ${paragraphs}; found word for word in the source, as lessonpress check will find it.`;
    fill(notes, ...answer.data.notes.map((note) => el("li", {}, `Check the cut: ${note}`)));
    this.updatePut();
  }

  /** The choices of "Put it as": each part's Document A and B, and a new part. */
  showTargets(state) {
    if (state && state.file && this.superseded.has(state.file.digest)) return;
    this.state = state;
    const select = document.getElementById("target");
    const parts = state && state.file ? state.file.parts : null;
    if (!parts) {
      fill(select, el("option", { value: "" }, state && state.file && state.file.path ? "(fix the lesson's YAML first)" : "(open a lesson)"));
      this.updatePut();
      return;
    }
    const options = [];
    for (const part of parts) {
      for (const [index, letter] of ["A", "B"].entries()) {
        if (index > part.documents.length) break;
        const there = part.documents[index];
        const what = there ? `replaces ${there.source}: “${there.opening}”` : "empty";
        options.push(el("option", { value: `${part.number}:${letter}` }, `Document ${letter} of part ${part.number}, ${part.title} (${what})`));
      }
    }
    options.push(el("option", { value: "new:A" }, "Document A of a new part"));
    const values = options.map((o) => o.value);
    const chosen = values.includes(this.target) ? this.target : this.firstEmpty(parts) || values[0];
    fill(select, ...options);
    select.value = chosen;
    this.target = chosen;
    this.updatePut();
  }

  firstEmpty(parts) {
    for (const part of parts) if (part.documents.length < 2) return `${part.number}:${"AB"[part.documents.length]}`;
    return null;
  }

  updatePut() {
    const ready = Boolean(this.quote && this.state && this.state.file && this.state.file.parts && this.app.lesson);
    document.getElementById("put").disabled = !ready;
  }

  async put() {
    const [part, letter] = (this.target || "").split(":");
    const body = {
      source: this.source.id,
      spans: spans(this.pieces),
      part: part === "new" ? null : Number(part),
      letter,
      digest: this.state.file.digest,
    };
    document.getElementById("put").disabled = true;
    const answer = await post(`/api/lessons/${path(this.app.lesson)}/documents`, body);
    if (!answer.ok) {
      this.result([answer.error, answer.hint].filter(Boolean).join(" — "), "error");
      if (answer.status === 409) this.superseded.clear(); // the file on disk is what counts
      this.app.refreshLesson();
      this.updatePut();
      return;
    }
    const w = answer.data;
    const review = w.review.length ? ` Kept from the document it replaced: ${w.review.join(", ")}; check ${w.review.length > 1 ? "they fit" : "it fits"} the new quote.` : "";
    this.result(`Written to ${w.path} as Document ${w.letter} of part ${w.part}${w.replaced ? ", replacing the one there" : ""}. If the file is open in your editor, reload it there before you save.${review}`, "ok");
    this.superseded.add(this.state.file.digest);
    this.state.file.digest = w.digest;
    this.target = w.letter === "A" ? `${w.part}:B` : `${w.part}:${w.letter}`; // B comes next
    this.pieces = [];
    this.render();
    this.quote = null;
    document.getElementById("quote-preview").hidden = true;
    document.getElementById("quote-info").textContent = "";
    this.updatePut();
  }

  result(text, kind = "") {
    const node = document.getElementById("put-result");
    node.textContent = text;
    node.dataset.kind = kind;
  }
}

function spans(pieces) {
  return pieces.map((p) => [p.paragraph, p.start, p.end]);
}

/** UTF-16 units of text from the start of `root` to (node, offsetInNode). */
function offset(root, node, offsetInNode) {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offsetInNode);
  return range.toString().length;
}
