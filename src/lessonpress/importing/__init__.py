"""``lessonpress import``: a source file from a saved web page, a PDF, a Word file or a URL.

One module per format turns a document into an :class:`~.document.Extracted` value (its
paragraphs, word for word, and the metadata it states); :mod:`.run` picks the format and
:mod:`.writer` writes ``content/sources/<id>.md``. Only :mod:`.fetch` touches the network,
and only when a URL is given. Heavy libraries (trafilatura, pdfplumber, python-docx) are
loaded by the function that uses them, so the rest of lessonpress starts quickly.
"""
