// The studio's page: three views (library, lesson with its handout, source to quote from)
// chosen by the address (#/, #/lesson/ID, #/lesson/ID/source/SOURCE), kept up to date by
// the server's events.

import { get, post } from "./api.js";
import { showLesson } from "./handout.js";
import { setUpLibrary, showLibrary } from "./library.js";
import { SourcePane } from "./source.js";

class App {
  constructor() {
    this.lesson = null;
    this.handout = "student";
    this.workspace = null;
    this.revisions = {}; // the newest state shown, per lesson
    this.sourcePane = new SourcePane(this);
    setUpLibrary(this);
    for (const tab of document.querySelectorAll("[data-handout]")) {
      tab.addEventListener("click", () => this.look(tab.dataset.handout));
    }
    window.addEventListener("hashchange", () => this.route());
    this.listen();
    this.route();
  }

  async route() {
    const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
    if (parts[0] === "lesson" && parts[1]) {
      await this.openLesson(parts[1], parts[2] === "source" ? parts[3] : null);
    } else {
      this.lesson = null;
      document.getElementById("library-view").hidden = false;
      document.getElementById("lesson-view").hidden = true;
      document.getElementById("nav-lesson").hidden = true;
      await showLibrary(this);
    }
  }

  async openLesson(lesson, source) {
    if (!this.workspace) await showLibrary(this);
    document.getElementById("library-view").hidden = true;
    document.getElementById("lesson-view").hidden = false;
    const nav = document.getElementById("nav-lesson");
    nav.hidden = false;
    nav.textContent = `Lesson ${lesson}`;
    nav.href = `#/lesson/${encodeURIComponent(lesson)}`;
    let row = (this.workspace ? this.workspace.lessons : []).find((l) => l.id === lesson);
    if (!row) {
      // A lesson made since the library was read (New lesson, or in the editor).
      const answer = await get("/api/workspace");
      if (answer.ok) this.workspace = answer.data;
      row = (this.workspace ? this.workspace.lessons : []).find((l) => l.id === lesson);
    }
    document.getElementById("lesson-heading").textContent = row && row.title ? `${row.title}` : lesson;
    const changed = this.lesson !== lesson;
    this.lesson = lesson;
    if (changed) await this.look(this.handout);
    const sources = this.workspace ? this.workspace.sources : [];
    await this.sourcePane.show(source || this.quotedBy(lesson, sources), sources);
  }

  /** The source to show first: one the lesson quotes, else the library's first. */
  quotedBy(lesson, sources) {
    const used = sources.find((s) => (s.used_by || "").split(", ").includes(lesson));
    return (used || sources[0] || {}).id || null;
  }

  sourceLink(id, usedBy) {
    const lesson = this.lesson || (usedBy && usedBy !== "-" ? usedBy.split(", ")[0] : null) || (this.workspace && this.workspace.lessons[0] || {}).id;
    return lesson ? `#/lesson/${encodeURIComponent(lesson)}/source/${encodeURIComponent(id)}` : "#/";
  }

  /** Show a handout of the lesson; the server renders it if it is not current. */
  async look(handout) {
    this.handout = handout;
    for (const tab of document.querySelectorAll("[data-handout]")) {
      tab.setAttribute("aria-selected", String(tab.dataset.handout === handout));
    }
    await this.refreshLesson();
  }

  async refreshLesson() {
    if (!this.lesson) return;
    const answer = await post("/api/view", { lesson: this.lesson, handout: this.handout });
    if (!answer.ok) {
      const status = document.getElementById("render-status");
      status.textContent = [answer.error, answer.hint].filter(Boolean).join(" — ");
      status.dataset.kind = "failed";
      return;
    }
    this.update(answer.data);
  }

  update(state) {
    // Answers and events may cross on the way: a state older than one shown is dropped.
    if (state.lesson !== this.lesson || state.revision < (this.revisions[state.lesson] || 0)) return;
    this.revisions[state.lesson] = state.revision;
    showLesson(state, this.handout);
    this.sourcePane.showTargets(state);
  }

  /** Read the library again (a source or lesson was added or saved) and offer its sources. */
  async refreshSources() {
    const answer = await get("/api/workspace");
    if (!answer.ok) return;
    this.workspace = answer.data;
    const shown = this.sourcePane.source;
    await this.sourcePane.show(shown ? shown.id : this.quotedBy(this.lesson, answer.data.sources), answer.data.sources);
  }

  listen() {
    const connection = document.getElementById("connection");
    const events = new EventSource("/api/events");
    events.addEventListener("open", () => {
      connection.textContent = "";
      connection.dataset.kind = "ok";
      this.refreshLesson(); // anything missed while away
    });
    events.addEventListener("error", () => {
      connection.textContent = "Not connected to the studio: is it still running? (lessonpress studio)";
      connection.dataset.kind = "failed";
    });
    events.addEventListener("lesson", (event) => this.update(JSON.parse(event.data)));
    events.addEventListener("library", (event) => {
      const changed = JSON.parse(event.data).changed;
      if (!this.lesson) showLibrary(this);
      else this.refreshSources();
      const source = this.sourcePane.source;
      if (source && changed.some((p) => p.endsWith(`sources/${source.id}.md`))) this.sourcePane.reload();
    });
  }
}

window.studio = new App();
