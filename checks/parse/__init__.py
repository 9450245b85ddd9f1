"""The parsed Document: front matter, blocks, sections, prose with source positions.

``document`` is the way in (``parse``, ``read_document``, ``decode_and_parse`` and the model
that checks import). The parser is a few small passes over one shared state (``state``), as
markdown-it's rules are:

- ``read``: bytes to text (size, binary, UTF-16/32, UTF-8 with or without BOM)
- ``frontmatter``: the YAML front matter with its safe loader; its title and description as prose
- ``blocks``: the token stream once: lists, quotes, table cells, footnotes; ``sections``: headings
  open and close sections
- ``inline``: inline content to prose, each character aligned with its source offset
  (``positions`` finds each content line in its source line, ``tables`` each cell in its row)
- ``rawhtml``: comments and the text of raw HTML blocks as prose
- ``prose``: a run of characters cleaned, trimmed and added to the Document and its section
- ``model``: Document, Section, Prose, Sentence, Link, Image, Comment; ``sentences``: splitting
"""
