"""Vocabulary: LP701 (each term occurs in what students read and answer)."""

from __future__ import annotations

from lessonpress.checks.subject import Subject
from lessonpress.errors import Problems
from lessonpress.model.spec import Lesson
from lessonpress.quotes.wordbank import occurs


def check(subject: Subject, problems: Problems) -> None:
    """LP701, on the documents as students read them and the questions."""
    found = subject.document_texts()
    if found is None:  # a document's source is unknown: too little to go on
        return
    documents, languages = found
    lesson = subject.lesson
    questions = [lesson.compelling_question]
    questions += [q.text for pair in lesson.pairs for q in pair.questions]
    questions += [q.text for q in lesson.discussion]
    _vocabulary(lesson, documents + questions, {subject.language, *languages}, problems)


def _vocabulary(lesson: Lesson, texts: list[str], languages: set[str], problems: Problems) -> None:
    """LP701, matching terms as the word bank does, by the rules of the lesson's languages."""
    joined = " \n ".join(texts)
    for entry in lesson.vocabulary:
        if not occurs(entry.term, joined, languages):
            problems.warning_at(
                entry.at,
                "term",
                f"'{entry.term}' occurs in no excerpt, source note or question",
                "remove the term, or ask a question that uses it",
                code="LP701",
            )
