// View 1: the lesson's pages (as pictures) beside its problems, updated on every save.

import { el, fill } from "./dom.js";

const NAMES = { student: "student handout", teacher: "teacher guide", "student-large-print": "large-print student handout" };

/** Show a lesson's state: its problems, its status and the pages of the handout on screen. */
export function showLesson(state, handout) {
  const shown = state.handouts[handout];
  showStatus(state, shown);
  showProblems(state);
  showPages(state, handout, shown);
  const file = state.file && state.file.path;
  document.getElementById("lesson-file").textContent = file ? `File: ${file} (edit it in your editor; the pages follow each save)` : "";
  const link = document.getElementById("pdf-link");
  link.href = `/api/lessons/${encodeURIComponent(state.lesson)}/pdf/${encodeURIComponent(handout)}`;
  link.hidden = !shown;
}

function showStatus(state, shown) {
  const status = document.getElementById("render-status");
  const pages = document.getElementById("pages");
  let text = "";
  let kind = state.status;
  if (state.error) {
    text = state.error;
    kind = "failed";
  } else if (state.status === "rendering" || state.status === "waiting") {
    text = shown ? "Updating the pages…" : "Making the pages…";
  } else if (shown && !shown.current) {
    text = "Out of date: the lesson has errors, so these are its last good pages. Fix the problems below and save.";
    kind = "stale";
  } else if (!shown && state.status === "failed") {
    text = "No pages yet: fix the problems below and save.";
  }
  status.textContent = text;
  status.dataset.kind = kind;
  pages.classList.toggle("stale", Boolean(shown && !shown.current && state.status !== "rendering"));
}

function showProblems(state) {
  const section = document.getElementById("problems");
  const list = document.getElementById("problem-list");
  section.hidden = state.problems.length === 0;
  const errors = state.problems.filter((p) => p.severity === "error").length;
  const warnings = state.problems.length - errors;
  document.getElementById("problems-heading").textContent =
    `Problems: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  fill(list, ...state.problems.map(problemItem));
}

function problemItem(problem) {
  const where = problem.file ? [problem.file, problem.line, problem.column].filter((x) => x !== null).join(":") : "";
  const label = [problem.severity === "warning" ? "warning" : "error", problem.code].filter(Boolean).join(" ");
  const message = [problem.field, problem.message].filter(Boolean).join(": ");
  return el(
    "li",
    { className: `problem ${problem.severity}` },
    el("p", {}, el("code", { className: "where" }, where), " ", el("span", { className: "label" }, label), " ", el("span", { className: "message" }, message)),
    problem.hint ? el("p", { className: "hint" }, problem.hint) : null,
    problem.context.length ? context(problem) : null,
  );
}

function context(problem) {
  return el(
    "pre",
    { className: "context" },
    ...problem.context.map(([number, text]) =>
      el("span", { className: number === problem.line ? "line here" : "line" }, el("span", { className: "number" }, String(number).padStart(4)), ` ${text}`),
    ),
  );
}

function showPages(state, handout, shown) {
  const pages = document.getElementById("pages");
  if (!shown) {
    fill(pages);
    return;
  }
  const images = [...pages.querySelectorAll("img")];
  const swaps = [];
  for (let number = 1; number <= shown.pages; number++) {
    const src = `/api/lessons/${encodeURIComponent(state.lesson)}/pages/${encodeURIComponent(handout)}/${number}?g=${shown.generation}`;
    let image = images[number - 1];
    if (!image) {
      image = el("img", { className: "page", alt: "", attrs: { width: 909, height: 1286 } });
      pages.append(image);
    }
    image.alt = `Page ${number} of ${shown.pages} of the ${NAMES[handout]}`;
    if (image.dataset.src !== src) {
      image.dataset.src = src;
      swaps.push(() => swap(image, src, state, handout, number, shown.generation));
    }
  }
  images.slice(shown.pages).forEach((image) => image.remove());
  // The first page first (it is drawn already), then the others, one after another.
  swaps.reduce((done, next) => done.then(next), Promise.resolve());
  pages.dataset.lesson = state.lesson;
  pages.dataset.handout = handout;
  pages.dataset.generation = shown.generation;
}

/** Load the new picture first, then show it: the old page stays until the new one is ready. */
function swap(image, src, state, handout, number, generation) {
  if (image.dataset.src !== src) return Promise.resolve(); // a newer one is on its way
  const next = new Image();
  next.src = src;
  return next.decode().then(
    () => {
      if (image.dataset.src !== src) return; // a newer one is on its way
      // The decoded picture takes the old one's place: nothing is fetched or decoded again.
      next.className = image.className;
      next.alt = image.alt;
      next.setAttribute("width", image.getAttribute("width"));
      next.setAttribute("height", image.getAttribute("height"));
      next.dataset.src = src;
      image.replaceWith(next);
      if (number === 1) {
        // For the studio's benchmark and tests: when the first page of a render was shown.
        window.studioShown = { lesson: state.lesson, handout, generation, at: Date.now() };
        document.body.dataset.shown = `${state.lesson}/${handout}/${generation}`;
        window.dispatchEvent(new CustomEvent("studio-shown", { detail: window.studioShown }));
      }
    },
    () => {},
  );
}
