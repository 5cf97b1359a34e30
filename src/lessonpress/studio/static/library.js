// View 3: the lessons and sources, as `lessonpress lessons` and `lessonpress sources` list them.

import { get, post } from "./api.js";
import { el, fill } from "./dom.js";

const LESSON_COLUMNS = ["id", "title", "grade", "pairs", "perspectives", "status"];
const SOURCE_COLUMNS = ["id", "title", "type", "perspective", "licence", "words", "used_by"];
const HEADERS = { id: "Id", title: "Title", grade: "Grade", pairs: "Parts", perspectives: "Perspectives", status: "Last build", type: "Type", perspective: "Perspective", licence: "Licence", words: "Words", used_by: "Used by" };

export async function showLibrary(app) {
  const answer = await get("/api/workspace");
  const note = document.getElementById("library-note");
  if (!answer.ok) {
    note.textContent = answer.error;
    return;
  }
  app.workspace = answer.data;
  document.getElementById("workspace-name").textContent = answer.data.name;
  table(document.getElementById("lessons-table"), LESSON_COLUMNS, answer.data.lessons, (row) => `#/lesson/${encodeURIComponent(row.id)}`);
  table(document.getElementById("sources-table"), SOURCE_COLUMNS, answer.data.sources, (row) => app.sourceLink(row.id, row.used_by));
}

function table(node, columns, rows, link) {
  const head = el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { scope: "col" }, HEADERS[c]))));
  const body = el(
    "tbody",
    {},
    ...rows.map((row) => el("tr", {}, ...columns.map((c) => el("td", {}, c === "id" ? el("a", { href: link(row) }, row[c]) : row[c])))),
  );
  fill(node, head, body);
}

/** The "New lesson" and "New source" forms: skeletons to fill in, as lessonpress new writes them. */
export function setUpLibrary(app) {
  for (const [form, path, open] of [
    ["new-lesson-form", "/api/lessons", (id) => `#/lesson/${encodeURIComponent(id)}`],
    ["new-source-form", "/api/sources", null],
  ]) {
    document.getElementById(form).addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = event.target.elements.name.value.trim();
      const answer = await post(path, { name });
      const note = document.getElementById("library-note");
      if (!answer.ok) {
        note.textContent = [answer.error, answer.hint].filter(Boolean).join(" — ");
        return;
      }
      note.textContent = `Wrote ${answer.data.path}: open it in your editor and fill it in.`;
      event.target.reset();
      if (open) location.hash = open(answer.data.id);
      else showLibrary(app);
    });
  }
}
