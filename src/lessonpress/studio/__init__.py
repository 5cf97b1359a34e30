"""``lessonpress studio``: a lesson's handout beside its file, and quotes picked by selection.

A front-end, like the command line: it stands on the public API (``import lessonpress``)
and on nothing beneath it (an import-linter contract keeps it so). Its parts:

- ``command``: the click command, registered by the command line;
- ``server``: the Starlette application and its routes, served by uvicorn on 127.0.0.1;
- ``guard``: every request's checks (access token, Host, Origin);
- ``engine``: watches the workspace and renders the lesson being looked at on warm
  workers, the handout on screen first, publishing each new state as a server-sent event;
- ``pages``: PDF pages as PNG images (PDFium);
- ``static/``: the page itself, plain HTML, CSS and ES modules (no build step, nothing
  fetched from elsewhere).
"""
